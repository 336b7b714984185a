package netshell.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import netshell.command.CommandFailed;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.command.NodeStates;
import netshell.kernel.Netns;
import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.node.Outcome;
import netshell.runtime.ContainerRuntime;
import netshell.runtime.docker.DockerEngine;
import netshell.runtime.docker.DockerRuntime;

/**
 * The overlay's containers for other features (names as addresses, pingall, iperf): Docker containers are
 * entered with the node's own nsenter on the container's process (the official images lack ping and iperf3),
 * namespace containers with {@code ip netns exec}.
 */
public final class ContainerFinder implements ContainerDirectory {
    @Override
    public List<Container> find(Context ctx, List<Node> nodes) {
        FleetResult<List<Container>> r = ctx.explain()
                ? sequential(ctx, nodes)
                : ctx.session().fleet().each(nodes, n -> on(ctx, n));
        List<Container> out = new ArrayList<>();
        for (var o : r.outcomes()) {
            if (!o.ok()) throw new CommandFailed("cannot list the containers of " + o.node() + ": " + o.error());
            out.addAll(o.value());
        }
        return out;
    }

    /**
     * One cheap read per node first (its namespace names; on a Docker node also its netshell containers' names),
     * and the full read only on a node where one of {@code names} is found.
     */
    @Override
    public List<Container> find(Context ctx, List<Node> nodes, Set<String> names) {
        FleetResult<List<Container>> r = ctx.session().fleet().each(nodes, n -> {
            if (!mayHold(ctx, n, names)) return List.<Container>of();
            return on(ctx, n).stream().filter(c -> names.contains(c.name())).toList();
        });
        List<Container> out = new ArrayList<>();
        for (var o : r.outcomes()) {
            if (o.ok()) out.addAll(o.value()); // a node that cannot be read lends no names
        }
        return out;
    }

    /** Running Docker containers by name, namespace containers by the name inside their namespace's (Containers.on). */
    @Override
    public List<String> names(Context ctx, Node node) {
        return names(ctx, node, NodeStates.readLeniently(ctx, node));
    }

    /** As names(ctx, node), the node's state read already. */
    static List<String> names(Context ctx, Node node, NodeState state) {
        List<String> out = new ArrayList<>();
        for (ContainerRuntime.Found c : DockerRuntime.INSTANCE.list(ctx, node)) {
            if (c.running()) out.add(c.name());
        }
        for (Containers.Found f : Containers.on(node, state)) out.add(f.name());
        return out;
    }

    private static boolean mayHold(Context ctx, Node node, Set<String> names) {
        ExecResult netns = ctx.read(node, "ip", "-j", "netns", "list");
        String prefix = Containers.prefix(node);
        if (netns.ok()) {
            for (String ns : Netns.parse(netns.stdout())) {
                if (ns.startsWith(prefix) && names.contains(ns.substring(prefix.length()))) return true;
            }
        }
        return DockerEngine.runningNames(ctx, node).stream().anyMatch(names::contains);
    }

    private static FleetResult<List<Container>> sequential(Context ctx, List<Node> nodes) {
        List<Outcome<List<Container>>> out = new ArrayList<>();
        for (Node n : nodes) out.addAll(ctx.session().fleet().each(List.of(n), x -> on(ctx, x)).outcomes());
        return new FleetResult<>(out);
    }

    private static List<Container> on(Context ctx, Node node) {
        List<Container> out = new ArrayList<>();
        for (ContainerRuntime.Found c : DockerRuntime.INSTANCE.list(ctx, node)) {
            if (!c.running() || c.address() == null) continue;
            String pid = DockerEngine.pid(ctx, node, c.name());
            if (pid != null)
                out.add(new Container(c.name(), node, c.address(), List.of("nsenter", "-t", pid, "-n"), c.address6()));
        }
        NodeState state = NodeStates.read(ctx, node);
        for (Containers.Found f : Containers.on(node, state)) {
            Containers.Assigned a = Containers.addresses(ctx, node, f.namespace()); // both families, one read
            if (a.v4() != null)
                out.add(new Container(f.name(), node, a.v4(), List.of("ip", "netns", "exec", f.namespace()), a.v6()));
        }
        return out;
    }
}
