package netshell.trace.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import netshell.core.IpFamily;

/**
 * For a node with iptables and no nft: the rules that send the probe and its answers to {@code TRACE}, in table raw,
 * first on PREROUTING and OUTPUT (before conntrack), in iptables for IPv4 packets and in ip6tables for IPv6 ones. They
 * match what {@link Probe#matches} matches: the probe's own packets in its family's table (its source port either way,
 * or the ICMP echo by the address), and inside VXLAN, with {@code -m u32}, in the table of the tunnel's outer family
 * (its underlay's), whatever the inner family. u32 counts from the network header: over IPv4 {@code 0>>22&0x3C@} skips
 * the header's own length to the outer UDP header; over IPv6 the UDP header is at 40, after the fixed header, as long
 * as the next header is UDP ({@code 6>>24=17}: a tunnel packet carries no extension header). Each rule carries the
 * comment {@link Probe#table()}, by which the events and the rules are known.
 *
 * <p>The ip6tables rules use no match that iptables-nft turns into its own port or ICMPv6 payload expressions
 * ({@code -m tcp --sport}, {@code -m icmp6}): xtables-monitor of iptables 1.8.9 cannot print such an IPv6 rule and
 * stops at it, so the probe's own rules use {@code -m multiport} and {@code -m u32}, which it prints, and are written
 * as ip6tables-save writes them.
 */
public record TraceRules(Probe probe) {
    /** Where the inner IP header starts, in bytes from the outer UDP header: UDP 8 + VXLAN 8 + Ethernet 14. */
    private static final int INNER = 30;
    /** The outer UDP header over IPv6: after the fixed 40-byte header. */
    private static final int UDP6 = 40;
    /** Over IPv4, u32's way to the outer UDP header: the IPv4 header's length, from its first byte. */
    private static final String SKIP4 = "0>>22&0x3C@";

    /** The families with a rule for this probe: its own, and its VXLAN underlays' (IPv4 first). */
    public List<IpFamily> families() {
        return List.of(IpFamily.V4, IpFamily.V6).stream().filter(f -> !rules(f).isEmpty()).toList();
    }

    /**
     * The families a node marks: those with a rule, IPv6 only where the probe is IPv6 or the node's own VXLAN runs
     * over IPv6 (elsewhere no IPv6 packet of the probe crosses it, and its ip6tables were not read).
     */
    public List<IpFamily> familiesOn(boolean ipv6Underlay) {
        return families().stream().filter(f -> f == IpFamily.V4 || probe.family() == IpFamily.V6 || ipv6Underlay)
                .toList();
    }

