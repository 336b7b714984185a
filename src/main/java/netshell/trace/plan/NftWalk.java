package netshell.trace.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Walks one of nftables' base chains for one packet, as the kernel does: each rule's expressions left to right (a
 * match that fails ends the rule), verdicts accept, drop, reject, jump and goto into a chain of the same table and
 * back, return and continue, a verdict map by the packet's key, and {@code dnat}, {@code snat} and
 * {@code masquerade}, which end a nat chain; the chain's policy at its end. A random number ({@code numgen random mod
 * N}) forks the walk, so a VIP gives one outcome per backend with its share, as a {@code -m statistic} ladder does in
 * {@link Netfilter}. Outcomes are {@link Netfilter.Outcome}s, so a phase names an nft rule as it names an iptables one:
 * "nft inet userfw forward rule 2: ip daddr 10.0.0.129 drop # handle 10". A match it cannot judge without a packet is
 * counted as not matching and named in {@link Netfilter.Outcome#undecided}, as Netfilter does.
 */
final class NftWalk {
    /** Statements that neither match nor decide: the walk goes on after them. */
    private static final Set<String> NO_VERDICT = Set.of("counter", "log", "mangle", "notrack", "ct helper",
            "ct timeout", "ct expectation", "set", "flow", "queue", "dup", "meter", "secmark", "xt");
    /** Statements that match some packets and not others, by state no ruleset shows (a rate, a quota). */
    private static final Set<String> STATEFUL_MATCH = Set.of("limit", "quota", "last", "connlimit");
    private static final int MAX_DEPTH = 32;
    private static final double NONE = 1e-12;

    private final NftRuleset rs;
    private final NftRuleset.Chain base;
    private final NftEval eval;
    private final List<String> undecided = new ArrayList<>();

    private NftWalk(NftRuleset rs, NftRuleset.Chain base, Flow f, String family) {
        this.rs = rs;
        this.base = base;
        this.eval = new NftEval(rs, family, base.where(), f);
    }

    /**
     * Every way the packet can leave base chain {@code base} (one, unless a random number forks it), for a packet of
     * {@code family} ({@code ip} or {@code ip6}).
     */
    static List<Netfilter.Outcome> walk(NftRuleset rs, NftRuleset.Chain base, Flow f, String family) {
        return new NftWalk(rs, base, f, family).walk();
    }

    private List<Netfilter.Outcome> walk() {
        Map<String, Netfilter.Outcome> merged = new LinkedHashMap<>();
        for (Partial p : chain(base.name(), 1.0, 0)) {
            Netfilter.Outcome o = p.outcome != null
                    ? p.outcome
                    : new Netfilter.Outcome(base.policy().toUpperCase(Locale.ROOT), null, "nft " + base.where(),
                            base.name(), null, p.probability, List.of());
            // One outcome per rule and verdict: shares of the same way add up.
            String key = o.action() + " " + (o.rule() == null ? "policy" : o.rule().line()) + " " + o.to();
            merged.merge(key, o, (a, b) -> with(a, a.probability() + b.probability()));
        }
        List<String> all = List.copyOf(undecided);
        return merged.values().stream().map(o -> new Netfilter.Outcome(o.action(), o.rule(), o.table(), o.chain(),
                o.to(), o.probability(), all)).toList();
    }

    private static Netfilter.Outcome with(Netfilter.Outcome o, double p) {
        return new Netfilter.Outcome(o.action(), o.rule(), o.table(), o.chain(), o.to(), p, o.undecided());
    }

    /** A share of packets that ended with an outcome, or left the chain (fell off its end, or returned). */
    private record Partial(Netfilter.Outcome outcome, double probability) {}

    /** How one rule ends for a share of packets: "on" (no match, or no verdict), or a verdict and its target. */
    private record End(String kind, String target, double p) {}

    private List<Partial> chain(String name, double p, int depth) {
        if (depth > MAX_DEPTH) return List.of(new Partial(null, p));
        List<NftRuleset.Rule> rules = rs.rules(base.family(), base.table(), name);
        List<Partial> out = new ArrayList<>();
        double on = p;
        for (int i = 0; i < rules.size() && on > NONE; i++) {
            NftRuleset.Rule r = rules.get(i);
            List<End> ends = new ArrayList<>();
            rule(r, on, ends);
            double next = 0;
            for (End e : ends) {
                switch (e.kind) {
                    case "on" -> next += e.p;
                    case "RETURN" -> out.add(new Partial(null, e.p));
                    case "JUMP", "GOTO" -> {
                        if (rs.chain(base.family(), base.table(), e.target) == null) {
                            undecided.add(where(r) + ": chain " + e.target + " is not in the ruleset read; the walk"
                                    + " goes on");
                            next += e.p;
                            continue;
                        }
                        for (Partial q : chain(e.target, e.p, depth + 1)) {
                            if (q.outcome != null) out.add(q);
                            // Back from a jump, the walk goes on after it; back from a goto, this chain returns too.
                            else if (e.kind.equals("JUMP")) next += q.probability;
                            else
                                out.add(q);
                        }
                    }
                    default -> out.add(new Partial(outcome(r, e.kind, e.target, e.p), e.p));
                }
            }
            on = next;
        }
        if (on > NONE) out.add(new Partial(null, on));
        return out;
    }

    private Netfilter.Outcome outcome(NftRuleset.Rule r, String action, String to, double p) {
        String table = "nft " + base.where();
        Ruleset.Rule named = new Ruleset.Rule(table, r.chain(), r.position(), List.of(), r.text() + " # handle "
                + r.handle());
        return new Netfilter.Outcome(action, named, table, r.chain(), to, p, List.of());
    }

    /** "nft inet userfw forward rule 3": how undecided lines name a rule. */
    private String where(NftRuleset.Rule r) {
        return "nft " + base.where() + " " + r.chain() + " rule " + r.position();
    }

    /** The ends of rule {@code r} for a share {@code p} of packets, added to {@code out}. */
    private void rule(NftRuleset.Rule r, double p, List<End> out) {
        List<Object> expr = r.expr();
        for (int k = 0; k < expr.size(); k++) {
            if (!(expr.get(k) instanceof Map<?, ?> m) || m.size() != 1) continue;
            String key = String.valueOf(m.keySet().iterator().next());
            Object body = m.values().iterator().next();
            Map<?, ?> o = body instanceof Map<?, ?> map ? map : Map.of();
            switch (key) {
                case "match" -> {
                    double yes = share(o);
                    if (Double.isNaN(yes)) {
                        cannotJudge(r, k, NftText.expr(o.get("left")));
                        out.add(new End("on", null, p));
                        return;
                    }
                    if (yes < 1) out.add(new End("on", null, p * (1 - yes)));
                    p *= yes;
                    if (p <= NONE) return;
                }
                case "vmap" -> {
                    vmap(r, k, o, p, out);
                    return;
                }
                case "accept", "drop", "continue", "return", "jump", "goto" -> {
                    out.add(verdict(m, p));
                    return;
                }
                case "reject" -> {
                    out.add(new End("REJECT", null, p));
                    return;
                }
                case "masquerade" -> {
                    out.add(new End("MASQUERADE", null, p));
                    return;
                }
                case "dnat", "snat" -> {
                    nat(r, k, key.toUpperCase(Locale.ROOT), o, p, out);
                    return;
                }
                default -> {
                    if (STATEFUL_MATCH.contains(key)) {
                        cannotJudge(r, k, NftText.statement(m));
                        out.add(new End("on", null, p));
                        return;
                    }
                    if (!NO_VERDICT.contains(key))
                        undecided.add("statement '" + NftText.statement(m) + "' of " + where(r)
                                + " is not simulated; the walk goes on");
                }
            }
        }
        out.add(new End("on", null, p));
    }

    /** The share of packets a match holds for; NaN when it cannot be judged. */
    private double share(Map<?, ?> match) {
        double yes = 0;
        for (NftEval.Alt left : eval.values(match.get("left"))) {
            double h = eval.holds(left.value(), String.valueOf(match.get("op")), match.get("right"));
            if (Double.isNaN(h)) return h;
            yes += left.p() * h;
        }
        return Math.min(1, yes);
    }

    /**
     * A match that cannot be judged counts as not matching; it is named as undecided only if no later match of the
     * rule fails anyway.
     */
    private void cannotJudge(NftRuleset.Rule r, int k, String what) {
        for (int j = k + 1; j < r.expr().size(); j++) {
            if (r.expr().get(j) instanceof Map<?, ?> m && m.get("match") instanceof Map<?, ?> later
                    && share(later) == 0)
                return;
        }
        undecided.add(where(r) + ": cannot judge '" + what + "' without a packet; counted as not matching");
    }

    private void vmap(NftRuleset.Rule r, int k, Map<?, ?> o, double p, List<End> out) {
        for (NftEval.Alt key : eval.values(o.get("key"))) {
            if (key.value() instanceof NftEval.Unknown u) {
                cannotJudge(r, k, u.what());
                out.add(new End("on", null, p * key.p()));
                continue;
            }
            if (key.value() == NftEval.ABSENT) {
                out.add(new End("on", null, p * key.p()));
                continue;
            }
            for (NftEval.Alt hit : eval.lookup(key.value(), o.get("data"))) {
                double q = p * key.p() * hit.p();
                out.add(NftEval.verdict(hit.value()) ? verdict((Map<?, ?>) hit.value(), q) : new End("on", null, q));
            }
        }
    }

    private static End verdict(Map<?, ?> v, double p) {
        String key = String.valueOf(v.keySet().iterator().next());
        Object body = v.values().iterator().next();
        String target = body instanceof Map<?, ?> t ? String.valueOf(t.get("target")) : null;
        return switch (key) {
            case "accept" -> new End("ACCEPT", null, p);
            case "drop" -> new End("DROP", null, p);
            case "return" -> new End("RETURN", null, p);
            case "jump" -> new End("JUMP", target, p);
            case "goto" -> new End("GOTO", target, p);
            default -> new End("on", null, p);
        };
    }

    /** dnat or snat: one end per address a map gives (a random pick among backends), written "addr:port". */
    private void nat(NftRuleset.Rule r, int k, String kind, Map<?, ?> o, double p, List<End> out) {
        List<NftEval.Alt> addrs = o.get("addr") == null
                ? List.of(new NftEval.Alt(null, 1.0))
                : eval.values(o.get("addr"));
        for (NftEval.Alt a : addrs) {
            double q = p * a.p();
            if (a.value() == NftEval.ABSENT) {
                out.add(new End("on", null, q));
            } else if (a.value() instanceof NftEval.Unknown u) {
                undecided.add(where(r) + ": cannot judge the " + kind + " target '" + u.what() + "' without a packet;"
                        + " the walk goes on");
                out.add(new End("on", null, q));
            } else {
                out.add(new End(kind, target(a.value(), o.get("port")), q));
            }
        }
    }

    /** "10.0.0.65:80" (an IPv6 address in brackets before a port), from an address, or a map's address . port. */
    private static String target(Object addr, Object port) {
        Object a = addr;
        Object pt = port == null ? null : NftText.expr(port);
        if (addr instanceof List<?> concat && concat.size() == 2) {
            a = concat.get(0);
            pt = NftEval.text(concat.get(1));
        }
        String host = a == null ? "" : NftEval.text(a);
        if (pt == null) return host;
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + pt;
    }
}
