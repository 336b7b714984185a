package netshell.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import netshell.capture.decode.PcapngBlocks;

/** Two nodes' pcap streams merged into one pcapng: interfaces in order of arrival, packets in time order. */
class PcapngCaptureTest {
    static final String HEADER = "4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000"; // LE, nanoseconds
    static final String VXLAN_FRAME = "020000000002 020000000001 0800 4500 0062 0000 4000 4011 0000 c0a8380a c0a8380b"
            + " d431 12b5 004e 0000 08000000 00006400 0a0000000002 0a0000000001 0800"
            + " 4500 0054 1234 4000 4001 0000 0a000041 0a000081";

    /** A pcap record header: seconds, nanoseconds, captured and original length, little-endian. */
    static byte[] record(int seconds, int nanos, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(seconds).putInt(nanos).putInt(data.length).putInt(data.length).put(data).array();
    }

    @Test
    void laterNodesEarlierPacketGoesFirstAndVxlanIsCommented() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngCapture capture = new PcapngCapture(out, true, 4789, () -> {});
        var node1 = capture.feed("node1:eth1");
        var node2 = capture.feed("node2:eth1");
        byte[] frame = hex(VXLAN_FRAME);
        node1.accept(hex(HEADER));
        node1.accept(record(2, 0, frame));
        byte[] node2Bytes = concat(hex(HEADER), record(1, 500, frame));
        node2.accept(Arrays.copyOf(node2Bytes, 30)); // cut mid-record: waits for the rest
        node2.accept(Arrays.copyOfRange(node2Bytes, 30, node2Bytes.length));
        assertEquals(Map.of("node1:eth1", 1, "node2:eth1", 1), capture.finish());

        byte[] expected = concat(PcapngBlocks.sectionHeader("netshell"),
                PcapngBlocks.interfaceDescription(1, 262144, "node1:eth1"),
                PcapngBlocks.interfaceDescription(1, 262144, "node2:eth1"),
                PcapngBlocks.enhancedPacket(1, 1_000_000_500L, frame, frame.length,
                        "VXLAN VNI 100: 10.0.0.65 > 10.0.0.129 ICMP"),
                PcapngBlocks.enhancedPacket(0, 2_000_000_000L, frame, frame.length,
                        "VXLAN VNI 100: 10.0.0.65 > 10.0.0.129 ICMP"));
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(Map.of("node1:eth1", 1, "node2:eth1", 1), capture.finish(), "finishing twice is harmless");
    }

    @Test
    void aNodeWhoseBytesAreNotPcapIsAnErrorAndTheOthersGoOn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngCapture capture = new PcapngCapture(out, true, null, () -> {});
        var good = capture.feed("node1:eth1");
        var bad = capture.feed("node2:eth1");
        bad.accept("tcpdump: unrecognized option\n".repeat(2).getBytes(StandardCharsets.UTF_8));
        good.accept(concat(hex(HEADER), record(1, 0, hex("deadbeef"))));
        capture.finish();
        assertTrue(bad.error().startsWith("not a pcap stream"), bad.error());
        assertEquals(null, good.error());
        assertTrue(new String(out.toByteArray(), StandardCharsets.ISO_8859_1).contains("node1:eth1"));
    }

    @Test
    void aFailedWriteStopsTheCaptureAndIsReported() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        List<Integer> writes = new ArrayList<>();
        OutputStream brokenPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException { write(new byte[]{(byte) b}, 0, 1); }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.add(len);
                if (writes.size() > 1) throw new IOException("Broken pipe");
            }
        };
        PcapngCapture capture = new PcapngCapture(brokenPipe, false, null, stopped::countDown);
        capture.feed("node1:eth1").accept(concat(hex(HEADER), record(1, 0, hex("deadbeef"))));
        assertTrue(stopped.await(5, TimeUnit.SECONDS), "the nodes are told to stop");
        var e = assertThrows(IOException.class, capture::finish);
        assertEquals("Broken pipe", e.getMessage());
    }

    static byte[] hex(String s) { return HexFormat.of().parseHex(s.replace(" ", "")); }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }
}
