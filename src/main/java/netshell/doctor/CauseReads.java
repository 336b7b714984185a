package netshell.doctor;

import java.util.List;

import netshell.command.NodeLibrary;
import netshell.doctor.checks.CauseFacts;
import netshell.node.ExecResult;

/**
 * What the cause checks read from a node, in doctor's one batch: sysctls, conntrack, the other iptables, nft, the
 * routes.
 */
final class CauseReads {
    private CauseReads() {}

    /** The iptables back end plain iptables uses, then the other back end's rules ("*table" and "-A" lines). */
    private static final String OTHER_IPTABLES = "v=$(iptables -V 2>/dev/null) || exit 0\n"
            + "case $v in *nf_tables*) echo nf_tables; o=iptables-legacy-save ;; *) echo legacy; o=iptables-nft-save ;;"
            + " esac\n"
            + "command -v \"$o\" >/dev/null 2>&1 && \"$o\" 2>/dev/null | grep -E '^([*]|-A )'; exit 0";

    static final List<List<String>> READS = List.of(
            List.of("sh", "-c",
                    "grep -H . /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/route_localnet"),
            List.of("cat", "/proc/sys/net/netfilter/nf_conntrack_count", "/proc/sys/net/netfilter/nf_conntrack_max"),
            List.of("sh", "-c", OTHER_IPTABLES),
            NodeLibrary
                    .command("d=$(mktemp -d) || exit 1; ns_nft \"$d\"; cat \"$d\"/nft.* 2>/dev/null; rm -rf \"$d\""),
            List.of("ip", "-j", "-4", "route", "show"));

    /**
     * The drop counters (/proc/net/snmp, /proc/net/netstat: what {@code nstat -az} prints; conntrack's statistics,
     * what {@code conntrack -S} prints), read with the first batch and again with the pings: two reads a doctor run
     * apart, each in a round trip doctor makes anyway. Read from /proc, so no tool is needed.
     */
    static final List<String> COUNTERS = List.of("sh", "-c", "cat /proc/net/snmp /proc/net/netstat 2>/dev/null;"
            + " cat /proc/net/stat/nf_conntrack 2>/dev/null; exit 0");

    /** The facts from the results of {@link #READS}, in their order; {@code save} is doctor's own iptables read. */
    static CauseFacts parse(List<ExecResult> r, String save) {
        ExecResult conf = r.get(0);
        String confText = conf.stdout();
        boolean confRead = !confText.isBlank();
        Long count = null;
        Long max = null;
        List<String> ct = r.get(1).stdout().lines().map(String::strip).toList();
        if (r.get(1).ok() && ct.size() == 2 && ct.get(0).matches("\\d+") && ct.get(1).matches("\\d+")) {
            count = Long.valueOf(ct.get(0));
            max = Long.valueOf(ct.get(1));
        }
        List<String> other = r.get(2).stdout().lines().toList();
        String mode = other.isEmpty() ? null : other.get(0).strip();
        if (mode != null && !mode.equals("nf_tables") && !mode.equals("legacy")) mode = null;
        Integer own = save == null ? null : (int) save.lines().filter(l -> l.startsWith("-A ")).count();
        return new CauseFacts(confRead ? CauseFacts.parseConf(confText, "rp_filter") : null,
                confRead ? CauseFacts.parseConf(confText, "route_localnet") : null, count, max, mode,
                mode == null ? null : CauseFacts.ruleLines(String.join("\n", other.subList(1, other.size()))), own,
                r.get(3).ok() ? r.get(3).stdout() : null, r.size() > 4 && r.get(4).ok() ? r.get(4).stdout() : null);
    }
}
