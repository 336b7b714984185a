package netshell.capture.decode;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.kernel.Resources;

class TcpdumpLineTest {
    static List<Packet> capture(String name) {
        return TcpdumpLine.decode(Resources.read("capture/" + name).lines().toList());
    }

    @Test
    void arpPingAndTcpInsideVxlan() {
        List<Packet> packets = capture("vxlan-eth1.txt");
        assertEquals(26, packets.size(), "tcpdump reported 26 packets captured");
        assertTrue(packets.stream().allMatch(p -> Integer.valueOf(100).equals(p.vni())));
        Packet arp = packets.stream().filter(p -> "ARP".equals(p.protocol())).findFirst().orElseThrow();
        assertEquals(new Packet("05:31:53.184773", "192.168.56.11", "192.168.56.10", 100,
                "12:9c:56:f0:6f:65", "ff:ff:ff:ff:ff:ff", "ARP", "Request who-has 10.0.0.20 tell 10.0.0.2, length 28",
                "05:31:53.184773 2a:0c:76:20:d4:5a > fe:24:bc:76:10:35, ethertype IPv4 (0x0800), length 92:"
                        + " 192.168.56.11.35353 > 192.168.56.10.4789: VXLAN, flags [I] (0x08), vni 100\n"
                        + "12:9c:56:f0:6f:65 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42:"
                        + " Request who-has 10.0.0.20 tell 10.0.0.2, length 28"),
                arp);
        Packet ping = packets.stream().filter(p -> "ICMP".equals(p.protocol())).findFirst().orElseThrow();
        assertEquals("10.0.0.2", ping.innerSrc());
        assertEquals("10.0.0.20", ping.innerDst());
        assertEquals("ICMP echo request, id 4875, seq 1, length 64", ping.summary());
        assertTrue(packets.stream().anyMatch(p -> "ICMP6".equals(p.protocol())), "HBH ICMP6 is ICMP6");
    }

    @Test
    void httpInsideVxlan() {
        List<Packet> packets = capture("vxlan-http-vni100.txt");
        assertEquals(14, packets.size());
        Packet get = packets.stream().filter(p -> p.summary().endsWith("HTTP: GET / HTTP/1.1")).findFirst()
                .orElseThrow();
        assertEquals("TCP", get.protocol());
        assertEquals("10.0.0.2.34550", get.innerSrc());
        assertEquals("10.0.0.20.80", get.innerDst());
        assertEquals("192.168.56.11", get.outerSrc());
    }

    @Test
    void plainLinesHaveNoVni() {
        List<Packet> packets = capture("underlay-plain.txt");
        assertEquals(4, packets.size());
        assertEquals(new Packet("05:32:19.765418", "192.168.56.10", "192.168.56.11", null, null, null, "ICMP",
                "ICMP echo request, id 5070, seq 1, length 64",
                "05:32:19.765418 fe:24:bc:76:10:35 > 2a:0c:76:20:d4:5a, ethertype IPv4 (0x0800), length 98:"
                        + " 192.168.56.10 > 192.168.56.11: ICMP echo request, id 5070, seq 1, length 64"),
                packets.get(2));
        assertEquals("ARP", packets.get(0).protocol());
        assertEquals("fe:24:bc:76:10:35", packets.get(0).outerSrc());
    }

    @Test
    void streamingEmitsOnTheInnerLineAndKeepsGarbageRaw() {
        List<String> lines = Resources.read("capture/vxlan-http-vni100.txt").lines().toList();
        TcpdumpLine decoder = new TcpdumpLine();
        assertEquals(List.of(), decoder.feed(lines.get(0)));
        assertEquals(1, decoder.feed(lines.get(1)).size());
        assertEquals(List.of(), decoder.feed(lines.get(2)));
        List<Packet> out = decoder.feed("tcpdump: pcap_loop: The interface disappeared");
        assertEquals(2, out.size(), "the orphaned outer line is flushed, then the garbage line");
        assertEquals("VXLAN", out.get(0).protocol());
        assertNull(out.get(0).innerSrc());
        assertEquals(new Packet(null, null, null, null, null, null, null, null,
                "tcpdump: pcap_loop: The interface disappeared"), out.get(1));
    }

    @Test
    void filtersAndArgv() {
        assertEquals("(udp[12:4] & 0xffffff00 = 0x00006400 or ip6[52:4] & 0xffffff00 = 0x00006400)",
                TcpdumpLine.vniFilter(100));
        assertEquals("(udp[12:4] & 0xffffff00 = 0xffffff00 or ip6[52:4] & 0xffffff00 = 0xffffff00)",
                TcpdumpLine.vniFilter(16777215));
        assertEquals(List.of("tcpdump", "-l", "-nn", "-e", "-i", "eth1", "udp port 4789"),
                TcpdumpLine.captureArgv("eth1", 4789, null, null, null));
        assertEquals(List.of("tcpdump", "-l", "-nn", "-e", "-i", "eth1", "-c", "10",
                "udp port 4789 and (udp[12:4] & 0xffffff00 = 0x00006400 or ip6[52:4] & 0xffffff00 = 0x00006400)"
                        + " and (host 192.168.56.11)"),
                TcpdumpLine.captureArgv("eth1", 4789, 100, "host 192.168.56.11", 10));
        assertThrows(BadInput.class, () -> TcpdumpLine.vniFilter(0));
        assertThrows(BadInput.class, () -> TcpdumpLine.captureArgv("eth 1", 4789, null, null, null));
        assertThrows(BadInput.class, () -> TcpdumpLine.captureArgv("eth1", 4789, null, null, 0));
        assertEquals("fe80::1", TcpdumpLine.host("fe80::1.4789"));
        assertEquals("10.0.0.1", TcpdumpLine.host("10.0.0.1"));
    }
}
