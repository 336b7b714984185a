package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import netshell.kernel.Link;

/**
 * Drops the kernel counts while doctor runs (its two reads of each node's counters): reverse-path filtering
 * (IPReversePathFilter), bad checksums (UdpInCsumErrors, TcpInCsumErrors: a VXLAN device's broken checksum offload,
 * k3s #2013, calico #3145) and conntrack (drop: a full table; insert_failed: a race between two packets of one new
 * flow). Where a cause check already names the fault on the node (rp-filter, conntrack-full), the rising counter
 * is added to that finding's evidence instead of a second finding.
 */
final class CounterChecks {
    static final String RP = "TcpExt.IPReversePathFilter";
    static final String UDP_CSUM = "Udp.InCsumErrors";
    static final String TCP_CSUM = "Tcp.InCsumErrors";
    static final String CT_DROP = "conntrack.drop";
    static final String CT_INSERT_FAILED = "conntrack.insert_failed";

    private CounterChecks() {}

    /** The cause findings, some with a rising counter added to their evidence, then the counter checks' own. */
    static List<Finding> run(List<NodeFacts> nodes, Map<String, CauseFacts> causes, Map<String, CounterFacts> counters,
            List<Finding> cause) {
        List<Finding> merged = new ArrayList<>(cause);
        List<Finding> out = new ArrayList<>();
        for (NodeFacts f : nodes) {
            CounterFacts c = counters.get(f.node());
            if (c == null) continue;
            CauseFacts cf = causes.getOrDefault(f.node(), CauseFacts.none());
            reversePath(f, cf, c, merged).ifPresent(out::add);
            checksums(f, c).ifPresent(out::add);
            conntrack(f, cf, c, merged).ifPresent(out::add);
        }
        merged.addAll(out);
        return merged;
    }

    static Optional<Finding> reversePath(NodeFacts f, CauseFacts cf, CounterFacts c, List<Finding> cause) {
        if (!c.has(RP)) return Optional.empty();
        long rise = c.rise(RP);
        String line = c.line("IPReversePathFilter", RP);
        if (rise == 0)
            return Optional.of(Finding.ok("rp-filter-drops", f.node(), "no packet dropped by reverse-path filtering"
                    + " while doctor ran (" + line + ")"));
        if (addEvidence(cause, "rp-filter", f.node(), "nstat -az TcpExtIPReversePathFilter", line))
            return Optional.empty();
        List<String> evidence = new ArrayList<>(List.of(line));
        List<String> fixes = new ArrayList<>();
        // An interface filters strictly where max(all, its own) is 1 (2, loose, wins); sorted, as the facts' map
        // is not.
        Map<String, Integer> rp = new TreeMap<>(cf.rpFilter() == null ? Map.of() : cf.rpFilter());
        int all = rp.getOrDefault("all", 0);
        if (all == 1) {
            evidence.add("net.ipv4.conf.all.rp_filter = 1");
            fixes.add(Fix.of("sysctl", "-w", "net.ipv4.conf.all.rp_filter=2"));
        }
        rp.forEach((iface, v) -> {
            if (Math.max(all, v) != 1 || iface.equals("all") || iface.equals("default") || iface.equals("lo")) return;
            if (v != 1) return; // strict through conf/all alone: its fix above covers it
            evidence.add("net.ipv4.conf." + iface + ".rp_filter = 1");
            fixes.add(Fix.of("sysctl", "-w", "net.ipv4.conf." + iface + ".rp_filter=2"));
        });
        String why = fixes.isEmpty()
                ? ": reverse-path filtering is loose there, so their sources have no route back at all (add one)"
                : ": their sources are routed back out by another device (asymmetric routing, a source NATed or"
                        + " spoofed), which strict filtering refuses";
        return Optional.of(Finding.fail("rp-filter-drops", f.node(), rise + " packet(s) arriving on " + f.node()
                + " were dropped by reverse-path filtering while doctor ran" + why
                + CauseChecks.evidence("nstat -az TcpExtIPReversePathFilter; sysctl net.ipv4.conf", evidence),
                Fix.all(fixes)));
    }

