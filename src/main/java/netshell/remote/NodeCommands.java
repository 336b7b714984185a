package netshell.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.node.FleetResult;
import netshell.node.InventoryExport;
import netshell.node.Node;

/** {@code nodes}: the target's nodes with their transport, address, underlay, state and round trip. */
public final class NodeCommands {
    private NodeCommands() {}

    /**
     * One row of the nodes table; {@code rttMs} is the transport's round trip over the open connection (ms, 2
     * decimals), not the time to log in or start a process.
     */
    public record NodeRow(String name, String transport, String address, String underlay, String state,
            Double rttMs) {}

    public static CommandSpec spec() {
        return CommandSpec.of("nodes", "the nodes of the target: transport, address, underlay, state, round trip",
                Verb.of("", "list the nodes and check that each answers", NodeCommands::listOrExport,
                        Param.onNodes(),
                        Param.option("export", "write the nodes for another tool instead (nodes --export ansible >"
                                + " hosts.yml): an Ansible YAML inventory, an ssh_config, a ClusterShell groups file")
                                .choices(InventoryExport.FORMATS.toArray(String[]::new))));
    }

    static Object listOrExport(Args a, Context ctx) {
        return a.get("export") == null ? list(a, ctx) : NodeExport.export(a.get("export"), a.get("on"), ctx);
    }

    public static List<NodeRow> list(Args a, Context ctx) {
        List<Node> nodes = ctx.select(a.get("on"));
        FleetResult<Duration> r = ctx.session().fleet().each(nodes, Node::roundTrip);
        List<NodeRow> rows = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            var o = r.outcomes().get(i);
            boolean up = o.ok();
            String underlay = up ? n.underlay() : null;
            rows.add(new NodeRow(n.name(), n.transport(), n.address(), underlay, up ? "up" : "down: " + o.error(),
                    up ? Math.round(o.value().toNanos() / 10_000.0) / 100.0 : null));
        }
        return rows;
    }
}
