package netshell.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * ({@code node1 ping node2}, as Mininet's {@code h1 ping h2}), unless it was quoted. {@code --stream} right after
 * the target interleaves lines live instead of grouping them; {@code --literal} there passes every word as typed;
 * {@code --explain} and {@code --dry-run} there show the argv as it reaches the node; {@code --confirm SECONDS}
 * there makes the command a change that each node rolls back by itself unless {@code confirm} comes in time.
 */
public final class RawCommand {
    /** What may follow the target, before the command: how to run it, not what to run. */
    private static final Set<String> TARGET_FLAGS = Set.of("--stream", "--literal", "--explain", "--dry-run");

    private RawCommand() {}

    public static boolean handles(Session session, List<String> words) {
        String first = words.get(0);
        if (first.equals("all") || first.equals("on")) return true;
        // node1… on a lab that is not up yet: let select() say so, rather than "unknown command".
        if (first.matches("node\\d+") && session.target().isLab() && session.fleet().nodes().isEmpty()) return true;
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
        boolean literal = false;
        boolean explain = given.explain();
        boolean dryRun = given.dryRun();
        Integer confirm = null;
        while (!rest.isEmpty() && !quoted.contains(consumed) && (TARGET_FLAGS.contains(rest.get(0))
                || rest.get(0).equals("--confirm") || rest.get(0).startsWith("--confirm="))) {
            String flag = rest.get(0);
            if (flag.equals("--confirm") || flag.startsWith("--confirm=")) {
                int take = flag.equals("--confirm") ? Math.min(2, rest.size()) : 1;
                List<String> option = new ArrayList<>(rest.subList(0, take));
                rest.subList(0, take).clear();
                consumed += take;
                confirm = ChangeGuard.takeConfirm(option);
                continue;
            }
            switch (rest.remove(0)) {
                case "--stream" -> stream = true;
                case "--literal" -> literal = true;
                case "--explain" -> explain = true;
                default -> dryRun = true;
            }
            consumed++;
        }
        Context ctx = explain == given.explain() && dryRun == given.dryRun()
                ? given
                : new Context(given.session(), dryRun, explain, given::emit);
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
        return stream ? streamed(nodes, argv, ctx) : grouped(nodes, argv, ctx);
    }

    /**
     * Names to addresses. Containers are looked up only when a word could name one, and only on the selected nodes
     * and those already logged in: running a command on node1 does not log in to every other node.
     */
    private static List<String> substitute(List<String> argv, Set<Integer> quoted, List<Node> selected,
            Context ctx) {
        Map<String, String> nodes = new HashMap<>();
        for (Node n : ctx.session().fleet().nodes()) {
            if (!n.address().isEmpty()) nodes.put(n.name(), n.address());
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
                    containers.putIfAbsent(c.name(), c.address());
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

    private static FleetOutput grouped(List<Node> nodes, List<String> argv, Context ctx) {
        FleetResult<ExecResult> r = ctx.session().fleet().each(nodes, n -> n.run(argv));
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

    private static FleetOutput streamed(List<Node> nodes, List<String> argv, Context ctx) throws InterruptedException {
        List<LineStream> streams = new ArrayList<>();
        List<FleetOutput.NodeOutput> out = new ArrayList<>();
        try {
            for (Node n : nodes) streams.add(n.stream(argv, line -> ctx.emit(n.name() + "| " + line)));
            for (int i = 0; i < streams.size(); i++) {
                int exit = streams.get(i).waitFor();
                out.add(new FleetOutput.NodeOutput(nodes.get(i).name(), exit, "", "", null, 0));
            }
        } finally {
            streams.forEach(LineStream::cancel);
        }
        return new FleetOutput(out);
    }
}
