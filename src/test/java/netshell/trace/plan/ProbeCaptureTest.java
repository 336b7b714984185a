package netshell.trace.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.capture.decode.PcapReader;

/** The probe's packets of several nodes as one pcapng stream: an interface each, packets merged in time order. */
class ProbeCaptureTest {
    private static final PcapReader.Header ETHERNET = new PcapReader.Header(ByteOrder.LITTLE_ENDIAN, true, 262144, 1);

    @Test
    void interfacesFirstThenEveryPacketInTimeOrder() {
        List<ProbeCapture.Interface> in = List.of(
                new ProbeCapture.Interface("node1:eth1", ETHERNET, List.of(packet(100), packet(300))),
                new ProbeCapture.Interface("node2:eth1", ETHERNET, List.of(packet(200))),
                new ProbeCapture.Interface("node3:eth1", null, List.of()));
        List<byte[]> written = ProbeCapture.pcapng(in, 4789);
        ByteBuffer b = ByteBuffer.allocate(written.stream().mapToInt(x -> x.length).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        written.forEach(b::put);
        b.flip();
        List<String> blocks = new ArrayList<>();
        while (b.remaining() > 0) {
            int start = b.position();
            int type = b.getInt();
            int length = b.getInt();
            if (type == 6) { // enhanced packet: interface, then the time's high and low words
                int id = b.getInt();
                long time = (long) b.getInt() << 32 | (b.getInt() & 0xffffffffL);
                blocks.add("packet " + id + " @" + time);
            } else {
                blocks.add(type == 0x0A0D0D0A ? "section" : type == 1 ? "interface" : "block " + type);
            }
            b.position(start + length);
        }
        assertEquals(List.of("section", "interface", "interface", "packet 0 @100", "packet 1 @200", "packet 0 @300"),
                blocks);
        assertEquals(3, ProbeCapture.count(in));
    }

    private static PcapReader.Record packet(long time) {
        return new PcapReader.Record(time, 60, new byte[60]);
    }
}
