package netshell.capture.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The libpcap reader and the pcapng blocks, against bytes written out by hand from the two formats' specs. */
class PcapFormatsTest {
    static byte[] hex(String s) { return HexFormat.of().parseHex(s.replaceAll("[\\s|]", "")); }

    /** tcpdump -w - on a little-endian machine with --time-stamp-precision=nano: magic a1b23c4d, written LE. */
    static final String NANO_LE_HEADER = "4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000";
    /** ts 1700000000 s + 123456789 ns, 4 of 60 bytes captured, then 4 bytes. */
    static final String NANO_LE_RECORD = "00f15365 15cd5b07 04000000 3c000000 deadbeef";

    @Test
    void readsLittleEndianNanosecondRecordsAcrossChunkBoundaries() {
        byte[] stream = hex(NANO_LE_HEADER + NANO_LE_RECORD + NANO_LE_RECORD);
        // Fed a byte at a time, as the worst pipe would deliver it: the same two records, whole.
        PcapReader reader = new PcapReader();
        List<PcapReader.Record> records = new ArrayList<>();
        for (byte b : stream) records.addAll(reader.feed(new byte[]{b}));
        assertEquals(new PcapReader.Header(ByteOrder.LITTLE_ENDIAN, true, 262144, 1), reader.header());
        assertEquals(2, records.size());
        PcapReader.Record r = records.get(0);
        assertEquals(1_700_000_000_123_456_789L, r.timeNanos());
        assertEquals(60, r.originalLength());
        assertArrayEquals(hex("deadbeef"), r.data());
        assertEquals(0, reader.pending());
    }

    @Test
    void readsBigEndianMicrosecondsAndHoldsACutRecord() {
        String header = "a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000071"; // LINUX_SLL, snaplen 65535
        String record = "6553f100 0001e240 00000002 00000002 abcd"; // 123456 µs
        PcapReader reader = new PcapReader();
        List<PcapReader.Record> records = reader.feed(hex(header + record + "6553f100 0001e2"));
        assertEquals(new PcapReader.Header(ByteOrder.BIG_ENDIAN, false, 65535, 113), reader.header());
        assertEquals(1, records.size());
        assertEquals(1_700_000_000_123_456_000L, records.get(0).timeNanos());
        assertEquals(7, reader.pending(), "the cut record waits, it is never handed out");
    }

    @Test
    void otherMagicsAreTheirOrders() {
        PcapReader le = new PcapReader();
        le.feed(hex("d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000"));
        assertEquals(new PcapReader.Header(ByteOrder.LITTLE_ENDIAN, false, 262144, 1), le.header());
        PcapReader be = new PcapReader();
        be.feed(hex("a1b23c4d 0002 0004 00000000 00000000 00040000 00000114"));
        assertEquals(new PcapReader.Header(ByteOrder.BIG_ENDIAN, true, 262144, 276), be.header());
        assertNull(new PcapReader().header());
    }

    @Test
    void refusesWhatIsNotPcap() {
        // pcapng (what a newer tcpdump could be asked for) or text on stdout is not a pcap stream.
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PcapReader().feed(hex("0a0d0d0a 1c000000 4d3c2b1a 01000000 ffffffff ffffffff")));
        assertEquals("not a pcap stream (magic 0x0a0d0d0a)", e.getMessage());
        PcapReader corrupt = new PcapReader();
        var big = assertThrows(IllegalArgumentException.class,
                () -> corrupt.feed(hex(NANO_LE_HEADER + "00f15365 15cd5b07 ffffff7f 3c000000")));
        assertTrue(big.getMessage().contains("corrupt"), big.getMessage());
    }

    @Test
    void sectionHeaderNamesTheApplication() {
        assertArrayEquals(hex("""
                0a0d0d0a 2c000000 | 4d3c2b1a 0100 0000 ffffffffffffffff
                0400 0800 6e657473 68656c6c | 0000 0000 | 2c000000"""), PcapngBlocks.sectionHeader("netshell"));
    }

    @Test
    void interfaceDescriptionHasItsNameAndNanosecondResolution() {
        assertArrayEquals(hex("""
                01000000 30000000 | 0100 0000 00000400
                0200 0a00 6e6f6465313a65746831 0000 | 0900 0100 09 000000 | 0000 0000 | 30000000"""),
                PcapngBlocks.interfaceDescription(1, 262144, "node1:eth1"));
    }

    @Test
    void enhancedPacketPadsDataAndCarriesTheComment() {
        long t = 1_700_000_000_123_456_789L; // 0x17979cfe_3d85cd15 ns
        assertArrayEquals(hex("""
                06000000 38000000 | 01000000 | fe9c9717 15cd853d | 05000000 40000000 | 0102030405 000000
                0100 0600 766e69203130 0000 | 0000 0000 | 38000000"""),
                PcapngBlocks.enhancedPacket(1, t, hex("0102030405"), 64, "vni 10"));
        assertArrayEquals(hex("""
                06000000 24000000 | 00000000 | fe9c9717 15cd853d | 04000000 04000000 | deadbeef | 24000000"""),
                PcapngBlocks.enhancedPacket(0, t, hex("deadbeef"), 4, null), "no options: no end-of-options either");
    }
}
