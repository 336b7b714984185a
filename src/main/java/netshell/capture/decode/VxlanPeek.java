package netshell.capture.decode;

import java.util.Optional;

/**
 * The VXLAN header of a captured outer packet, read from its bytes: link layer (Ethernet with or without VLAN
 * tags, Linux cooked v1 and v2, raw IP), IPv4 or IPv6, UDP to the VXLAN port, then the VNI and the carried
 * frame's endpoints (IP addresses, else MACs) and protocol. What a merged capture writes as a packet comment.
 */
public record VxlanPeek(int vni, String innerSrc, String innerDst, String innerProtocol) {
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final int ETHER_IPV4 = 0x0800;
    private static final int ETHER_IPV6 = 0x86DD;
    private static final int ETHER_ARP = 0x0806;
    private static final int UDP = 17;
    private static final int VXLAN_HEADER = 8;
    /** The I flag: the VNI field is valid. */
    private static final int VNI_VALID = 0x08;

    /** "VXLAN VNI 100: 10.0.0.65 > 10.0.0.129 ICMP" */
    public String comment() {
        return "VXLAN VNI " + vni + ": " + innerSrc + " > " + innerDst
                + (innerProtocol == null ? "" : " " + innerProtocol);
    }

    /** The VXLAN header of {@code frame} when it is a VXLAN packet to UDP {@code port}; empty otherwise. */
    public static Optional<VxlanPeek> of(int linkType, byte[] frame, int port) {
        Bytes b = new Bytes(frame);
        int[] l3 = networkLayer(linkType, b); // {ethertype, offset}
        if (l3 == null) return Optional.empty();
        int udp = transportOffset(b, l3[0], l3[1]);
        if (udp < 0 || !b.has(udp, 8 + VXLAN_HEADER) || b.u16(udp + 2) != port) return Optional.empty();
        int vxlan = udp + 8;
        if ((b.u8(vxlan) & VNI_VALID) == 0) return Optional.empty();
        int vni = b.u16(vxlan + 4) << 8 | b.u8(vxlan + 6);
        return Optional.of(inner(vni, b, vxlan + VXLAN_HEADER));
    }

    /** The carried Ethernet frame's endpoints: IP addresses (and protocol) for IP, ARP's addresses, else MACs. */
    private static VxlanPeek inner(int vni, Bytes b, int eth) {
        if (!b.has(eth, 14)) return new VxlanPeek(vni, "?", "?", null);
        int[] l3 = ethernet(b, eth);
        if (l3 != null && l3[0] == ETHER_IPV4 && b.has(l3[1], 20))
            return new VxlanPeek(vni, b.ipv4(l3[1] + 12), b.ipv4(l3[1] + 16), protocol(b.u8(l3[1] + 9)));
        if (l3 != null && l3[0] == ETHER_IPV6 && b.has(l3[1], 40))
            return new VxlanPeek(vni, b.ipv6(l3[1] + 8), b.ipv6(l3[1] + 24), protocol(b.u8(l3[1] + 6)));
        if (l3 != null && l3[0] == ETHER_ARP && b.has(l3[1], 28))
            return new VxlanPeek(vni, b.ipv4(l3[1] + 14), b.ipv4(l3[1] + 24), "ARP");
        return new VxlanPeek(vni, b.mac(eth + 6), b.mac(eth), null);
    }

    private static String protocol(int number) {
        return switch (number) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "ICMPv6";
            default -> "IP proto " + number;
        };
    }

    /** {ethertype, offset of the network header}, or null for a link type or frame this does not read. */
    private static int[] networkLayer(int linkType, Bytes b) {
        return switch (linkType) {
            case LINKTYPE_ETHERNET -> ethernet(b, 0);
            case LINKTYPE_LINUX_SLL -> b.has(0, 16) ? new int[]{b.u16(14), 16} : null;
            case LINKTYPE_LINUX_SLL2 -> b.has(0, 20) ? new int[]{b.u16(0), 20} : null;
            case LINKTYPE_RAW, 12 -> b.has(0, 1)
                    ? new int[]{(b.u8(0) >> 4) == 6 ? ETHER_IPV6 : ETHER_IPV4, 0}
                    : null;
            default -> null;
        };
    }

    /** An Ethernet header at {@code at}, past any 802.1Q / 802.1ad tags. */
    private static int[] ethernet(Bytes b, int at) {
        int type = at + 12;
        while (b.has(type, 2) && (b.u16(type) == 0x8100 || b.u16(type) == 0x88A8)) type += 4;
        return b.has(type, 2) ? new int[]{b.u16(type), type + 2} : null;
    }

    /** The UDP header's offset, or -1: not UDP, or a later fragment (which has no UDP header). */
    private static int transportOffset(Bytes b, int ethertype, int ip) {
        if (ethertype == ETHER_IPV4 && b.has(ip, 20) && b.u8(ip) >> 4 == 4) {
            boolean laterFragment = (b.u16(ip + 6) & 0x1FFF) != 0;
            return b.u8(ip + 9) == UDP && !laterFragment ? ip + (b.u8(ip) & 0x0F) * 4 : -1;
        }
        if (ethertype == ETHER_IPV6 && b.has(ip, 40) && b.u8(ip) >> 4 == 6)
            return b.u8(ip + 6) == UDP ? ip + 40 : -1; // the kernel's VXLAN sends no extension headers
        return -1;
    }

    /** Bounds-checked big-endian reads of a frame. */
    private record Bytes(byte[] a) {
        boolean has(int at, int length) { return at >= 0 && at + length <= a.length; }

        int u8(int at) { return a[at] & 0xFF; }

        int u16(int at) { return u8(at) << 8 | u8(at + 1); }

        String mac(int at) {
            StringBuilder s = new StringBuilder(17);
            for (int i = 0; i < 6; i++) {
                if (i > 0) s.append(':');
                s.append(Character.forDigit(u8(at + i) >> 4, 16)).append(Character.forDigit(u8(at + i) & 0xF, 16));
            }
            return s.toString();
        }

        String ipv4(int at) { return u8(at) + "." + u8(at + 1) + "." + u8(at + 2) + "." + u8(at + 3); }

        /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
        String ipv6(int at) {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) g[i] = u16(at + 2 * i);
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < 8;) {
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j == i ? i + 1 : j;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    s.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
                s.append(Integer.toHexString(g[i]));
            }
            return s.toString();
        }
    }
}
