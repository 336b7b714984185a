package netshell.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.NodeStates;
import netshell.command.Param;
import netshell.command.TextTable;
import netshell.command.Verb;
import netshell.kernel.IfName;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.Node;
import netshell.overlay.plan.NodeUnderlay;
import netshell.overlay.plan.VxlanPlanner;
import netshell.overlay.plan.VxlanSpec;

/** {@code vxlan create|show|delete}: a VXLAN full mesh across the selected nodes. */
public final class VxlanCommands {
    private VxlanCommands() {}

    /** One node's VXLAN device as the kernel reports it. */
    public record VxlanRow(String node, String device, Integer vni, String local, Integer port, String dev, int mtu,
            String state, String master, List<String> peers, String mesh) {}

    /** The rows and the ways in which the nodes disagree. */
    public record VxlanShow(List<VxlanRow> devices, List<String> warnings) implements Displayable {
        @Override
        public String text() {
            TextTable t = new TextTable("node", "device", "vni", "local", "port", "dev", "mtu", "state", "master",
                    "peers", "mesh");
            devices.forEach(d -> t.row(d.node(), d.device(), d.vni(), d.local(), d.port(), d.dev(), d.mtu(), d.state(),
                    d.master(), d.peers(), d.mesh()));
            return t.withWarnings("(no VXLAN devices)", warnings);
        }

        @Override
        public Object data() { return Map.of("devices", devices, "warnings", warnings); }
    }

    public static CommandSpec spec() {
        Param on = Param.onNodes();
        Param name = Param.option("name", "the VXLAN device").defaultValue(VxlanSpec.DEFAULT_NAME);
        return CommandSpec.of("vxlan", "a VXLAN full mesh across nodes: one device per node, one flood entry per peer",
                Verb.of("create", "create or reconcile the mesh on the selected nodes", VxlanCommands::create,
                        Param.option("vni", "VXLAN network identifier, 1..16777215").defaultValue("100"),
                        Param.option("port", "UDP destination port (Linux alone would use 8472)").defaultValue("4789"),
                        Param.option("dev", "underlay device (default: each node's underlay)").completes("underlay")
                                .valueNamed("IFACE"),
                        Param.flag("ipv6", "send VXLAN over the underlay's IPv6 address (MTU underlay - 70)"),
                        name, MeshMode.params().get(0), MeshMode.params().get(1), on, Param.confirm())
                        .details("""
                                On every selected node:
                                'ip link add NAME type vxlan id VNI local ADDR dev DEV dstport PORT',
                                MTU = underlay MTU - 50, tagged with alias netshell, and one
                                'bridge fdb append 00:00:00:00:00:00 dev NAME dst PEER' per other node. Run again with
                                another node set to add and remove peers; run twice, nothing changes.
                                --ipv6: local and peers are the underlay's global IPv6 addresses, MTU = underlay
                                MTU - 70, and every node sends and demands UDP checksums
                                (noudp6zerocsumtx noudp6zerocsumrx), so all agree.

                                --static (--learning off): 'nolearning', a MAC made from the node's address, and
                                one 'bridge fdb replace MAC dev NAME dst PEER self permanent' per peer instead
                                of flood entries; 'vxlan show' says which (column mesh)."""),
                Verb.of("show", "per node: device, VNI, local address, port, MTU, state, peers; warns on disagreement",
                        VxlanCommands::show, Param.option("name", "only this device"), on),
                Verb.of("delete", "remove the VXLAN device netshell made (and its FDB entries)", VxlanCommands::delete,
                        name, on, Param.confirm()))
                .completing(OverlayCompletions.VNI, OverlayCompletions.UNDERLAY);
    }

    static Object create(Args a, Context ctx) {
        VxlanSpec spec = new VxlanSpec(a.get("name"), a.integer("vni", 1, VxlanSpec.MAX_VNI),
                a.integer("port", 1, 65535), null, MeshMode.learning(a));
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<NodeUnderlay> members = Underlays.forMesh(ctx, nodes, states, a.get("dev"), a.flag("ipv6"));
        return Changes.applyOrRollBack(ctx, VxlanPlanner.plan(spec, members, states));
    }

    static Object delete(Args a, Context ctx) {
        IfName.check(a.get("name"), "vxlan device");
        Map<String, NodeState> states = NodeStates.readAll(ctx, ctx.select(a.get("on")));
        return Changes.applyOrRollBack(ctx, VxlanPlanner.deletePlan(a.get("name"), states));
    }

    static VxlanShow show(Args a, Context ctx) {
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<VxlanRow> rows = new ArrayList<>();
        for (Node n : nodes) {
            for (Link l : states.get(n.name()).links()) {
                if (!l.isVxlan() || (a.get("name") != null && !a.get("name").equals(l.name()))) continue;
                rows.add(new VxlanRow(n.name(), l.name() + (l.ours() ? "" : " (foreign)"), l.vni(), l.vxlanLocal(),
                        l.vxlanPort(),
                        l.vxlanDev(), l.mtu(), l.state(), l.master(), MeshMode.peers(l, states.get(n.name())),
                        MeshMode.of(l, states.get(n.name()))));
            }
        }
        return new VxlanShow(rows, disagreements(rows, nodes));
    }

    /** VNI, port or MTU that differ between nodes; a node missing on others' peer lists; a node without the device. */
    static List<String> disagreements(List<VxlanRow> rows, List<Node> nodes) {
        List<String> out = new ArrayList<>();
        Map<String, List<VxlanRow>> byDevice = rows.stream().collect(Collectors.groupingBy(r -> r.device(),
                LinkedHashMap::new, Collectors.toList()));
        byDevice.forEach((device, list) -> {
            differs(out, device, "VNI", list, VxlanRow::vni);
            differs(out, device, "port", list, VxlanRow::port);
            differs(out, device, "MTU", list, VxlanRow::mtu);
            if (list.size() > 1 || nodes.size() > 1) {
                Set<String> having = list.stream().map(VxlanRow::node)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                for (Node n : nodes) if (!having.contains(n.name())) out.add(device + ": missing on " + n.name());
            }
            for (VxlanRow r : list) {
                for (VxlanRow other : list) {
                    if (other != r && other.local() != null && !r.peers().contains(other.local())) {
                        out.add(device + ": " + r.node() + " has no peer entry for " + other.node() + " ("
                                + other.local() + ")");
                    }
                }
            }
        });
        return out;
    }

    private static void differs(List<String> out, String device, String what, List<VxlanRow> rows,
            Function<VxlanRow, Object> field) {
        Set<Object> values = rows.stream().map(field).map(v -> Objects.toString(v))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (values.size() > 1) {
            out.add(device + ": nodes disagree on " + what + ": " + rows.stream()
                    .map(r -> r.node() + "=" + field.apply(r)).collect(Collectors.joining(", ")));
        }
    }
}
