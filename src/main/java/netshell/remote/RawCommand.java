package netshell.remote;

import java.util.ArrayList;
import java.util.List;

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

/**
 * Mininet's convention: {@code node1 ip -br addr} runs the rest of the line on node1; {@code all …}
 * on every node; {@code on SELECTOR …} on a selection. The words reach the node as literal argv.
 * {@code --stream} right after the target interleaves lines live instead of grouping them; {@code --confirm SECONDS}
 * there makes the command a change that each node rolls back by itself unless {@code confirm} comes in time.
 */
public final class RawCommand {
    private RawCommand() {}

    public static boolean handles(Session session, List<String> words) {
        String first = words.get(0);
        if (first.equals("all") || first.equals("on")) return true;
        // node1… on a lab that is not up yet: let select() say so, rather than "unknown command".
        if (first.matches("node\\d+") && session.target().isLab() && session.fleet().nodes().isEmpty()) return true;
        return session.fleet().names().contains(first) || session.fleet().groups().containsKey(first);
    }

    public static Object run(List<String> words, Context ctx) throws InterruptedException {
        List<String> rest = new ArrayList<>(words);
        String selector = rest.remove(0);
        if (selector.equals("on")) {
            if (rest.isEmpty()) throw new BadInput("usage: on SELECTOR COMMAND…");
            selector = rest.remove(0);
        }
        boolean stream = false;
        Integer confirm = null;
        while (!rest.isEmpty() && (rest.get(0).equals("--stream") || rest.get(0).equals("--confirm")
                || rest.get(0).startsWith("--confirm="))) {
            if (rest.get(0).equals("--stream")) {
                rest.remove(0);
                stream = true;
                continue;
            }
            int take = rest.get(0).equals("--confirm") ? Math.min(2, rest.size()) : 1;
            List<String> option = new ArrayList<>(rest.subList(0, take));
            rest.subList(0, take).clear();
            confirm = ChangeGuard.takeConfirm(option);
        }
        ChangeGuard guard = ctx.session().changeGuard();
        if (guard != null) guard.settle(ctx);
        if (rest.isEmpty())
            throw new BadInput("no command to run on " + selector + " (e.g. " + selector + " ip -br addr)");
        List<Node> nodes = ctx.select(selector);
        List<String> argv = List.copyOf(rest);
        if (confirm != null) return guarded(nodes, argv, ctx.withConfirm(confirm));
        if (ctx.dryRun()) {
            nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
            return null;
        }
        if (ctx.explain()) nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
        return stream ? streamed(nodes, argv, ctx) : grouped(nodes, argv, ctx);
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
