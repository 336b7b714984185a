package netshell.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.CommandSpec;
import netshell.command.Changes;
import netshell.command.Context;
import netshell.command.Explained;
import netshell.command.FleetOutput;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.node.CommandCancelled;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.LineStream;
import netshell.node.Node;
import netshell.remote.plan.NameSubstitution;

/**
 * Mininet's convention: {@code node1 ip -br addr} runs the rest of the line on node1 (the shell reads it as
 * {@code on node1 ip -br addr}); {@code all …} on every node; {@code on SELECTOR …} on a selection. Declared like
 * every command: netshell's options come right after the target and are read only there; every word after the
 * first that is not one belongs to the node's command. The words reach the node as argv, with no shell between;
 * a word that is exactly a node's name becomes its underlay address, a container's name its overlay address
 * ({@code node1 ping node2}, as Mininet's {@code h1 ping h2}), unless it was quoted.
 */
public final class RawCommand {

    private RawCommand() {}

    /** {@code on SELECTOR [OPTIONS] COMMAND…}; {@code NODE COMMAND…} is read as this too. */
    public static CommandSpec on() {
        return CommandSpec.of("on", "run a command on some nodes: on SELECTOR COMMAND… (or NODE COMMAND…)",
                verb(Param.positional("nodes", "a node set: node1, node[1-3], @web, node*, node[1-8]!node3")
                        .completes("selector")));
    }

    /** {@code all [OPTIONS] COMMAND…}. */
    public static CommandSpec all() {
        return CommandSpec.of("all", "run a command on every node: all COMMAND…", verb(null));
    }

    private static Verb verb(Param target) {
        List<Param> params = new ArrayList<>();
        if (target != null) {
            params.add(target);
            params.add(Param.flag("ignore-missing",
                    "leave out names of the set that are not nodes (default: refuse them)"));
        }
        params.addAll(List.of(
                Param.flag("stream", "interleave the nodes' lines live instead of grouping them"),
                Param.flag("gather", "show each distinct output once, under the nodes that gave it"),
                Param.flag("literal", "pass every word as typed (no node or container names replaced)"),
                Param.option("exclude", "leave these nodes out").alias("x").asRepeatable().completes("selector"),
                Param.option("forks", "how many nodes are worked on at once (default 32)"),
                Param.confirm(),
                Param.rest("command", "the command and its arguments, as the node gets them")));
        return new Verb("", target == null ? "run a command on every node" : "run a command on the selected nodes",
                params, RawCommand::run, """
                        A word that is a node's name stands for its underlay address, a container's name for its
                        overlay address (node1 ping node2, node1 curl web2), their IPv6 ones after -6 or in ping6
                        and in a URL's brackets (node1 curl http://[web2]:80/); quoted words stay as typed.
                        netshell's options are read only before the command: node1 df -h keeps -h.
                        --explain and --dry-run show the argv as it reaches the node; --confirm SECONDS makes it
                        a change that each node rolls back by itself unless 'confirm' comes in time.""");
    }

    public static Object run(Args a, Context given) throws InterruptedException {
        Context ctx = a.flag("ignore-missing") ? given.ignoringMissing() : given;
        String selector = a.get("nodes", "all");
        int forks = a.has("forks")
                ? a.integer("forks", 1, 1024)
                : ctx.session().fleet().forks();
        List<String> excluded = a.all("exclude");
        if (!excluded.isEmpty()) selector = selector + "!" + String.join("!", excluded);
        ChangeGuard guard = ctx.session().changeGuard();
        if (guard != null) guard.settle(ctx);
        List<String> rest = a.all("command");
        if (rest.isEmpty())
            throw new BadInput("no command to run on " + selector + " (e.g. " + selector + " ip -br addr)");
        List<Node> nodes = ctx.select(selector);
        List<String> argv = a.flag("literal")
                ? List.copyOf(rest)
                : List.copyOf(substitute(rest, a.quoted("command"), nodes, ctx));
        if (a.has("confirm")) return guarded(nodes, argv, ctx);
        if (ctx.dryRun()) {
            nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
            return null;
        }
        if (ctx.explain()) nodes.forEach(n -> ctx.emit(new Explained(n.name(), argv, null, false)));
        FleetOutput out = a.flag("stream") ? streamed(nodes, argv, ctx, forks) : grouped(nodes, argv, ctx, forks);
        return a.flag("gather") ? out.gathered() : out;
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
                for (var c : ctx.session().containers().find(quiet, where, wanted)) {
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
            // Ctrl-C: what the node had printed comes before "cancelled"
            ExecResult partial = o.exception() instanceof CommandCancelled c ? c.partial() : null;
            out.add(e == null
                    ? new FleetOutput.NodeOutput(o.node(), -1, partial == null ? "" : partial.stdout(),
                            partial == null ? "" : partial.stderr(), o.error(), o.duration().toMillis())
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
