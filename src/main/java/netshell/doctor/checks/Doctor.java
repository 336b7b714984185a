package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import netshell.lb.rules.IptablesSave;

/** Runs every check over what was read from the nodes: pure, so each check is tested on captured state. */
public final class Doctor {
    private Doctor() {}

    public static List<Finding> check(List<NodeFacts> nodes) { return check(nodes, Map.of()); }

    /** Every check, with the cause checks over what else was read from each node ({@link CauseFacts}). */
    public static List<Finding> check(List<NodeFacts> nodes, Map<String, CauseFacts> causes) {
        return check(nodes, causes, Map.of());
    }

    /** As above, with the counter checks over each node's two reads of its drop counters ({@link CounterFacts}). */
    public static List<Finding> check(List<NodeFacts> nodes, Map<String, CauseFacts> causes,
            Map<String, CounterFacts> counters) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> addressOf = new LinkedHashMap<>();
        nodes.forEach(f -> addressOf.put(f.node(), f.address()));
        for (NodeFacts f : nodes) {
            out.addAll(HostChecks.tools(f));
            out.addAll(HostChecks.privileges(f));
            out.addAll(HostChecks.forwarding(f, VxlanChecks.on(f) || hasLb(f)));
            out.addAll(Ipv6Checks.forwarding(f));
            out.addAll(Ipv6Checks.duplicateAddressDetection(f));
        }
        for (NodeFacts f : nodes) out.addAll(HostChecks.underlay(f, addressOf));
        List<Finding> overlay = VxlanChecks.run(nodes);
        out.addAll(overlay);
        out.addAll(AddressChecks.run(nodes));
        out.addAll(DockerChecks.run(nodes));
        List<Finding> cause = causes.isEmpty() ? List.of() : CauseChecks.run(nodes, causes);
        if (!counters.isEmpty()) cause = CounterChecks.run(nodes, causes, counters, cause);
        out.removeIf(CauseChecks.explainedBy(cause, nodes));
        out.addAll(cause);
        boolean overlayBroken = overlay.stream().anyMatch(Finding::failed)
                || cause.stream().anyMatch(x -> x.failed() && CauseChecks.BREAK_OVERLAY.contains(x.check()))
                || out.stream().anyMatch(x -> x.failed() && x.check().equals("underlay"));
        for (NodeFacts f : nodes) {
            try {
                out.addAll(LbChecks.run(f, overlayBroken));
            } catch (RuntimeException e) {
                out.add(Finding.warn("lb-chains", f.node(),
                        "could not read iptables-save on " + f.node() + ": " + e.getMessage(), ""));
            }
            out.addAll(ipv6Lb(f, overlayBroken));
        }
        return out;
    }

    /**
     * The same load-balancer checks over ip6tables-save for IPv6 VIPs: the rules have the IPv4 layout, so the
     * checks are the IPv4 ones, named with "-v6" and with fixes for ip6tables.
     */
    static List<Finding> ipv6Lb(NodeFacts f, boolean overlayBroken) {
        if (f.ip6() == null || !f.ip6().lb() || f.ip6().save() == null) return List.of();
        NodeFacts v6 = new NodeFacts(f.node(), f.address(), f.underlay(), f.tools(), f.uid(), f.sudo(),
                f.ip6().forwarding(), f.state(), f.ip6().save(), f.peerReach(), f.backendReach(), f.containers());
        try {
            return LbChecks.run(v6, overlayBroken).stream().map(x -> new Finding(x.check() + "-v6", x.node(),
                    x.status(), x.explanation(), x.fix().replaceAll("\\biptables\\b", "ip6tables"))).toList();
        } catch (RuntimeException e) {
            return List.of(Finding.warn("lb-chains-v6", f.node(),
                    "could not read ip6tables-save on " + f.node() + ": " + e.getMessage(), ""));
        }
    }

    /** Backend addresses the load balancer on this node sends to: the command pings these. */
    public static List<String> backendsToProbe(String iptablesSave) {
        if (iptablesSave == null) return List.of();
        try {
            return LbChecks.backends(IptablesSave.parse(iptablesSave));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static boolean hasLb(NodeFacts f) {
        try {
            return f.iptablesSave() != null && LbChecks.present(IptablesSave.parse(f.iptablesSave()));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
