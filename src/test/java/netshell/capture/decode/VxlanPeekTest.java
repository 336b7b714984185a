package netshell.capture.decode;

import static netshell.capture.decode.PcapFormatsTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** VNI and inner endpoints read from outer packet bytes, written out field by field. */
class VxlanPeekTest {
    static final String OUTER_ETHERNET = "020000000002 020000000001 0800";
    static final String OUTER_IPV4 = "4500 0062 0000 4000 4011 0000 c0a8380a c0a8380b"; // 192.168.56.10 > .11, UDP
    static final String UDP_TO_4789 = "d431 12b5 004e 0000";
    static final String VXLAN_VNI_100 = "08000000 00006400";
    static final String INNER_ICMP = "0a0000000002 0a0000000001 0800"
            + "4500 0054 1234 4000 4001 0000 0a000041 0a000081"; // 10.0.0.65 > 10.0.0.129, ICMP

    @Test
    void ipv4UnderlayCarryingIcmp() {
        byte[] frame = hex(OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100 + INNER_ICMP);
        VxlanPeek p = VxlanPeek.of(VxlanPeek.LINKTYPE_ETHERNET, frame, 4789).orElseThrow();
        assertEquals(new VxlanPeek(100, "10.0.0.65", "10.0.0.129", "ICMP"), p);
        assertEquals("VXLAN VNI 100: 10.0.0.65 > 10.0.0.129 ICMP", p.comment());
        assertEquals(Optional.empty(), VxlanPeek.of(VxlanPeek.LINKTYPE_ETHERNET, frame, 8472), "another port");
    }

    @Test
    void ipv6UnderlayCarryingIpv6AndTheLargestVni() {
        String outer6 = "020000000002 020000000001 86dd"
                + "60000000 0058 11 40 fd560000000000000000000000000010 fd560000000000000000000000000011";
        String vxlan = "08000000 ffffff00";
        String inner6 = "0a0000000002 0a0000000001 86dd"
                + "60000000 0040 3a 40 fd000001000000000000000000000002 20010db8000000000001000000000001";
        byte[] frame = hex(outer6 + UDP_TO_4789 + vxlan + inner6);
        assertEquals(Optional.of(new VxlanPeek(16777215, "fd00:1::2", "2001:db8::1:0:0:1", "ICMPv6")),
                VxlanPeek.of(VxlanPeek.LINKTYPE_ETHERNET, frame, 4789));
    }

    @Test
    void vlanTaggedLinuxCookedAndRawLinkLayers() {
        String tail = OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100 + INNER_ICMP;
        VxlanPeek expected = new VxlanPeek(100, "10.0.0.65", "10.0.0.129", "ICMP");
        assertEquals(Optional.of(expected), VxlanPeek.of(1, hex("020000000002 020000000001 8100 0064 0800" + tail),
                4789));
        assertEquals(Optional.of(expected), VxlanPeek.of(VxlanPeek.LINKTYPE_LINUX_SLL2,
                hex("0800 0000 00000003 0001 04 06 020000000001 0000" + tail), 4789));
        assertEquals(Optional.of(expected), VxlanPeek.of(VxlanPeek.LINKTYPE_LINUX_SLL,
                hex("0004 0001 0006 020000000001 0000 0800" + tail), 4789));
        assertEquals(Optional.of(expected), VxlanPeek.of(VxlanPeek.LINKTYPE_RAW, hex(tail), 4789));
    }

    @Test
    void innerArpAndOtherFrames() {
        String arp = "ffffffffffff 0a0000000001 0806 0001 0800 06 04 0001 0a0000000001 0a000041 000000000000 0a000081";
        assertEquals(Optional.of(new VxlanPeek(100, "10.0.0.65", "10.0.0.129", "ARP")), VxlanPeek.of(1,
                hex(OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100 + arp), 4789));
        String lldp = "0180c200000e 0a0000000001 88cc 0000";
        assertEquals(Optional.of(new VxlanPeek(100, "0a:00:00:00:00:01", "01:80:c2:00:00:0e", null)),
                VxlanPeek.of(1, hex(OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100 + lldp), 4789));
    }

    @Test
    void notVxlanIsEmptyNeverAnError() {
        String full = OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100 + INNER_ICMP;
        assertEquals(Optional.empty(),
                VxlanPeek.of(1, hex(OUTER_ETHERNET + OUTER_IPV4 + "d431 0035 004e 0000" + VXLAN_VNI_100), 4789),
                "DNS, not VXLAN");
        assertEquals(Optional.empty(),
                VxlanPeek.of(1, hex(OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + "00000000 00006400"), 4789),
                "the I flag is not set");
        assertEquals(Optional.empty(), VxlanPeek.of(1,
                hex(OUTER_ETHERNET + "4500 0062 0000 2001 4011 0000 c0a8380a c0a8380b" + UDP_TO_4789), 4789),
                "a later fragment has no UDP header");
        for (int cut = 0; cut < 50; cut++) // cut short by the snapshot length: empty or partial, never a crash
            VxlanPeek.of(1, hex(full.replace(" ", "").substring(0, cut * 2)), 4789);
        assertEquals(Optional.of(new VxlanPeek(100, "?", "?", null)),
                VxlanPeek.of(1, hex(OUTER_ETHERNET + OUTER_IPV4 + UDP_TO_4789 + VXLAN_VNI_100), 4789));
        assertEquals(Optional.empty(), VxlanPeek.of(147, hex(full), 4789), "a link type it does not read");
    }
}
