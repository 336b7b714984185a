package netshell.trace.plan;

import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * For a node with iptables and no nft: the rules (chain, then the words of the rule) that send the probe and its
     * answers to iptables {@code TRACE}, in table raw, first on PREROUTING and OUTPUT (before conntrack). They match
     * what {@link #matches} matches: the probe's source port either way, or icmp by the address; inside VXLAN with
     * {@code -m u32} at the same offsets from the outer UDP header ({@code 0>>22&0x3C@} skips the outer IP header).
     * Each carries the comment {@link #table()}, by which the events and the rules are known.
     */
    public List<List<String>> iptablesTraceRules() {
        List<List<String>> specs = new ArrayList<>();
        boolean icmp = proto.equals("icmp");
        if (icmp) {
            specs.add(List.of("-p", "icmp", "-d", to));
            specs.add(List.of("-p", "icmp", "-s", to));
        } else {
            specs.add(List.of("-p", proto, "-m", proto, "--sport", String.valueOf(sport)));
            specs.add(List.of("-p", proto, "-m", proto, "--dport", String.valueOf(sport)));
        }
        String skip = "0>>22&0x3C@";
        for (int port : vxlanPorts) {
            String inner = skip + "36&0xFF=" + (icmp ? 1 : proto.equals("tcp") ? 6 : 17) + "&&" + skip;
            List<String> outer = List.of("-p", "udp", "-m", "udp", "--dport", String.valueOf(port), "-m", "u32",
                    "--u32");
            if (icmp) {
                specs.add(concat(outer, inner + "42=" + hex(to)));
                specs.add(concat(outer, inner + "46=" + hex(to)));
            } else {
                specs.add(concat(outer, inner + "50>>16=" + sport));
                specs.add(concat(outer, inner + "50&0xFFFF=" + sport));
            }
        }
        List<List<String>> out = new ArrayList<>();
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            for (List<String> spec : specs) {
                List<String> rule = new ArrayList<>(List.of(chain));
                rule.addAll(spec);
                rule.addAll(List.of("-m", "comment", "--comment", table(), "-j", "TRACE"));
                out.add(List.copyOf(rule));
            }
        }
        return out;
    }

    /**
     * {@code iptables-restore --noflush} input that inserts the TRACE rules as rule 1 of their chains ({@code insert})
     * or deletes them: one transaction either way, so they are all there or none is.
     */
    public String iptablesTraceScript(boolean insert) {
        StringBuilder sb = new StringBuilder("*raw\n");
        List<List<String>> rules = new ArrayList<>(iptablesTraceRules());
        if (insert) Collections.reverse(rules); // each goes in first: reversed, they keep their order
        for (List<String> rule : rules) {
            sb.append(insert ? "-I " + rule.get(0) + " 1 " : "-D " + rule.get(0) + " ")
                    .append(String.join(" ", rule.subList(1, rule.size()))).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /**
     * {@code iptables-restore --noflush} input that makes a chain named {@link #table()} in raw and deletes it again
     * in the same transaction: nothing stays, and {@code xtables-monitor --event} echoes both (it is listening).
     */
    public String iptablesEchoScript() {
        return "*raw\n:" + table() + " - [0:0]\n-X " + table() + "\nCOMMIT\n";
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> out = new ArrayList<>(head);
        out.add(last);
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
