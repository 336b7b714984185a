package netshell.remote;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Args;
import netshell.command.Context;
import netshell.command.Explained;
import netshell.command.FleetOutput;
import netshell.command.Session;
import netshell.core.BadInput;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.LineStream;
import netshell.node.Node;

/**
 * Mininet's convention: {@code node1 ip -br addr} runs the rest of the line on node1; {@code all …}
 * on every node; {@code on SELECTOR …} on a selection. The words reach the node as literal argv.
 * Options right after the target: {@code --stream} interleaves lines live instead of grouping them,
 * {@code --gather} shows each distinct output once under its node set (clush -b), {@code -x SET} leaves
 * nodes out, {@code --forks N} bounds how many nodes are worked on (connected) at once.
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
        List<String> rest = new ArrayList<>(words);
        String selector = rest.remove(0);
        if (selector.equals("on")) {
            if (rest.isEmpty()) throw new BadInput("usage: on SELECTOR COMMAND…");
            selector = rest.remove(0);
        }
        boolean stream = false;
        boolean gather = false;
        int forks = ctx.session().fleet().forks();
        List<String> excluded = new ArrayList<>();
        while (!rest.isEmpty() && rest.get(0).startsWith("-")) {
            String option = rest.get(0);
            if (option.equals("--stream")) stream = true;
            else if (option.equals("--gather")) gather = true;
            else if (option.equals("-x") || option.equals("--forks")) {
                if (rest.size() < 2) throw new BadInput(option + " needs a value");
                String value = rest.remove(1);
                if (option.equals("-x")) excluded.add(value);
                else
                    forks = (int) Args.parseBounded("--forks", value, 1, 1024);
            } else
                break;
            rest.remove(0);
        }
        if (!excluded.isEmpty()) selector = selector + "!" + String.join("!", excluded);
        if (rest.isEmpty())
            throw new BadInput("no command to run on " + selector + " (e.g. " + selector + " ip -br addr)");
        List<Node> nodes = ctx.select(selector);
        List<String> argv = List.copyOf(rest);
        if (ctx.dryRun()) {
            nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
            return null;
        }
        if (ctx.explain()) nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
        FleetOutput out = stream ? streamed(nodes, argv, ctx, forks) : grouped(nodes, argv, ctx, forks);
        return gather ? out.gathered() : out;
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
