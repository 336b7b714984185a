package netshell.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.Changes;
import netshell.command.Context;
import netshell.command.Explained;
import netshell.command.FleetOutput;
import netshell.command.Session;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.remote.plan.NameSubstitution;

/**
 * Mininet's convention: {@code node1 ip -br addr} runs the rest of the line on node1; {@code all …}
 * on every node; {@code on SELECTOR …} on a selection. The words reach the node as argv, with no shell between;
 * a word that is exactly a node's name becomes its underlay address, a container's name its overlay address
 * ({@code node1 ping node2}, as Mininet's {@code h1 ping h2}), unless it was quoted. Options right after the
 * target: {@code --stream} interleaves lines live instead of grouping them; {@code --gather} shows each distinct
 * output once under its node set (clush -b); {@code -x SET} leaves nodes out; {@code --forks N} bounds how many
 * nodes are worked on (connected) at once; {@code --ignore-missing} leaves out names of the set that are not
 * nodes (otherwise they are refused, all named in one line); {@code --literal} passes every word as typed; {@code --explain} and
 * {@code --dry-run} show the argv as it reaches the node; {@code --confirm SECONDS} makes the command a change that
 * each node rolls back by itself unless {@code confirm} comes in time.
 */
public final class RawCommand {

    private RawCommand() {}

    /** all, on, a node set (@web, node[1-3]) or a node of a target already there: surely a raw command. */
    public static boolean claims(Session session, List<String> words) {
        String first = words.get(0);
        if (first.equals("all") || first.equals("on") || isNodeSet(first)) return true;
        return session.peekTarget().map(t -> t.fleet().names().contains(first)).orElse(false);
    }

    private static boolean isNodeSet(String word) {
        return word.startsWith("@") || word.matches("[\\w.-]*\\[[\\d,-]+\\].*");
    }

    public static boolean handles(Session session, List<String> words) {
        String first = words.get(0);
        if (first.equals("all") || first.equals("on")) return true;
        // node1… on a lab that is not up yet: let select() say so, rather than "unknown command".
        if (first.matches("node\\d+") && session.target().isLab() && session.fleet().nodes().isEmpty()) return true;
        // A node set: node[1-3], @web, node[1-8]!node3.
        if (isNodeSet(first)) return true;
        return session.fleet().names().contains(first) || session.fleet().groups().containsKey(first);
    }

    public static Object run(List<String> words, Context ctx) throws InterruptedException {
        return run(words, Set.of(), ctx);
    }

    /** {@code quoted}: indexes of the words the user quoted (never replaced by an address). */
    public static Object run(List<String> words, Set<Integer> quoted, Context given) throws InterruptedException {
        List<String> rest = new ArrayList<>(words);
        int consumed = 1;
        String selector = rest.remove(0);
        if (selector.equals("on")) {
            if (rest.isEmpty()) throw new BadInput("usage: on SELECTOR COMMAND…");
            selector = rest.remove(0);
            consumed++;
        }
        boolean stream = false;
        boolean gather = false;
        boolean literal = false;
        boolean ignoreMissing = false;
        boolean explain = given.explain();
        boolean dryRun = given.dryRun();
        Integer confirm = null;
        int forks = given.session().fleet().forks();
        List<String> excluded = new ArrayList<>();
        while (!rest.isEmpty() && !quoted.contains(consumed) && rest.get(0).startsWith("-")) {
            String flag = rest.get(0);
            if (flag.equals("--confirm") || flag.startsWith("--confirm=")) {
                int take = flag.equals("--confirm") ? Math.min(2, rest.size()) : 1;
                List<String> option = new ArrayList<>(rest.subList(0, take));
                rest.subList(0, take).clear();
                consumed += take;
                confirm = ChangeGuard.takeConfirm(option);
                continue;
            }
            if (flag.equals("-x") || flag.equals("--forks")) {
                if (rest.size() < 2) throw new BadInput(flag + " needs a value");
                String value = rest.get(1);
                rest.subList(0, 2).clear();
                consumed += 2;
                if (flag.equals("-x")) excluded.add(value);
                else
                    forks = (int) Args.parseBounded("--forks", value, 1, 1024);
                continue;
            }
            switch (flag) {
                case "--stream" -> stream = true;
                case "--gather" -> gather = true;
                case "--literal" -> literal = true;
                case "--ignore-missing" -> ignoreMissing = true;
                case "--explain" -> explain = true;
                case "--dry-run" -> dryRun = true;
                default -> {
                    flag = null; // the command's own first word (e.g. -4): no more target options
                }
            }
            if (flag == null) break;
            rest.remove(0);
            consumed++;
        }
        if (!excluded.isEmpty()) selector = selector + "!" + String.join("!", excluded);
        Context chosen = explain == given.explain() && dryRun == given.dryRun()
                ? given
                : new Context(given.session(), dryRun, explain, given::emit);
        Context ctx = ignoreMissing ? chosen.ignoringMissing() : chosen;
        ChangeGuard guard = ctx.session().changeGuard();
        if (guard != null) guard.settle(ctx);
        if (rest.isEmpty())
            throw new BadInput("no command to run on " + selector + " (e.g. " + selector + " ip -br addr)");
        List<Node> nodes = ctx.select(selector);
        Set<Integer> quotedHere = new HashSet<>();
        for (int i : quoted) {
            if (i >= consumed) quotedHere.add(i - consumed);
        }
        List<String> argv = literal ? List.copyOf(rest) : List.copyOf(substitute(rest, quotedHere, nodes, ctx));
        if (confirm != null) return guarded(nodes, argv, ctx.withConfirm(confirm));
        if (ctx.dryRun()) {
            nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
            return null;
        }
        if (ctx.explain()) nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
        FleetOutput out = stream ? streamed(nodes, argv, ctx, forks) : grouped(nodes, argv, ctx, forks);
        return gather ? out.gathered() : out;
    }

