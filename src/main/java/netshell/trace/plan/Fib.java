package netshell.trace.plan;

import java.util.Comparator;
import java.util.List;

import netshell.core.IpFamily;

/**
 * The kernel's route lookup, done on the rules and routes read from a node: rules in priority order, in each rule's
 * table the longest prefix (then the lowest metric); a table without a match passes on to the next rule. The
 * destination's family picks the rules and routes: each family has its own.
 */
final class Fib {
    /** What a lookup found: the rule that chose the table and the route, or only the rule (an action), or neither. */
    record Hit(PolicyRule rule, RouteEntry route) {
        boolean found() { return route != null || (rule != null && rule.action() != null); }

        /** The route's type, or the rule's action (blackhole, unreachable, prohibit), or "none". */
        String type() {
            return route != null
                    ? route.type()
                    : rule != null && rule.action() != null
                            ? rule.action()
                            : "none";
        }
    }

    private Fib() {}

    static Hit lookup(List<PolicyRule> rules, List<RouteEntry> routes, String dst, String src, String iif,
            long mark) {
        IpFamily family = Ip.family(dst);
        List<PolicyRule> own = rules.stream().filter(r -> r.family() == family).toList();
        List<PolicyRule> effective = !own.isEmpty() ? own : family == IpFamily.V4 ? DEFAULT_RULES : DEFAULT_RULES_6;
        for (PolicyRule r : effective) {
            if (!r.matches(src, dst, iif, mark)) continue;
            if (r.action() != null) {
                if (r.action().equals("goto") || r.action().equals("nop")) continue;
                return new Hit(r, null);
            }
            RouteEntry best = routes.stream().filter(e -> e.family() == family && e.table().equals(r.table())
                    && Ip.contains(e.dst(), dst))
                    .max(Comparator.<RouteEntry>comparingInt(e -> Ip.length(e.dst()))
                            .thenComparing(Comparator.comparingInt(RouteEntry::metric).reversed()))
                    .orElse(null);
            if (best != null) return new Hit(r, best);
        }
        return new Hit(null, null);
    }

    private static final List<PolicyRule> DEFAULT_RULES = List.of(
            new PolicyRule(0, null, null, null, null, null, null, "local", null, false),
            new PolicyRule(32766, null, null, null, null, null, null, "main", null, false),
            new PolicyRule(32767, null, null, null, null, null, null, "default", null, false));

    /** IPv6 has no "default" table rule. */
    private static final List<PolicyRule> DEFAULT_RULES_6 = List.of(
            new PolicyRule(0, null, null, null, null, null, null, "local", null, false, IpFamily.V6),
            new PolicyRule(32766, null, null, null, null, null, null, "main", null, false, IpFamily.V6));
}
