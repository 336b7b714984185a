package netshell.overlay;

import java.util.ArrayList;
import java.util.List;

import netshell.command.CommandFailed;
import netshell.command.ContainerDirectory;
import netshell.command.Context;
import netshell.command.NodeStates;
import netshell.kernel.NodeState;
import netshell.node.FleetResult;
import netshell.node.Node;
import netshell.overlay.plan.DockerContainers;

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

    private static FleetResult<List<Container>> sequential(Context ctx, List<Node> nodes) {
        List<netshell.node.Outcome<List<Container>>> out = new ArrayList<>();
        for (Node n : nodes) out.addAll(ctx.session().fleet().each(List.of(n), x -> on(ctx, x)).outcomes());
        return new FleetResult<>(out);
    }

    private static List<Container> on(Context ctx, Node node) {
        List<Container> out = new ArrayList<>();
        for (DockerContainers.Container c : ContainerCommands.dockerContainers(ctx, node)) {
            if (!"running".equals(c.state()) || c.address() == null) continue;
            String pid = ctx.read(node, "docker", "inspect", "--format", "{{.State.Pid}}", c.name()).stdout().strip();
            if (pid.matches("[1-9]\\d*"))
                out.add(new Container(c.name(), node, c.address(), List.of("nsenter", "-t", pid, "-n")));
        }
        NodeState state = NodeStates.read(ctx, node);
        for (Containers.Found f : Containers.on(node, state)) {
            String address = Containers.address(ctx, node, f.namespace());
            if (address != null)
                out.add(new Container(f.name(), node, address, List.of("ip", "netns", "exec", f.namespace())));
        }
        return out;
    }
}
