package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

class SplitDiagramTest {

    @Test
    void slash24InTwo() {
        assertEquals("""
                10.0.0.0/24 in 2 parts of /25 (128 addresses each)
                +-----------------------------------------------+
                |                  10.0.0.0/24                  |
                |              10.0.0.0-10.0.0.255              |
                +-----------------------+-----------------------+
                |      10.0.0.0/25      |     10.0.0.128/25     |
                |  10.0.0.0-10.0.0.127  | 10.0.0.128-10.0.0.255 |
                +-----------------------+-----------------------+
                ^                       ^                       ^
                10.0.0.0                10.0.0.128
                network address      broadcast address 10.0.0.255
                """, SplitDiagram.render(Cidr.parse("10.0.0.0/24"), 2));
    }

    @Test
    void slash24InFour() {
        assertEquals("""
                10.0.0.0/24 in 4 parts of /26 (64 addresses each)
                +-----------------------------------------------------------------------------------------------+
                |                                          10.0.0.0/24                                          |
                |                                      10.0.0.0-10.0.0.255                                      |
                +-----------------------+-----------------------+-----------------------+-----------------------+
                |      10.0.0.0/26      |     10.0.0.64/26      |     10.0.0.128/26     |     10.0.0.192/26     |
                |  10.0.0.0-10.0.0.63   | 10.0.0.64-10.0.0.127  | 10.0.0.128-10.0.0.191 | 10.0.0.192-10.0.0.255 |
                +-----------------------+-----------------------+-----------------------+-----------------------+
                ^                       ^                       ^                       ^                       ^
                10.0.0.0                10.0.0.64               10.0.0.128              10.0.0.192
                network address                                                      broadcast address 10.0.0.255
                """, SplitDiagram.render(Cidr.parse("10.0.0.1/24"), 4));
    }

    @Test
    void eightPartsLeaveOutTheFixedOctetsToStayNarrow() {
        String diagram = SplitDiagram.render(Cidr.parse("10.0.0.0/24"), 8);
        assertTrue(diagram.startsWith("10.0.0.0/24 in 8 parts of /27 (32 addresses each),"
                + " columns leave out the leading 10.0.0.\n"), diagram);
        assertTrue(diagram.contains("|  .224/27  |\n"), diagram);
        assertTrue(diagram.contains("| .224-.255 |\n"), diagram);
    }

    @Test
    void manyPartsBecomeRows() {
        assertEquals("""
                10.0.0.0/28 in 16 parts of /32 (1 address each)
                +---------------------------------------+
                | 10.0.0.0/28  10.0.0.0-10.0.0.15       |
                +---------------------------------------+
                |  0  10.0.0.0/32   10.0.0.0-10.0.0.0   | <- network address 10.0.0.0
                |  1  10.0.0.1/32   10.0.0.1-10.0.0.1   |
                |  2  10.0.0.2/32   10.0.0.2-10.0.0.2   |
                |  3  10.0.0.3/32   10.0.0.3-10.0.0.3   |
                |  4  10.0.0.4/32   10.0.0.4-10.0.0.4   |
                |  5  10.0.0.5/32   10.0.0.5-10.0.0.5   |
                |  6  10.0.0.6/32   10.0.0.6-10.0.0.6   |
                |  7  10.0.0.7/32   10.0.0.7-10.0.0.7   |
                |  8  10.0.0.8/32   10.0.0.8-10.0.0.8   |
                |  9  10.0.0.9/32   10.0.0.9-10.0.0.9   |
                | 10  10.0.0.10/32  10.0.0.10-10.0.0.10 |
                | 11  10.0.0.11/32  10.0.0.11-10.0.0.11 |
                | 12  10.0.0.12/32  10.0.0.12-10.0.0.12 |
                | 13  10.0.0.13/32  10.0.0.13-10.0.0.13 |
                | 14  10.0.0.14/32  10.0.0.14-10.0.0.14 |
                | 15  10.0.0.15/32  10.0.0.15-10.0.0.15 | <- broadcast address 10.0.0.15
                +---------------------------------------+
                """, SplitDiagram.render(Cidr.parse("10.0.0.0/28"), 16));
    }

    /** Up to 8 parts the picture stays within about 100 columns, whatever the block. */
    @Test
    void staysNarrowForEveryBlockAndPartCount() {
        for (String block : new String[]{"0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.100.0/22",
                "255.255.255.0/24", "203.0.113.128/25", "10.0.0.0/29", "10.0.0.4/30", "10.0.0.8/31", "10.0.0.9/32"}) {
            Cidr cidr = Cidr.parse(block);
            for (int parts = 1; parts <= 8 && cidr.prefix() + Integer.numberOfTrailingZeros(parts) <= 32; parts *= 2) {
                String diagram = SplitDiagram.render(cidr, parts);
                for (String line : diagram.split("\n")) {
                    if (line.contains(" in " + parts + " part")) continue; // the title line may be longer
                    int limit = line.contains("<-") ? 140 : SplitDiagram.MAX_WIDTH;
                    assertTrue(line.length() <= limit, block + " in " + parts + ": " + line);
                }
                for (Cidr part : cidr.split(parts)) {
                    assertTrue(diagram.contains(part.network()), block + " in " + parts + " lacks " + part);
                }
                assertTrue(diagram.contains("broadcast address " + cidr.broadcast()), diagram);
            }
        }
    }

    @Test
    void rejectsImpossibleSplits() {
        assertEquals("3 is not a power of two",
                assertThrows(BadInput.class, () -> SplitDiagram.render(Cidr.parse("10.0.0.0/24"), 3)).getMessage());
    }
}
