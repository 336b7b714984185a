package netshell.capture.decode;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * VXLAN over an IPv6 underlay (vxlan create --ipv6 in a lab, captured with tcpdump -l -nn -e on eth1): the outer
 * header is IPv6, the inner frames are ARP, IPv4 and IPv6 (with and without extension headers).
 */
class TcpdumpLine6Test {
    private final List<Packet> packets = TcpdumpLineTest.capture("vxlan6-eth1.txt");

    @Test
    void everyPacketIsVxlanBetweenIpv6Vteps() {
        assertEquals(7, packets.size());
        for (Packet p : packets) {
            assertEquals(Integer.valueOf(600), p.vni(), p.raw());
            assertTrue(List.of("fd56::a", "fd56::b").contains(p.outerSrc()), p.outerSrc());
            assertTrue(List.of("fd56::a", "fd56::b").contains(p.outerDst()), p.outerDst());
            assertNotEquals(p.outerSrc(), p.outerDst());
        }
    }

    @Test
    void innerFramesOfEachFamily() {
        assertEquals(List.of("ARP", "ICMP", "ICMP6", "ICMP6", "ICMP6", "ICMP6", "TCP"),
                packets.stream().map(Packet::protocol).toList());
        Packet v4 = packets.get(1);
        assertEquals("10.60.0.1", v4.innerSrc());
        assertEquals("10.60.0.2", v4.innerDst());
        Packet mld = packets.get(2);
        assertEquals("fe80::b0c8:3eff:fe43:8b0c", mld.innerSrc());
        assertEquals("ff02::16", mld.innerDst());
        Packet echo = packets.get(4);
        assertEquals(new Packet("13:45:58.846567", "fd56::a", "fd56::b", 600, "fd00:60::1", "fd00:60::2", "ICMP6",
                "ICMP6, echo request, id 2537, seq 1, length 64", echo.raw()), echo);
        Packet syn = packets.get(6);
        assertEquals("fd00:60::1.41016", syn.innerSrc());
        assertEquals("fd00:60::2.8060", syn.innerDst());
        assertTrue(syn.summary().startsWith("Flags [S]"), syn.summary());
    }
}
