package netshell.trace.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import netshell.capture.decode.PcapReader;
import netshell.capture.decode.PcapngBlocks;
import netshell.capture.decode.VxlanPeek;

/**
 * The probe's packets as every node captured them, as one pcapng file for Wireshark: an interface per node and
 * device ("node1:eth1"), the packets of all of them in time order with nanosecond timestamps, a VXLAN packet's VNI and
 * inner addresses as its comment.
 */
public final class ProbeCapture {
    /** One node's capture: its interface's name, the pcap header tcpdump wrote, and the packets. */
    public record Interface(String name, PcapReader.Header header, List<PcapReader.Record> packets) {
        public Interface {
            packets = List.copyOf(packets);
        }
    }

    private record Packet(int interfaceId, PcapReader.Record record, int linkType) {}

    private ProbeCapture() {}

    /** The pcapng blocks, to be written in order; interfaces without a header (no capture ran) are left out. */
    public static List<byte[]> pcapng(List<Interface> interfaces, int vxlanPort) {
        List<byte[]> out = new ArrayList<>();
        out.add(PcapngBlocks.sectionHeader("netshell trace"));
        List<Packet> packets = new ArrayList<>();
        int id = 0;
        for (Interface i : interfaces) {
            if (i.header() == null) continue;
            out.add(PcapngBlocks.interfaceDescription(i.header().linkType(), i.header().snapLength(), i.name()));
            for (PcapReader.Record r : i.packets()) packets.add(new Packet(id, r, i.header().linkType()));
            id++;
        }
        packets.sort(Comparator.comparingLong(p -> p.record().timeNanos()));
        for (Packet p : packets) {
            String comment = VxlanPeek.of(p.linkType(), p.record().data(), vxlanPort).map(VxlanPeek::comment)
                    .orElse(null);
            out.add(PcapngBlocks.enhancedPacket(p.interfaceId(), p.record().timeNanos(), p.record().data(),
                    p.record().originalLength(), comment));
        }
        return out;
    }

    /** How many packets a file of these interfaces holds. */
    public static int count(List<Interface> interfaces) {
        return interfaces.stream().filter(i -> i.header() != null).mapToInt(i -> i.packets().size()).sum();
    }
}