    /** The rules of one family (chain, then the words of the rule), PREROUTING's then OUTPUT's. */
    public List<List<String>> rules(IpFamily family) {
        List<List<String>> specs = new ArrayList<>();
        if (probe.family() == family) specs.addAll(family == IpFamily.V4 ? plain4() : plain6());
        if (probe.underlays().contains(family)) {
            for (int port : probe.vxlanPorts()) specs.addAll(family == IpFamily.V4 ? tunnel4(port) : tunnel6(port));
        }
        List<List<String>> out = new ArrayList<>();
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            for (List<String> spec : specs) {
                List<String> rule = new ArrayList<>(List.of(chain));
                rule.addAll(spec);
                rule.addAll(List.of("-m", "comment", "--comment", probe.table(), "-j", "TRACE"));
                out.add(List.copyOf(rule));
            }
        }
        return out;
    }

    /**
     * {@code iptables-restore --noflush} (or ip6tables-restore) input that inserts a family's rules as rule 1 of their
     * chains ({@code insert}) or deletes them: one transaction either way, so they are all there or none is.
     */
    public String script(IpFamily family, boolean insert) {
        StringBuilder sb = new StringBuilder("*raw\n");
        List<List<String>> rules = new ArrayList<>(rules(family));
        if (insert) Collections.reverse(rules); // each goes in first: reversed, they keep their order
        for (List<String> rule : rules) {
            sb.append(insert ? "-I " + rule.get(0) + " 1 " : "-D " + rule.get(0) + " ")
                    .append(String.join(" ", rule.subList(1, rule.size()))).append('\n');
        }
        return sb.append("COMMIT\n").toString();
    }

    /**
     * Restore input that makes a chain named {@link Probe#table()} in raw and deletes it again in the same
     * transaction: nothing stays, and {@code xtables-monitor --event} echoes both (it is listening).
     */
    public String echoScript() {
        return "*raw\n:" + probe.table() + " - [0:0]\n-X " + probe.table() + "\nCOMMIT\n";
    }

    /** The family's tool: iptables or ip6tables (its -save and -restore are named after it). */
    public static String tool(IpFamily family) {
        return family == IpFamily.V6 ? "ip6tables" : "iptables";
    }

    private boolean icmp() { return probe.proto().equals("icmp"); }

    /** The probe in iptables: its port either way, or icmp by the address. */
    private List<List<String>> plain4() {
        if (icmp()) return List.of(List.of("-p", "icmp", "-d", probe.to()), List.of("-p", "icmp", "-s", probe.to()));
        String p = probe.proto();
        String sport = String.valueOf(probe.sport());
        return List.of(List.of("-p", p, "-m", p, "--sport", sport), List.of("-p", p, "-m", p, "--dport", sport));
    }

    /** The probe in ip6tables: its port either way, or the ICMPv6 echo request to TO and its reply. */
    private List<List<String>> plain6() {
        if (icmp()) {
            String at = String.valueOf(UDP6); // the ICMPv6 header follows the fixed header, as the UDP header does
            return List.of(
                    List.of("-d", probe.to() + "/128", "-p", "ipv6-icmp", "-m", "u32", "--u32", "6>>24=58&&" + at
                            + ">>24=128"),
                    List.of("-s", probe.to() + "/128", "-p", "ipv6-icmp", "-m", "u32", "--u32", "6>>24=58&&" + at
                            + ">>24=129"));
        }
        String p = probe.proto();
        String sport = String.valueOf(probe.sport());
        return List.of(List.of("-p", p, "-m", "multiport", "--sports", sport),
                List.of("-p", p, "-m", "multiport", "--dports", sport));
    }

    /** Inside VXLAN over IPv4: u32 from the outer UDP header, found past the IPv4 header's own length. */
    private List<List<String>> tunnel4(int port) {
        List<String> outer = List.of("-p", "udp", "-m", "udp", "--dport", String.valueOf(port), "-m", "u32", "--u32");
        return inner(0, SKIP4).stream().map(test -> concat(outer, test)).toList();
    }

    /** Inside VXLAN over IPv6: u32 from the outer UDP header at 40, UDP being the fixed header's next header. */
    private List<List<String>> tunnel6(int port) {
        List<String> outer = List.of("-p", "udp", "-m", "multiport", "--dports", String.valueOf(port), "-m", "u32",
                "--u32");
        return inner(UDP6, "").stream().map(test -> concat(outer, "6>>24=17&&" + test)).toList();
    }

    /**
     * The u32 tests of the inner packet, request then answer, each at {@code at} + its offset from the outer UDP
     * header, every location written after {@code skip} (the way to that header over IPv4, none over IPv6).
     */
    private List<String> inner(int at, String skip) {
        boolean v6 = probe.family() == IpFamily.V6;
        int ip = at + INNER;
        // The protocol (IPv4, byte 9: the low byte of the word at 6) or next header (IPv6, byte 6: the high byte).
        String proto = v6 ? skip + (ip + 6) + ">>24=" + protocol() : skip + (ip + 6) + "&0xFF=" + protocol();
        if (icmp() && v6) {
            int type = ip + 40;
            return List.of(proto + "&&" + skip + type + ">>24=128&&" + words(skip, ip + 24),
                    proto + "&&" + skip + type + ">>24=129&&" + words(skip, ip + 8));
        }
        if (icmp())
            return List.of(proto + "&&" + skip + (ip + 12) + "=" + Probe.hex(probe.to()),
                    proto + "&&" + skip + (ip + 16) + "=" + Probe.hex(probe.to()));
        int ports = ip + (v6 ? 40 : 20);
        return List.of(proto + "&&" + skip + ports + ">>16=" + probe.sport(),
                proto + "&&" + skip + ports + "&0xFFFF=" + probe.sport());
    }

    /** The probe's 128-bit destination compared as u32 can: four 32-bit words from {@code offset}. */
    private String words(String skip, int offset) {
        String hex = Probe.hex(probe.to()).substring(2);
        List<String> w = new ArrayList<>();
        for (int i = 0; i < 4; i++) w.add(skip + (offset + 4 * i) + "=0x" + hex.substring(8 * i, 8 * i + 8));
        return String.join("&&", w);
    }

    private int protocol() {
        return switch (probe.proto()) {
            case "icmp" -> probe.family() == IpFamily.V6 ? 58 : 1;
            case "tcp" -> 6;
            default -> 17;
        };
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> out = new ArrayList<>(head);
        out.add(last);
        return out;
    }
}
