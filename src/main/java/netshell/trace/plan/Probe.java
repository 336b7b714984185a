package netshell.trace.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one packet a live trace sends, and the text that marks it on every node: an own nft table (a name of its
 * own) whose chains, first on prerouting and output, set {@code meta nftrace} on the probe and its answers only.
 * tcp and udp are known by the probe's source port (chosen per trace), on the wire and inside a VXLAN packet (by
 * the inner header's offset from the outer UDP header: 8 UDP + 8 VXLAN + 14 Ethernet + 20 IP); icmp by the
 * destination's address. {@code vxlanPorts} are the UDP ports of the overlay devices read.
 */
public record Probe(String proto, String to, Integer dport, int sport, int size, String id, Set<Integer> vxlanPorts) {
    public static final String TABLE_PREFIX = "netshell_trace_";
    /** Before conntrack (-200) and iptables' raw table (-300): the mark is set before anything else looks. */
    static final int PRIORITY = -350;

    public Probe {
        vxlanPorts = Set.copyOf(new TreeSet<>(vxlanPorts));
        if (!id.matches("[0-9a-f]{1,12}")) throw new IllegalArgumentException("probe id: " + id);
        if (!V4.isAddress(to)) throw new IllegalArgumentException("probe destination: " + to);
    }

    public String table() { return TABLE_PREFIX + id; }

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
        if (icmp) {
            out.add("ip protocol icmp ip daddr " + to);
            out.add("ip protocol icmp ip saddr " + to);
        } else {
            out.add("meta l4proto " + proto + " th sport " + sport);
            out.add("meta l4proto " + proto + " th dport " + sport);
        }
        for (int port : vxlanPorts) {
            String outer = "udp dport " + port + " @th,312,8 " + (icmp ? 1 : proto.equals("tcp") ? 6 : 17);
            if (icmp) {
                out.add(outer + " @th,336,32 " + hex(to));
                out.add(outer + " @th,368,32 " + hex(to));
            } else {
                out.add(outer + " @th,400,16 " + sport);
                out.add(outer + " @th,416,16 " + sport);
            }
        }
        return out;
    }

    /** tcpdump's filter for the probe on an underlay: plain, or inside VXLAN at the same offsets as above. */
    public List<String> captureFilter() {
        List<String> parts = new ArrayList<>();
        boolean icmp = proto.equals("icmp");
        parts.add(icmp ? "(icmp and host " + to + ")" : "(" + proto + " port " + sport + ")");
        for (int port : vxlanPorts) {
            String inner = icmp
                    ? "udp[39] = 1 and (udp[42:4] = " + hex(to) + " or udp[46:4] = " + hex(to) + ")"
                    : "udp[39] = " + (proto.equals("tcp") ? 6 : 17) + " and (udp[50:2] = " + sport
                            + " or udp[52:2] = " + sport + ")";
            parts.add("(udp dst port " + port + " and " + inner + ")");
        }
        return List.of(String.join(" or ", parts));
    }

    /** Whether a traced packet is the request (going to TO, or from the probe's port) rather than an answer. */
    public boolean request(NftTraceEvent packet) {
        if (proto.equals("icmp")) return !to.equals(packet.field("ip saddr"));
        String sp = packet.field(proto + " sport");
        return sp != null && sp.equals(String.valueOf(sport));
    }

    private static String hex(String v4) {
        long n = 0;
        for (String part : v4.split("\\.")) n = n << 8 | Integer.parseInt(part);
        return String.format(Locale.ROOT, "0x%08x", n);
    }
}
