package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import inet.ipaddr.IPAddressString;
import netshell.core.IpFamily;
import netshell.kernel.IpText;

/**
 * The one packet a live trace sends, and the text that marks it on every node: an own nft table (a name of its
 * own) whose chains, first on prerouting and output, set {@code meta nftrace} on the probe and its answers only.
 * tcp and udp are known by the probe's source port (chosen per trace), on the wire and inside a VXLAN packet (by
 * the inner header's offset from the outer UDP header: 8 UDP + 8 VXLAN + 14 Ethernet, then the inner IP header of
 * 20 bytes, or IPv6's 40); icmp by the destination's address (and, for IPv6, by the echo types: neighbour
 * solicitations to the same address are not the probe). {@code vxlanPorts} are the UDP ports of the overlay devices
 * read, {@code underlays} the families their packets travel in.
 */
public record Probe(String proto, String to, Integer dport, int sport, int size, String id, Set<Integer> vxlanPorts,
        Set<IpFamily> underlays) {
    public static final String TABLE_PREFIX = "netshell_trace_";
    /** Before conntrack (-200) and iptables' raw table (-300): the mark is set before anything else looks. */
    static final int PRIORITY = -350;
    /** Where the inner IP header starts, in bytes from the outer UDP header: UDP 8 + VXLAN 8 + Ethernet 14. */
    private static final int INNER = 30;

    /** A probe whose VXLAN underlays (if any) are IPv4. */
    public Probe(String proto, String to, Integer dport, int sport, int size, String id, Set<Integer> vxlanPorts) {
        this(proto, to, dport, sport, size, id, vxlanPorts, Set.of(IpFamily.V4));
    }

    public Probe {
        vxlanPorts = Set.copyOf(new TreeSet<>(vxlanPorts));
        underlays = Set.copyOf(underlays);
        if (!id.matches("[0-9a-f]{1,12}")) throw new IllegalArgumentException("probe id: " + id);
        if (!IpText.isAddress(to) || !to.equals(IpText.canonical(to)))
            throw new IllegalArgumentException("probe destination: " + to);
    }

    public String table() { return TABLE_PREFIX + id; }

    /** The probe's own family (its destination's). */
    public IpFamily family() { return IpFamily.of(to); }

    /** The families whose netfilter the probe crosses: its own, and its VXLAN underlays'. */
    public Set<IpFamily> netfilterFamilies() {
        Set<IpFamily> out = new TreeSet<>(underlays);
        out.add(family());
        return out;
    }

    /** {@code nft -f -} input that makes the trace table. */
    public String nftScript() {
        StringBuilder sb = new StringBuilder("table inet " + table() + " {\n");
        for (String[] chain : new String[][]{{"pre", "prerouting"}, {"out", "output"}}) {
            sb.append("  chain ").append(chain[0]).append(" {\n    type filter hook ").append(chain[1])
                    .append(" priority ").append(PRIORITY).append("; policy accept;\n");
            for (String match : matches()) sb.append("    ").append(match).append(" meta nftrace set 1\n");
            sb.append("  }\n");
        }
        return sb.append("}\n").toString();
    }

    /** The argv that removes the trace table (and with it every rule it holds). */
    public List<String> deleteArgv() {
        return List.of("nft", "delete", "table", "inet", table());
    }

    /** The nft matches for the probe and its answers, on the wire and inside VXLAN. */
    List<String> matches() {
        List<String> out = new ArrayList<>();
        boolean icmp = proto.equals("icmp");
        boolean v6 = family() == IpFamily.V6;
        if (icmp && v6) {
            out.add("icmpv6 type echo-request ip6 daddr " + to);
            out.add("icmpv6 type echo-reply ip6 saddr " + to);
        } else if (icmp) {
            out.add("ip protocol icmp ip daddr " + to);
            out.add("ip protocol icmp ip saddr " + to);
        } else {
            out.add("meta l4proto " + proto + " th sport " + sport);
            out.add("meta l4proto " + proto + " th dport " + sport);
        }
        // @th offsets count from the outer UDP header, so they hold over an IPv4 and an IPv6 underlay alike.
        for (int port : vxlanPorts) {
            String outer = "udp dport " + port + " @th," + bits(protocolAt()) + ",8 " + protocolNumber();
            if (icmp && v6) {
                out.add(outer + " @th," + bits(INNER + 40) + ",8 128 @th," + bits(INNER + 24) + ",128 " + hex(to));
                out.add(outer + " @th," + bits(INNER + 40) + ",8 129 @th," + bits(INNER + 8) + ",128 " + hex(to));
            } else if (icmp) {
                out.add(outer + " @th,336,32 " + hex(to));
                out.add(outer + " @th,368,32 " + hex(to));
            } else {
                int ports = INNER + (v6 ? 40 : 20);
                out.add(outer + " @th," + bits(ports) + ",16 " + sport);
                out.add(outer + " @th," + bits(ports + 2) + ",16 " + sport);
            }
        }
        return out;
    }

    /**
     * tcpdump's filter for the probe on an underlay: plain, or inside VXLAN at the same offsets as above. libpcap
     * reads {@code udp[…]} over IPv4 only (it finds IPv4's header length, not IPv6's chain of headers), so over an
     * IPv6 underlay the inner packet is read as {@code ip6[…]} after the fixed 40-byte header.
     */
    public List<String> captureFilter() {
        List<String> parts = new ArrayList<>();
        boolean icmp = proto.equals("icmp");
        boolean v6 = family() == IpFamily.V6;
        if (icmp && v6) {
            // Echo request (128) and reply (129) only: a neighbour solicitation to the same address is not the probe.
            parts.add("(icmp6 and (ip6[40] = 128 or ip6[40] = 129) and host " + to + ")");
        } else {
            parts.add(icmp ? "(icmp and host " + to + ")" : "(" + proto + " port " + sport + ")");
        }
        for (int port : vxlanPorts) {
            if (underlays.contains(IpFamily.V4)) parts.add("(udp dst port " + port + " and " + inner("udp", 0) + ")");
            if (underlays.contains(IpFamily.V6))
                parts.add("(ip6 and ip6[6] = 17 and ip6[42:2] = " + port + " and " + inner("ip6", 40) + ")");
        }
        return List.of(String.join(" or ", parts));
    }

    /**
     * The inner packet's test, at {@code base} + offset in libpcap's {@code header[…]}: the outer UDP header starts at
     * {@code udp[0]}, or at {@code ip6[40]} after IPv6's fixed header.
     */
    private String inner(String header, int base) {
        String at = header + "[" + (base + protocolAt()) + "] = " + protocolNumber();
        boolean v6 = family() == IpFamily.V6;
        if (proto.equals("icmp") && v6) {
            int type = base + INNER + 40;
            return at + " and ((" + header + "[" + type + "] = 128 and " + words(header, base + INNER + 24) + ") or ("
                    + header + "[" + type + "] = 129 and " + words(header, base + INNER + 8) + "))";
        }
        if (proto.equals("icmp"))
            return at + " and (" + header + "[" + (base + 42) + ":4] = " + hex(to) + " or " + header + "["
                    + (base + 46) + ":4] = " + hex(to) + ")";
        int ports = base + INNER + (v6 ? 40 : 20);
        return at + " and (" + header + "[" + ports + ":2] = " + sport + " or " + header + "[" + (ports + 2) + ":2] = "
                + sport + ")";
    }

    /** A 128-bit address compared as libpcap can: four 32-bit words. */
    private String words(String header, int offset) {
        String hex = hex(to).substring(2);
        List<String> w = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            w.add(header + "[" + (offset + 4 * i) + ":4] = 0x" + hex.substring(8 * i, 8 * i + 8));
        return String.join(" and ", w);
    }

    /** The inner header's protocol (IPv4) or next header (IPv6) field, in bytes from the outer UDP header. */
    private int protocolAt() {
        return INNER + (family() == IpFamily.V6 ? 6 : 9);
    }

    private int protocolNumber() {
        return switch (proto) {
            case "icmp" -> family() == IpFamily.V6 ? 58 : 1;
            case "tcp" -> 6;
            default -> 17;
        };
    }

    private static int bits(int bytes) { return bytes * 8; }

    /** Whether a traced packet is the request (going to TO, or from the probe's port) rather than an answer. */
    public boolean request(NftTraceEvent packet) {
        if (proto.equals("icmp")) return !to.equals(packet.saddr());
        String sp = packet.field(proto + " sport");
        return sp != null && sp.equals(String.valueOf(sport));
    }

    /** conntrack's listing of the probe's connection, in its family. */
    public List<String> conntrackArgv() {
        boolean v6 = family() == IpFamily.V6;
        List<String> out = new ArrayList<>(List.of("conntrack", "-L"));
        if (v6) out.addAll(List.of("-f", "ipv6"));
        if (proto.equals("icmp")) out.addAll(List.of("-p", v6 ? "icmpv6" : "icmp", "--orig-dst", to));
        else
            out.addAll(List.of("-p", proto, "--orig-port-src", String.valueOf(sport)));
        return out;
    }

    /** An address as one hexadecimal number ("0x0a000081"; IPv6 in 32 digits). */
    static String hex(String address) {
        if (IpFamily.of(address) == IpFamily.V6)
            return "0x" + new IPAddressString(address).getAddress().toHexString(false);
        long n = 0;
        for (String part : address.split("\\.")) n = n << 8 | Integer.parseInt(part);
        return String.format(Locale.ROOT, "0x%08x", n);
    }
}
