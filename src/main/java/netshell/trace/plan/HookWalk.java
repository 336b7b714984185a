package netshell.trace.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One netfilter hook (prerouting, input, forward, output, postrouting) as the kernel runs it: every base chain of
 * every table on it, iptables' built-in chains at their fixed priorities (raw -300, mangle -150, nat -100 or 100,
 * filter 0, security 50) and nftables' base chains at theirs, in priority order. An accept ends only its own base
 * chain, a drop ends the packet. nat chains are consulted for a connection's first packet only, all at the nat
 * hook's own priority (-100 before routing, 100 after) in the order of theirs, and the first that translates decides:
 * the chains after it see the translated packet, and no other nat chain of the hook is asked. Chains before
 * conntrack (below -200) see the packet without conntrack state ("ct state invalid").
 */
final class HookWalk {
    /** Which chains of the hook to walk: filter-like ones (filter, route), nat ones, or both. */
    enum Part {
        FILTER, NAT, ALL
    }

    /**
     * A base chain's outcome worth a phase: FILTER or NAT, the outcome (its probability is the way's share), and the
     * command that shows the chain by hand.
     */
    record Step(String phase, Netfilter.Outcome outcome, String command) {}

    /**
     * One way through the hook: the steps shown, the share of packets that take it, and what the walks of its chains
     * could not judge.
     */
    record Path(List<Step> steps, double probability, List<String> undecided) {
        /** The step that dropped the packet, or null. */
        Step drop() {
            return steps.stream().filter(s -> s.outcome().drops()).findFirst().orElse(null);
        }

        /** The step of a translation (DNAT, SNAT, MASQUERADE), or null. */
        Step nat() {
            return steps.stream().filter(s -> NAT_ACTIONS.contains(s.outcome().action())).findFirst().orElse(null);
        }
    }

    private static final Set<String> NAT_ACTIONS = Set.of("DNAT", "SNAT", "MASQUERADE");
    private static final int CONNTRACK = -200;

    /** A base chain on the hook: iptables' (its tool, table and built-in chain) or nftables'. */
    private record Base(String tool, String iptTable, String iptChain, NftRuleset.Chain nft, boolean nat,
            int priority, int order) {}

    /** iptables' built-in chains: table, priority, and the hooks it has a chain on. */
    private record Builtin(String table, int priority, List<String> hooks) {}

    private static final List<Builtin> IPTABLES = List.of(
            new Builtin("raw", -300, List.of("prerouting", "output")),
            new Builtin("mangle", -150, List.of("prerouting", "input", "forward", "output", "postrouting")),
            new Builtin("nat", 0, List.of("prerouting", "input", "output", "postrouting")),
            new Builtin("filter", 0, List.of("input", "forward", "output")),
            new Builtin("security", 50, List.of("input", "forward", "output")));

    private HookWalk() {}

    /**
     * Every way a packet of {@code family} ({@code ip} or {@code ip6}) can cross {@code hook}, through iptables'
     * chains of {@code iptables} and nftables' own of {@code nft}: one, unless a random rule forks it.
     */
    static List<Path> walk(Ruleset iptables, NftRuleset nft, String family, String hook, Flow f, Part part) {
        List<Way> ways = List.of(new Way(new ArrayList<>(), 1.0, f, false, false, new LinkedHashSet<>()));
        for (Base b : chains(iptables, nft, family, hook, part)) {
            List<Way> next = new ArrayList<>();
            for (Way w : ways) {
                if (w.dropped || b.nat && w.translated) {
                    next.add(w);
                    continue;
                }
                Flow seen = b.priority < CONNTRACK && (hook.equals("prerouting") || hook.equals("output"))
                        ? untracked(w.flow)
                        : w.flow;
                List<Netfilter.Outcome> outs = b.nft != null
                        ? NftWalk.walk(nft, b.nft, seen, family)
                        : Netfilter.walk(iptables, b.iptTable, b.iptChain, seen);
                for (Netfilter.Outcome o : outs) next.add(w.then(b, o));
            }
            ways = next;
        }
        return ways.stream().map(w -> new Path(List.copyOf(w.steps), w.p, List.copyOf(w.undecided))).toList();
    }