    static Optional<Finding> checksums(NodeFacts f, CounterFacts c) {
        if (!c.has(UDP_CSUM)) return Optional.empty();
        long rise = c.rise(UDP_CSUM) + c.rise(TCP_CSUM);
        List<String> evidence = new ArrayList<>(List.of(c.line("UdpInCsumErrors", UDP_CSUM)));
        if (c.has(TCP_CSUM)) evidence.add(c.line("TcpInCsumErrors", TCP_CSUM));
        if (rise == 0)
            return Optional.of(Finding.ok("csum-errors", f.node(), "no packet dropped for a bad checksum while"
                    + " doctor ran (" + String.join(", ", evidence) + ")"));
        List<String> vxlan = f.state() == null
                ? List.of()
                : f.state().links().stream().filter(l -> l.isVxlan() && !CauseChecks.external(l)).map(Link::name)
                        .toList();
        return Optional.of(Finding.fail("csum-errors", f.node(), rise + " packet(s) reaching " + f.node()
                + " were dropped for a bad checksum while doctor ran: a VXLAN device whose checksum offload the NIC"
                + " gets wrong (k3s #2013, calico #3145) sends inner packets with broken checksums; pings pass,"
                + " TCP and UDP do not. Turn the offload off on the VXLAN devices of every node"
                + CauseChecks.evidence("nstat -az UdpInCsumErrors TcpInCsumErrors", evidence),
                Fix.all(vxlan.stream().map(d -> Fix.of("ethtool", "-K", d, "tx-checksum-ip-generic", "off"))
                        .toList())));
    }

    static Optional<Finding> conntrack(NodeFacts f, CauseFacts cf, CounterFacts c, List<Finding> cause) {
        if (!c.has(CT_DROP) || !c.has(CT_INSERT_FAILED)) return Optional.empty();
        long drop = c.rise(CT_DROP);
        long failed = c.rise(CT_INSERT_FAILED);
        List<String> evidence = List.of(c.line("drop", CT_DROP), c.line("insert_failed", CT_INSERT_FAILED));
        if (drop == 0 && failed == 0)
            return Optional.of(Finding.ok("conntrack-drops", f.node(), "conntrack dropped no packet while doctor"
                    + " ran (" + String.join(", ", evidence) + ")"));
        String source = "/proc/net/stat/nf_conntrack (conntrack -S)";
        if (drop > 0 && addEvidence(cause, "conntrack-full", f.node(), source, evidence.get(0)))
            return Optional.empty();
        if (drop == 0)
            return Optional.of(Finding.warn("conntrack-drops", f.node(), failed + " packet(s) on " + f.node()
                    + " were dropped while doctor ran because their new conntrack entry lost a race with another"
                    + " packet of the same flow (two UDP packets of one socket at once, as a resolver's A and AAAA"
                    + " queries: kubernetes #56903); resolvers' single-request-reopen avoids it"
                    + CauseChecks.evidence(source, evidence), ""));
        String fix = cf.conntrackMax() == null
                ? ""
                : Fix.of("sysctl", "-w", "net.netfilter.nf_conntrack_max=" + Math.max(262144, cf.conntrackMax() * 4));
        return Optional.of(Finding.fail("conntrack-drops", f.node(), drop + " packet(s) on " + f.node() + " were"
                + " dropped by conntrack while doctor ran: new flows found no room in the table (it filled and"
                + " emptied between reads, or another namespace fills the host's)"
                + CauseChecks.evidence(source, evidence), fix));
    }

    /** Adds "[SOURCE: LINE]" to the failing {@code check} on {@code node}, if there is one; says whether it was. */
    private static boolean addEvidence(List<Finding> cause, String check, String node, String source, String line) {
        for (int i = 0; i < cause.size(); i++) {
            Finding x = cause.get(i);
            if (!x.failed() || !x.check().equals(check) || !x.node().equals(node)) continue;
            cause.set(i, new Finding(x.check(), x.node(), x.status(), x.explanation()
                    + CauseChecks.evidence(source, List.of(line)), x.fix()));
            return true;
        }
        return false;
    }
}
