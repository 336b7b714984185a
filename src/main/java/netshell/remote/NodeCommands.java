package netshell.remote;

import java.util.ArrayList;
import java.util.List;

import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.node.ExecResult;
import netshell.node.FleetResult;
import netshell.node.InventoryExport;
import netshell.node.Node;

/** {@code nodes}: the target's nodes with their transport, address, underlay, state and round trip. */
public final class NodeCommands {
    private NodeCommands() {}

    /** One row of the nodes table. */
    public record NodeRow(String name, String transport, String address, String underlay, String state, Long rttMs) {}

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
        FleetResult<ExecResult> r = ctx.session().fleet().each(nodes, n -> n.run("true"));
        List<NodeRow> rows = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            var o = r.outcomes().get(i);
            boolean up = o.ok() && o.value().ok();
            String underlay = up ? n.underlay() : null;
            rows.add(new NodeRow(n.name(), n.transport(), n.address(), underlay, up ? "up" : "down: " + o.error(),
                    up ? o.duration().toMillis() : null));
        }
        return rows;
    }
}