    /** A way being walked: its steps, share, the packet as the next chain sees it, and whether it ended or NATed. */
    private record Way(List<Step> steps, double p, Flow flow, boolean dropped, boolean translated,
            Set<String> undecided) {
        Way then(Base b, Netfilter.Outcome o) {
            double share = p * o.probability();
            Netfilter.Outcome at = new Netfilter.Outcome(o.action(), o.rule(), o.table(), o.chain(), o.to(), share,
                    o.undecided());
            List<Step> s = new ArrayList<>(steps);
            boolean translates = b.nat && NAT_ACTIONS.contains(o.action());
            if (o.drops() || translates || shown(b, o)) s.add(new Step(b.nat ? "NAT" : "FILTER", at, command(b, o)));
            Flow next = translates && o.action().equals("DNAT") && o.to() != null ? dnat(flow, o.to()) : flow;
            Set<String> u = new LinkedHashSet<>(undecided);
            u.addAll(o.undecided());
            return new Way(s, share, next, o.drops(), translated || translates, u);
        }
    }

    /**
     * Whether a chain's verdict is a phase of its own: iptables' filter table always (as before nftables' tables
     * were walked), every nftables filter chain, and any other chain that ended at a rule rather than its policy.
     */
    private static boolean shown(Base b, Netfilter.Outcome o) {
        if (b.nat) return false;
        if (b.nft != null || b.iptTable.equals("filter")) return true;
        return o.rule() != null;
    }

    /** The command that lists the chain of the outcome, with positions or handles. */
    private static String command(Base b, Netfilter.Outcome o) {
        if (b.nft == null) return b.tool + " -t " + b.iptTable + " -L " + b.iptChain + " -v -n --line-numbers";
        String chain = o.rule() != null ? o.rule().chain() : b.nft.name();
        return "nft list chain " + b.nft.family() + " " + b.nft.table() + " " + chain + " -a";
    }

    /** The hook's base chains of the part asked for, in the order the kernel runs them. */
    private static List<Base> chains(Ruleset iptables, NftRuleset nft, String family, String hook, Part part) {
        List<Base> out = new ArrayList<>();
        String builtin = hook.toUpperCase(java.util.Locale.ROOT);
        int order = 0;
        // The packet family's iptables ruleset is passed in: ip6tables' for an IPv6 packet.
        String tool = family.equals("ip6") ? "ip6tables" : "iptables";
        for (Builtin t : IPTABLES) {
            if (!t.hooks.contains(hook) || !iptables.hasChain(t.table, builtin)) continue;
            boolean nat = t.table.equals("nat");
            out.add(new Base(tool, t.table, builtin, null, nat, nat ? natPriority(hook) : t.priority, order++));
        }
        for (NftRuleset.Chain c : nft.baseChains(family, hook)) {
            boolean nat = "nat".equals(c.type());
            out.add(new Base(null, null, null, c, nat, c.priority(), order++));
        }
        out.removeIf(b -> part == Part.FILTER && b.nat || part == Part.NAT && !b.nat);
        // nat chains all run at the nat hook's priority, among themselves in the order of their own; on a tie,
        // iptables' chain first (the kernel keeps the order they were registered in, which no read shows).
        out.sort(Comparator.<Base>comparingInt(b -> b.nat ? natPriority(hook) : b.priority)
                .thenComparingInt(b -> b.priority).thenComparingInt(b -> b.order));
        return out;
    }

    /** dstnat (-100) before routing, srcnat (100) after. */
    private static int natPriority(String hook) {
        return hook.equals("prerouting") || hook.equals("output") ? -100 : 100;
    }

    /** The packet as chains after a DNAT see it: the new destination, conntrack's DNAT state, the original kept. */
    private static Flow dnat(Flow f, String to) {
        String addr = to;
        Integer port = f.dport();
        int colon = to.lastIndexOf(':');
        if (colon > 0 && to.substring(colon + 1).matches("\\d+") && (to.startsWith("[") || to.indexOf(':') == colon)) {
            addr = to.substring(0, colon).replace("[", "").replace("]", "");
            port = Integer.valueOf(to.substring(colon + 1));
        }
        Set<String> ct = new LinkedHashSet<>(f.ctstate());
        ct.add("DNAT");
        return new Flow(f.proto(), f.src(), addr, f.sport(), port, f.in(), f.out(), ct, f.dst(), f.dport(),
                f.localAddresses(), f.syn());
    }

    /** The packet before conntrack has seen it: no state ("ct state invalid", as nft reads it there). */
    private static Flow untracked(Flow f) {
        return new Flow(f.proto(), f.src(), f.dst(), f.sport(), f.dport(), f.in(), f.out(), Set.of("INVALID"),
                f.origDst(), f.origDport(), f.localAddresses(), f.syn());
    }
}