    /**
     * Names to addresses. Containers are looked up only when a word could name one, and only on the selected nodes
     * and those already logged in: running a command on node1 does not log in to every other node.
     */
    private static List<String> substitute(List<String> argv, Set<Integer> quoted, List<Node> selected,
            Context ctx) {
        boolean ipv6 = NameSubstitution.wantsIpv6(argv, quoted);
        Map<String, String> nodes = new HashMap<>();
        for (Node n : ctx.session().fleet().nodes()) {
            if (!n.address().isEmpty()) nodes.put(n.name(), n.address());
        }
        Set<String> words = Set.copyOf(NameSubstitution.candidates(argv, quoted));
        if (ipv6 && nodes.keySet().stream().anyMatch(words::contains)) {
            // ping -6 node2: node2's IPv6 underlay address, read from the nodes named (none is logged in for it)
            Context quiet = new Context(ctx.session(), false, false, row -> {});
            List<Node> named = ctx.session().fleet().nodes().stream().filter(n -> words.contains(n.name())).toList();
            for (Endpoint e : Endpoint.underlay6(quiet, named)) nodes.put(e.name(), e.address());
        }
        Set<String> wanted = new HashSet<>();
        for (String w : NameSubstitution.candidates(argv, quoted)) {
            if (NameSubstitution.couldBeContainer(w)) wanted.add(w); // node names too: one may also be a container
        }
        Map<String, String> containers = new HashMap<>();
        if (!wanted.isEmpty()) {
            // A quiet lookup: --explain shows the command that runs, not how the names were found.
            Context quiet = new Context(ctx.session(), false, false, row -> {});
            try {
                List<Node> where = ctx.session().fleet().nodes().stream()
                        .filter(n -> selected.contains(n) || n.ready()).toList();
                for (var c : ctx.session().registry().containers().find(quiet, where, wanted)) {
                    containers.putIfAbsent(c.name(), ipv6 && c.address6() != null ? c.address6() : c.address());
                }
            } catch (RuntimeException e) {
                // A node that cannot be read lends no names; the command itself still runs as typed.
            }
        }
        return NameSubstitution.apply(argv, quoted, nodes, containers);
    }

    /** A change with --confirm: one step per node, snapshotted and armed like every plan. */
    private static Object guarded(List<Node> nodes, List<String> argv, Context ctx) {
        Plan plan = new Plan();
        nodes.forEach(n -> plan.add(n.name(), new Step(argv, null, "as typed")));
        return Changes.applyOrRollBack(ctx, plan);
    }

    private static FleetOutput grouped(List<Node> nodes, List<String> argv, Context ctx, int forks) {
        FleetResult<ExecResult> r = ctx.session().fleet().each(nodes, n -> n.run(argv), forks);
        List<FleetOutput.NodeOutput> out = new ArrayList<>();
        for (var o : r.outcomes()) {
            ExecResult e = o.value();
            out.add(e == null
                    ? new FleetOutput.NodeOutput(o.node(), -1, "", "", o.error(), o.duration().toMillis())
                    : new FleetOutput.NodeOutput(o.node(), e.exit(), e.stdout(), e.stderr(), null,
                            e.duration().toMillis()));
        }
        return new FleetOutput(out);
    }

    /** Streams start on at most `forks` nodes at once (a node that does not answer holds back none of the others). */
    private static FleetOutput streamed(List<Node> nodes, List<String> argv, Context ctx, int forks)
            throws InterruptedException {
        long start = System.nanoTime();
        FleetResult<LineStream> started = ctx.session().fleet().each(nodes,
                n -> n.stream(argv, line -> ctx.emit(n.name() + "| " + line)), forks);
        List<FleetOutput.NodeOutput> out = new ArrayList<>();
        try {
            for (var o : started.outcomes()) {
                if (o.value() == null) {
                    out.add(new FleetOutput.NodeOutput(o.node(), -1, "", "", o.error(), o.duration().toMillis()));
                    continue;
                }
                int exit = o.value().waitFor();
                out.add(new FleetOutput.NodeOutput(o.node(), exit, "", "", null,
                        (System.nanoTime() - start) / 1_000_000));
            }
        } finally {
            started.outcomes().stream().filter(o -> o.value() != null).forEach(o -> o.value().cancel());
        }
        return new FleetOutput(out);
    }
}
