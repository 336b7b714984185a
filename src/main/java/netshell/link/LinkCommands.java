package netshell.link;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.core.AfterCtrlC;
import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.OutcomeOf;
import netshell.command.Param;
import netshell.command.Text;
import netshell.command.TextTable;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.link.plan.Endpoint;
import netshell.link.plan.Impairment;
import netshell.link.plan.LinkPlanner;
import netshell.link.plan.LinkView;
import netshell.link.plan.NodeLinks;
import netshell.node.Node;

/**
 * {@code link}: a link's ends set down and up, impaired (delay, jitter, loss, corruption, rate), shown, flapped and
 * cleared. One command whose first word says which: {@code link A:IF B:IF down} reads as Mininet's
 * {@code link s1 h1 down}, and the other forms start with their verb.
 */
public final class LinkCommands {
    private static final List<String> FORMS = List.of("show", "impair", "clear", "flap");
    /** The options each form takes (--confirm, --json, --explain and --dry-run go with every one). */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "show", Set.of("on"),
            "impair", Set.of("delay", "jitter", "loss", "corrupt", "rate", "dir"),
            "clear", Set.of("on"),
            "flap", Set.of("every", "count"),
            "down|up", Set.of());
    private static final List<String> ALL_OPTIONS = List.of("delay", "jitter", "loss", "corrupt", "rate", "dir",
            "every", "count", "on");

    private LinkCommands() {}

    public static CommandSpec spec() {
        return CommandSpec.of("link", "links that fail and degrade: down/up, impair, show, flap, clear",
                Verb.of("", "A:IF [B:IF] down|up; impair A:IF [B:IF] --loss 1% …; show; flap A:IF [B:IF] --every 5s;"
                        + " clear [A:IF [B:IF]]", LinkCommands::run,
                        Param.words("what", "A:IF [B:IF] down|up, impair A:IF [B:IF], show, flap A:IF [B:IF], or"
                                + " clear [A:IF [B:IF]] (A:IF: a node and its interface, node1:eth1)")
                                .completes("link-word"),
                        Param.option("delay", "impair: delay each packet, like 50ms (needs netem)").valueNamed("TIME"),
                        Param.option("jitter", "impair: vary the delay by up to this, like 5ms (needs netem)")
                                .valueNamed("TIME"),
                        Param.option("loss", "impair: drop this share of packets, like 1%").valueNamed("PERCENT"),
                        Param.option("corrupt", "impair: corrupt this share of packets, like 0.1% (without netem:"
                                + " dropped, as a receiver drops a corrupted packet)").valueNamed("PERCENT"),
                        Param.option("rate", "impair: limit the rate, like 10mbit").valueNamed("RATE"),
                        Param.option("dir", "impair: one direction only: 'A->B' (quoted: '>' is a redirect), or A"
                                + " (from A)").valueNamed("A->B"),
                        Param.option("every", "flap: how long the link stays down, then up, like 5s")
                                .valueNamed("TIME"),
                        Param.option("count", "flap: how many times (default: until Ctrl-C)"),
                        Param.onNodes("show, clear: only these nodes (default: all)"),
                        Param.confirm())
                        .details("""
                                link A:IF [B:IF] down|up sets the ends down (up); one end alone is enough for a
                                veth, whose other end loses its carrier. Two ends must be the two ends of one link.
                                link impair A:IF [B:IF] sets what degrades the link, replacing what did before; it
                                lives on the sending end's egress, so both ends carry it unless --dir names one
                                direction. Where the kernel has netem (module sch_netem), one netem qdisc does it
                                all; without netem the rate is a tbf qdisc, loss and corruption are random drops in
                                nftables (table inet netshell_link), and --delay and --jitter are refused.
                                link show lists every interface: state, peer, qdisc and impairment. link flap sets
                                the ends down and up every TIME (up again if stopped). link clear takes the
                                impairments off the ends named, or off every interface of the nodes. Each change is
                                journaled: 'undo' puts back the qdiscs, drop rules and link states as they were."""))
                .completing(LinkCompletions.END, LinkCompletions.WORD);
    }

    static Object run(Args a, Context ctx) {
        List<String> w = a.all("what");
        if (w.isEmpty())
            throw new BadInput("say what: A:IF [B:IF] down|up, impair, show, flap or clear (see 'link --help')");
        String form = FORMS.contains(w.get(0)) ? w.get(0) : "down|up";
        for (String o : ALL_OPTIONS)
            if (a.get(o) != null && !OPTIONS.get(form).contains(o))
                throw new BadInput(form + ": --" + o + " is not one of its options (" + (OPTIONS.get(form)
                        .isEmpty()
                                ? "it has none"
                                : "--" + String.join(", --", OPTIONS.get(form).stream().sorted()
                                        .toList()))
                        + ")");
        List<String> rest = w.subList(form.equals("down|up") ? 0 : 1, w.size());
        return switch (form) {
            case "show" -> show(a, ctx, rest);
            case "impair" -> impair(a, ctx, rest);
            case "clear" -> clear(a, ctx, rest);
            case "flap" -> flap(a, ctx, rest);
            default -> state(ctx, rest);
        };
    }

    // ---- down and up

    private static Object state(Context ctx, List<String> w) {
        String last = w.get(w.size() - 1);
        if (!last.equals("down") && !last.equals("up"))
            throw new BadInput("'" + String.join(" ", w) + "' says no state: link A:IF [B:IF] down|up (or"
                    + " impair, show, flap, clear)");
        List<Endpoint> ends = endpoints(w.subList(0, w.size() - 1), 1, "link A:IF [B:IF] " + last);
        Map<String, NodeLinks> facts = LinkReads.read(ctx, nodes(ctx, ends), false);
        checkPeers(ends, facts);
        Plan plan = new Plan();
        for (Endpoint e : ends) plan.addAll(e.node(), LinkPlanner.state(e, facts.get(e.node()), last.equals("up")));
        if (plan.isEmpty())
            return new Text(names(ends) + (ends.size() == 1 ? " is " : " are ") + last + " already; nothing was"
                    + " changed");
        return Changes.applyOrRollBack(ctx, plan);
    }

    // ---- impair

    private static Object impair(Args a, Context ctx, List<String> w) {
        List<Endpoint> ends = endpoints(w, 1, "link impair A:IF [B:IF] --loss 1% …");
        Impairment want = Impairment.parse(a.get("delay"), a.get("jitter"), a.get("loss"), a.get("corrupt"),
                a.get("rate"));
        List<Endpoint> senders = LinkPlanner.senders(ends, a.get("dir"));
        Map<String, NodeLinks> facts = LinkReads.read(ctx, nodes(ctx, ends), true);
        checkPeers(ends, facts);
        Plan plan = new Plan();
        List<String> lines = new ArrayList<>();
        for (Endpoint e : senders) {
            NodeLinks n = facts.get(e.node());
            plan.addAll(e.node(), LinkPlanner.impair(e, n, want));
            lines.add(e + " egress: " + want.text() + " (" + how(n, want) + ")");
        }
        tidy(plan, facts, senders.stream().filter(e -> facts.get(e.node()).netem() || !want.drops()).toList());
        return new Changed(String.join("\n", lines), Changes.applyOrRollBack(ctx, plan));
    }

    /** How a node carries an impairment: "netem", or "tbf and an nftables random drop: no netem on node1". */
    private static String how(NodeLinks n, Impairment want) {
        if (n.netem()) return "netem";
        List<String> parts = new ArrayList<>();
        if (want.rateBits() > 0) parts.add("tbf");
        if (want.drops()) parts.add("an nftables random drop");
        return String.join(" and ", parts) + ": no netem on " + n.node();
    }

    /** The drop table removed from each node whose chains the plan takes out, all of them ({@code cleared}). */
    private static void tidy(Plan plan, Map<String, NodeLinks> facts, List<Endpoint> cleared) {
        for (NodeLinks n : facts.values())
            plan.addAll(n.node(), LinkPlanner.tidy(n, cleared.stream().filter(e -> e.node().equals(n.node()))
                    .toList()));
    }

    // ---- clear

    private static Object clear(Args a, Context ctx, List<String> w) {
        if (!w.isEmpty() && a.get("on") != null)
            throw new BadInput("clear: name the ends or give --on, not both");
        List<Endpoint> ends = w.isEmpty() ? List.of() : endpoints(w, 1, "link clear [A:IF [B:IF]]");
        Map<String, NodeLinks> facts = LinkReads.read(ctx, ends.isEmpty()
                ? ctx.select(a.get("on"))
                : nodes(ctx, ends), false);
        if (ends.isEmpty()) ends = impaired(facts);
        Plan plan = new Plan();
        for (Endpoint e : ends) plan.addAll(e.node(), LinkPlanner.clear(e, facts.get(e.node())));
        tidy(plan, facts, ends);
        if (plan.isEmpty())
            return new Text((w.isEmpty()
                    ? "no link is impaired"
                    : names(ends) + " " + (ends.size() == 1 ? "is" : "are")
                            + " not impaired")
                    + "; nothing was changed");
        return Changes.applyOrRollBack(ctx, plan);
    }

    /** Every interface that a tbf or netem qdisc or a drop rule degrades. */
    private static List<Endpoint> impaired(Map<String, NodeLinks> facts) {
        List<Endpoint> out = new ArrayList<>();
        for (NodeLinks n : facts.values()) {
            for (String dev : n.devices().keySet()) {
                boolean qdisc = n.qdisc(dev).map(q -> q.impairs()).orElse(false);
                if (!qdisc && !n.drops().chains().containsKey(dev)) continue;
                try {
                    out.add(new Endpoint(n.node(), dev));
                } catch (BadInput oddName) {
                    // not a name netshell impairs: not netshell's to clear
                }
            }
        }
        return out;
    }

    // ---- flap

    private static Object flap(Args a, Context ctx, List<String> w) {
        List<Endpoint> ends = endpoints(w, 1, "link flap A:IF [B:IF] --every 5s");
        if (a.get("every") == null) throw new BadInput("flap: give --every TIME, like 5s");
        long every = Impairment.time("every", a.get("every"));
        if (every < 10_000) throw new BadInput("flap: --every " + a.get("every") + " is less than 10ms");
        int count = a.get("count") == null ? 0 : (int) Args.parseBounded("--count", a.get("count"), 1, 1_000_000);
        Map<String, NodeLinks> facts = LinkReads.read(ctx, nodes(ctx, ends), false);
        checkPeers(ends, facts);
        Map<String, List<Endpoint>> byNode = new LinkedHashMap<>();
        ends.forEach(e -> byNode.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e));
        Plan plan = new Plan();
        byNode.forEach((node, on) -> plan.add(node, LinkPlanner.flap(on, facts.get(node), every, count)));
        try {
            return new Changed(names(ends) + ": down, then up, every " + Impairment.timeText(every) + ", "
                    + (count == 0 ? "until stopped" : count + (count == 1 ? " time" : " times")),
                    Changes.applyOrRollBack(ctx, plan));
        } catch (RuntimeException stopped) {
            // Ctrl-C kills the loop on the node before its trap can run: the ends are set up from here.
            AfterCtrlC.cleanUp(() -> plan.byNode().forEach((node, steps) -> {
                try {
                    ctx.change(ctx.node(node), steps.get(0).undo());
                } catch (RuntimeException unreachable) {
                    // said by the failure rethrown below
                }
            }));
            throw stopped;
        }
    }

    // ---- show

    /** {@code link show}: a row per interface. */
    public record Shown(List<LinkView.Row> rows) implements Displayable {
        @Override
        public String text() {
            TextTable t = new TextTable("node", "iface", "state", "peer", "qdisc", "impairment");
            rows.forEach(r -> t.row(r.node(), r.iface(), r.state(), r.peer(), r.qdisc(), r.impairment()));
            return rows.isEmpty() ? "no interfaces" : t.toString();
        }

        @Override
        public Object data() { return rows; }
    }

    private static Object show(Args a, Context ctx, List<String> w) {
        if (!w.isEmpty()) throw new BadInput("show takes no words (--on NODES for some nodes)");
        return new Shown(LinkView.rows(List.copyOf(LinkReads.read(ctx, ctx.select(a.get("on")), false).values())));
    }

    /** A change with a headline above it: what degrades each end now, or how it flapped. */
    public record Changed(String headline, Object applied) implements OutcomeOf, Displayable {
        @Override
        public Object inner() { return applied; }

        @Override
        public String text() {
            String change = applied instanceof Displayable d ? d.text() : String.valueOf(applied);
            return failed() ? change : headline + "\n" + change;
        }

        @Override
        public Object data() {
            return Map.of("done", headline.lines().toList(), "applied",
                    applied instanceof Displayable d ? d.data() : "");
        }
    }

    // ---- the words

    private static List<Endpoint> endpoints(List<String> words, int min, String usage) {
        if (words.size() < min || words.size() > 2) throw new BadInput("usage: " + usage);
        List<Endpoint> out = new ArrayList<>();
        for (String word : words) out.add(Endpoint.parse(word));
        if (out.size() == 2 && out.get(0).equals(out.get(1)))
            throw new BadInput(out.get(0) + " is named twice");
        return out;
    }

    private static List<Node> nodes(Context ctx, List<Endpoint> ends) {
        Set<String> names = new LinkedHashSet<>();
        ends.forEach(e -> names.add(e.node()));
        return names.stream().map(ctx::node).toList();
    }

    private static void checkPeers(List<Endpoint> ends, Map<String, NodeLinks> facts) {
        if (ends.size() == 2)
            LinkPlanner.checkPeers(ends.get(0), facts.get(ends.get(0).node()), ends.get(1),
                    facts.get(ends.get(1).node()));
    }

    private static String names(List<Endpoint> ends) {
        return String.join(" and ", ends.stream().map(Endpoint::toString).toList());
    }
}
