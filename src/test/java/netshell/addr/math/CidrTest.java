package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import netshell.core.BadInput;

class CidrTest {

    @Test
    void keepsTheGivenAddressButComparesByNetwork() {
        Cidr given = Cidr.parse("10.0.0.1/24");
        assertEquals("10.0.0.1", given.address());
        assertEquals("10.0.0.1/24", given.asGiven());
        assertEquals("10.0.0.0/24", given.toString());
        assertFalse(given.isNormalized());
        assertEquals(Cidr.parse("10.0.0.0/24"), given);
        assertEquals(Cidr.parse("10.0.0.0/24").hashCode(), given.hashCode());
        assertEquals("10.0.0.0", given.normalized().address());
        assertTrue(given.normalized().isNormalized());
        assertNotEquals(Cidr.parse("10.0.0.0/25"), given);
    }

    @Test
    void bareAddressIsASlash32() {
        Cidr host = Cidr.parse("192.168.56.10");
        assertEquals(32, host.prefix());
        assertEquals("192.168.56.10/32", host.toString());
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                | empty address",
            "/24               | /24: missing address before '/'",
            "10.0.0.0/         | 10.0.0.0/: missing prefix length after '/'",
            "10.0.0.0/33       | 10.0.0.0/33: prefix length must be 0..32",
            "10.0.0.0/-1       | 10.0.0.0/-1: prefix length must be 0..32",
            "10.0.0.0/+8       | 10.0.0.0/+8: prefix length must be 0..32",
            "10.0.0.0/024      | 10.0.0.0/024: prefix length must be 0..32",
            "10.0.0.0/99999999999999999999 | 10.0.0.0/99999999999999999999: prefix length must be 0..32",
            "10.0.0.0/24/8     | 10.0.0.0/24/8: more than one '/'",
            "10.0.0.256/24     | 10.0.0.256/24: octet 256 is out of range 0..255",
            "10.0.0/24         | 10.0.0/24: an IPv4 address has four octets",
            "abc               | abc: not an IPv4 address",
            "abc/24            | abc/24: not an IPv4 address",
            "'10.0.0.0 /24'    | \"10.0.0.0 /24\": not an IPv4 address (spaces are not allowed)",
    })
    void rejectsWithOneClearLine(String input, String message) {
        assertEquals(message, assertThrows(BadInput.class, () -> Cidr.parse(input)).getMessage());
    }

    @Test
    void containsIncludesNetworkAndBroadcastAndWorksForSlash0() {
        Cidr half = Cidr.parse("10.0.0.0/25");
        assertTrue(half.contains("10.0.0.0"));
        assertTrue(half.contains("10.0.0.127"));
        assertFalse(half.contains("10.0.0.128"));
        assertFalse(half.contains("9.255.255.255"));
        // commons-net's isInRange answers false for 0.0.0.0 in 0.0.0.0/0; ours must not.
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertTrue(all.contains("0.0.0.0"));
        assertTrue(all.contains("255.255.255.255"));
        assertTrue(all.contains("128.0.0.0"));
        assertTrue(Cidr.parse("10.0.0.5/32").contains("10.0.0.5"));
        assertFalse(Cidr.parse("10.0.0.5/32").contains("10.0.0.4"));
        assertThrows(BadInput.class, () -> half.contains("10.0.0.300"));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
            "10.0.0.0/24,   10.0.0.128/25, true",
            "10.0.0.128/25, 10.0.0.0/24,   true",
            "10.0.0.0/25,   10.0.0.128/25, false",
            "10.0.0.0/24,   10.0.1.0/24,   false",
            "0.0.0.0/0,     203.0.113.9,   true",
            "10.0.0.7,      10.0.0.7/32,   true",
            "10.0.0.7,      10.0.0.6/31,   true",
            "10.0.0.8,      10.0.0.6/31,   false",
            "128.0.0.0/1,   127.255.255.255, false",
    })
    void overlapsIsSymmetric(String a, String b, boolean expected) {
        assertEquals(expected, Cidr.parse(a).overlaps(Cidr.parse(b)));
        assertEquals(expected, Cidr.parse(b).overlaps(Cidr.parse(a)));
    }

    @Test
    void containsAnotherBlockOnlyWhenItFitsEntirely() {
        assertTrue(Cidr.parse("10.0.0.0/24").contains(Cidr.parse("10.0.0.128/25")));
        assertFalse(Cidr.parse("10.0.0.128/25").contains(Cidr.parse("10.0.0.0/24")));
        assertTrue(Cidr.parse("10.0.0.0/24").contains(Cidr.parse("10.0.0.0/24")));
    }

    @Test
    void splitsIntoEqualBlocksInOrder() {
        assertEquals(List.of(Cidr.parse("10.0.0.0/26"), Cidr.parse("10.0.0.64/26"), Cidr.parse("10.0.0.128/26"),
                Cidr.parse("10.0.0.192/26")), Cidr.parse("10.0.0.1/24").split(4));
        assertEquals(List.of(Cidr.parse("10.0.0.0/24")), Cidr.parse("10.0.0.0/24").split(1));
        assertEquals("[0.0.0.0/1, 128.0.0.0/1]", Cidr.parse("0.0.0.0/0").split(2).toString());
        assertEquals("[10.0.0.0/32, 10.0.0.1/32]", Cidr.parse("10.0.0.0/31").split(2).toString());
        assertEquals("[255.255.255.252/31, 255.255.255.254/31]",
                Cidr.parse("255.255.255.252/30").split(2).toString());
        assertEquals(Cidr.parse("10.0.0.0/24").split(8), Cidr.parse("10.0.0.0/24").splitToPrefix(27));
        assertEquals(256, Cidr.parse("10.0.0.0/24").splitToPrefix(32).size());
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/24 | 3  | 3 is not a power of two",
            "10.0.0.0/24 | 6  | 6 is not a power of two",
            "10.0.0.0/24 | 0  | 0 parts: N must be a power of two ≥ 1",
            "10.0.0.0/24 | -2 | -2 parts: N must be a power of two ≥ 1",
            "10.0.0.0/31 | 4  | 10.0.0.0/31 cannot be split into 4 parts (a /33 does not exist)",
            "10.0.0.9/32 | 2  | 10.0.0.9/32 cannot be split into 2 parts (a /33 does not exist)",
            "10.0.0.0/8  | 131072 | 10.0.0.0/8 in /25 blocks gives 131072 parts; at most 65536 at a time",
    })
    void splitRejects(String cidr, int parts, String message) {
        assertEquals(message, assertThrows(BadInput.class, () -> Cidr.parse(cidr).split(parts)).getMessage());
    }

    @Test
    void splitToPrefixRejects() {
        Cidr block = Cidr.parse("10.0.0.0/24");
        assertEquals("10.0.0.0/24 cannot be split into /23 blocks: a /23 is larger than a /24",
                assertThrows(BadInput.class, () -> block.splitToPrefix(23)).getMessage());
        assertEquals("/33: prefix length must be 0..32",
                assertThrows(BadInput.class, () -> block.splitToPrefix(33)).getMessage());
        assertEquals("/-1: prefix length must be 0..32",
                assertThrows(BadInput.class, () -> block.splitToPrefix(-1)).getMessage());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "4 | 4", "1 | 1", "0 | 0", "-8 | -8", "0008 | 8", "2147483647 | 2147483647",
    })
    void parsePartsReadsWholeNumbers(String text, int expected) {
        assertEquals(expected, Cidr.parseParts(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                   | missing number of parts",
            "abc                  | abc: N must be a whole number (a power of two ≥ 1)",
            "+4                   | +4: N must be a whole number (a power of two ≥ 1)",
            "-                    | -: N must be a whole number (a power of two ≥ 1)",
            "4.0                  | 4.0: N must be a whole number (a power of two ≥ 1)",
            "2147483648           | 2147483648: too large for a number of parts (at most 65536)",
            "99999999999999999999 | 99999999999999999999: too large for a number of parts (at most 65536)",
    })
    void parsePartsRejects(String text, String message) {
        assertEquals(message, assertThrows(BadInput.class, () -> Cidr.parseParts(text)).getMessage());
    }

    @Test
    void parsePrefixTakesOptionalSlash() {
        assertEquals(26, Cidr.parsePrefix("/26"));
        assertEquals(0, Cidr.parsePrefix("0"));
        assertEquals("/33: prefix length must be 0..32",
                assertThrows(BadInput.class, () -> Cidr.parsePrefix("/33")).getMessage());
        assertEquals("missing prefix length", assertThrows(BadInput.class, () -> Cidr.parsePrefix("/")).getMessage());
    }

    @Test
    void addressAtCountsFromTheNetwork() {
        Cidr block = Cidr.parse("10.0.0.77/24");
        assertEquals("10.0.0.0", block.addressAt(0));
        assertEquals("10.0.0.255", block.addressAt(255));
        assertEquals("255.255.255.255", Cidr.parse("0.0.0.0/0").addressAt(4294967295L));
        assertEquals("offset 256 is outside 10.0.0.0/24 (0..255)",
                assertThrows(BadInput.class, () -> block.addressAt(256)).getMessage());
        assertEquals("offset -1 is outside 10.0.0.0/24 (0..255)",
                assertThrows(BadInput.class, () -> block.addressAt(-1)).getMessage());
    }

    /** Every derived value against plain long arithmetic, over random blocks of every length. */
    @Test
    void agreesWithArithmeticOnRandomBlocks() {
        Random random = new Random(20240611);
        for (int i = 0; i < 5000; i++) {
            int address = random.nextInt();
            int prefix = i % 33;
            Cidr block = Cidr.parse(Ipv4.format(address) + "/" + prefix);
            long size = 1L << (32 - prefix);
            long network = Ipv4.toLong(address) / size * size;
            long broadcast = network + size - 1;
            String label = block.asGiven();
            assertEquals(Ipv4.format((int) network), block.network(), label);
            assertEquals(Ipv4.format((int) broadcast), block.broadcast(), label);
            assertEquals(Ipv4.format((int) (0xFFFFFFFFL - (size - 1))), block.netmask(), label);
            assertEquals(Ipv4.format((int) (size - 1)), block.wildcard(), label);
            assertEquals(size, block.total(), label);
            long usable = prefix == 32 ? 1 : prefix == 31 ? 2 : size - 2;
            assertEquals(usable, block.usable(), label);
            long first = prefix >= 31 ? network : network + 1;
            long last = prefix >= 31 ? broadcast : broadcast - 1;
            assertEquals(Ipv4.format((int) first), block.first(), label);
            assertEquals(Ipv4.format((int) last), block.last(), label);
            assertTrue(block.contains(Ipv4.format((int) network)), label);
            assertTrue(block.contains(Ipv4.format((int) broadcast)), label);
            if (network > 0) assertFalse(block.contains(Ipv4.format((int) (network - 1))), label);
            if (broadcast < 0xFFFFFFFFL) assertFalse(block.contains(Ipv4.format((int) (broadcast + 1))), label);
        }
    }
}
