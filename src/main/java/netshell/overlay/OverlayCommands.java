package netshell.overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.addr.math.AddressPlan;
import netshell.addr.math.AddressUse;
import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv6Block;
import netshell.command.Args;
import netshell.command.Changes;
import netshell.command.CommandFailed;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.NodeStates;
import netshell.core.OptionalColumns;
import netshell.command.Param;
import netshell.command.TextTable;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.IfName;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.Node;
import netshell.overlay.plan.NodeUnderlay;
import netshell.overlay.plan.ContainerPlanner;
import netshell.overlay.plan.OverlayMember;
import netshell.overlay.plan.OverlayPlanner;
import netshell.overlay.plan.OverlayView;
import netshell.overlay.plan.VxlanPlanner;
import netshell.overlay.plan.VxlanSpec;
import netshell.runtime.docker.DockerEngine;
import netshell.runtime.docker.DockerRuntime;
import netshell.runtime.docker.plan.DockerNetwork;

/**
 * {@code overlay create|show|delete}: walkthrough 2's network done right. Nothing is stored: the plan is
 * read back from each node's kernel (see {@link OverlayView}).
 */
public final class OverlayCommands {
    private OverlayCommands() {}

    /**
     * One node's overlay as its kernel shows it; {@code host6} and {@code range6} only on a dual-stack overlay (null,
     * and left out of tables and JSON, otherwise).
     */
    public record OverlayRow(String node, String bridge, String host, String containerRange, Integer vni, Integer port,
            int mtu, String vxlan, List<String> peers, int containers, String host6, String range6)
            implements
                OptionalColumns {
        public OverlayRow(String node, String bridge, String host, String containerRange, Integer vni, Integer port,
                int mtu, String vxlan, List<String> peers, int containers) {
            this(node, bridge, host, containerRange, vni, port, mtu, vxlan, peers, containers, null, null);
        }

        @Override
        public Set<String> optionalColumns() { return Set.of("host6", "range6"); }
    }

    /** The rows, and problems (ranges overlapping, nodes without the overlay). */
    public record OverlayShow(List<OverlayRow> nodes, List<String> warnings) implements Displayable {
        @Override
        public String text() {
            boolean dual = nodes.stream().anyMatch(r -> r.host6() != null);
            List<String> columns = new ArrayList<>(List.of("node", "bridge", "host", "container range"));
            if (dual) columns.addAll(List.of("host6", "range6"));
            columns.addAll(List.of("vni", "port", "mtu", "vxlan", "peers", "containers"));
            TextTable t = new TextTable(columns.toArray(String[]::new));
            for (OverlayRow r : nodes) {
                List<Object> cells = new ArrayList<>(List.of(r.node(), r.bridge(), r.host(), r.containerRange()));
                if (dual)
                    cells.addAll(Arrays.asList(r.host6() == null ? "-" : r.host6(),
                            r.range6() == null ? "-" : r.range6()));
                cells.addAll(Arrays.asList(r.vni(), r.port(), r.mtu(), r.vxlan(), r.peers(), r.containers()));
                t.row(cells.toArray());
            }
            return t.withWarnings("(no overlay)", warnings);
        }

        @Override
        public Object data() { return Map.of("nodes", nodes, "warnings", warnings); }
    }

    public static CommandSpec spec() {
        Param on = Param.onNodes();
        Param bridge = Param.option("bridge", "the overlay bridge on every node")
                .defaultValue(OverlayPlanner.DEFAULT_BRIDGE);
        Param name = Param.option("name", "the VXLAN device").defaultValue(VxlanSpec.DEFAULT_NAME);
        return CommandSpec.of("overlay",
                "an L2 overlay: a bridge per node with its host address, joined by a VXLAN mesh",
                Verb.of("create", "plan addresses for SUBNET and build bridge + VXLAN mesh on every node",
                        OverlayCommands::create,
                        Param.positional("subnet", "the overlay network, e.g. 10.0.0.0/24"),
                        Param.option("vni", "VXLAN network identifier, 1..16777215").defaultValue("100"),
                        Param.option("port", "UDP destination port").defaultValue("4789"),
                        Param.option("ipv6", "dual stack: an IPv6 prefix beside SUBNET, e.g. fd00:10::/64"),
                        Param.flag("underlay6", "VXLAN over the underlay's IPv6 addresses (MTU underlay - 70)"),
                        Param.option("dev", "the underlay device on every node (default: each node's underlay)")
                                .completes("underlay"),
                        bridge, name, MeshMode.params().get(0), MeshMode.params().get(1), on, Param.confirm())
                        .details("""
                                The subnet is split (net split) so that each node gets its own container range and
                                every host address and the VIP range lie outside all of them. Each node's bridge holds
                                its host address; the VXLAN device is a port of the bridge; everything has MTU
                                underlay - 50. On a node with a Docker engine the bridge is a Docker bridge network
                                (--subnet, --ip-range, --gateway, -o com.docker.network.bridge.name, driver.mtu).
                                --static (--learning off): no flooding; every node gets a permanent FDB entry per peer
                                MAC and a permanent neighbour per peer host address (flannel's way, for big meshes);
                                the VXLAN device answers ARP itself from neighbour entries that create, container run
                                and container rm keep for every other node's host address and containers.
                                --ipv6 PREFIX (dual stack): every address of the plan gets an IPv6 twin at the same
                                offset in PREFIX (10.0.0.65 -> fd00:10::41 with fd00:10::/64), so node ranges stay
                                apart in both families; the bridge gets its IPv6 host address (nodad), containers an
                                address of each family (with --static, neighbour discovery is answered like ARP). On a
                                Docker node the network is dual stack
                                (--ipv6 and a second --subnet, --ip-range, --gateway); Docker cannot change a network
                                in place, so an existing one changes family (or moves to the other underlay family,
                                for its MTU) only with no container on it.
                                --underlay6: the VXLAN mesh runs between the nodes' IPv6 underlay addresses (lab up
                                --ipv6), and everything has MTU underlay - 70.
                                --dev IFACE: the VTEP is each node's address on IFACE (a routed underlay: nodes on
                                different segments, routers between them). A peer off the node's own subnet is probed
                                once with a do-not-fragment ping of the device's size: where a router on the path says
                                its next link is smaller, that path MTU - 50 is the overlay's MTU."""),
                Verb.of("show", "the overlay per node: bridge, host address, container range, VNI, peers",
                        OverlayCommands::show,
                        Param.option("bridge", "only this bridge"), on),
                Verb.of("delete", "remove containers, VXLAN device and bridge that netshell made",
                        OverlayCommands::delete,
                        bridge, on, Param.confirm()))
                .completing(OverlayCompletions.BRIDGE);
    }

    static Object create(Args a, Context ctx) {
        Cidr subnet = Cidr.parse(a.get("subnet"));
        String unusable = AddressUse.notForOverlay(subnet);
        if (unusable != null) throw new BadInput(unusable + "; an overlay needs unicast addresses, e.g. 10.0.0.0/24");
        Ipv6Block prefix6 = a.get("ipv6") == null ? null : AddressPlan.parseIpv6Prefix(a.get("ipv6"));
        VxlanSpec spec = new VxlanSpec(a.get("name"), a.integer("vni", 1, VxlanSpec.MAX_VNI),
                a.integer("port", 1, 65535), a.get("bridge"), MeshMode.learning(a));
        List<Node> nodes = ctx.select(a.get("on"));
        AddressPlan v4Plan = AddressPlan.of(subnet, nodes.stream().map(Node::name).toList());
        AddressPlan addresses = prefix6 == null ? v4Plan : v4Plan.withIpv6(prefix6);
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<OverlayMember> members = new ArrayList<>();
        Map<String, OverlayPlanner.DockerSide> docker = new LinkedHashMap<>();
        List<NodeUnderlay> underlays = Underlays.forMesh(ctx, nodes, states, a.get("dev"), a.flag("underlay6"));
        for (Node n : nodes) {
            NodeUnderlay u = underlays.get(nodes.indexOf(n));
            Underlays.refuseOverlap(n, states.get(n.name()), u, addresses.subnet(), prefix6);
            AddressPlan.NodeAddresses<Cidr> mine = addresses.node(n.name());
            String host6 = prefix6 == null ? null : addresses.withPrefix6(addresses.node6(n.name()).hostAddress());
            OverlayMember member = new OverlayMember(u, mine.hostAddress() + "/" + addresses.subnet().prefix(), host6);
            members.add(member);
            if (DockerRuntime.on(ctx, n)) {
                refuseRemakeWithContainers(ctx, n, states.get(n.name()), spec.bridge(), member);
                docker.put(n.name(), new OverlayPlanner.DockerSide(spec.bridge(), mine.containerRange().toString(),
                        prefix6 == null ? null : addresses.node6(n.name()).containerRange().toString()));
            }
        }
        Plan plan = OverlayPlanner.plan(spec, members, states, docker);
        String bridge = spec.bridge() == null ? OverlayPlanner.DEFAULT_BRIDGE : spec.bridge();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!docker.containsKey(n.name())) // Docker gives its containers the network's MTU itself
                plan.addAll(n.name(), containerMtus(n, states.get(n.name()), bridge, members.get(i).underlay()
                        .overlayMtu()));
        }
        Object result = Changes.applyOrRollBack(ctx, plan);
        // A static mesh also needs every node to know the others' addresses and containers (nothing floods).
        return spec.learning() ? result : StaticMesh.after(ctx, result, spec.vni());
    }

    /** The node's namespace containers on the bridge whose veth does not have the overlay's MTU (any more). */
    private static List<Step> containerMtus(Node n, NodeState s, String bridge, int mtu) {
        List<Step> steps = new ArrayList<>();
        for (Containers.Found f : Containers.on(n, s)) {
            boolean stale = s.link(f.veth()).map(l -> bridge.equals(l.master()) && l.mtu() != mtu).orElse(false);
            if (stale) steps.addAll(ContainerPlanner.mtuSteps(f.namespace(), mtu));
        }
        return steps;
    }

    /**
     * Docker cannot change a network in place, and cannot remove one that containers are on: a network that must be
     * made anew (dual stack, IPv4 only again, another underlay family) with containers on it stops the command
     * before anything changes.
     */
    private static void refuseRemakeWithContainers(Context ctx, Node n, NodeState state, String bridge,
            OverlayMember member) {
        String why = OverlayPlanner.dockerNetworkChange(state, bridge, member);
        if (why == null) return;
        List<String> on = DockerEngine.containersOn(ctx, n, bridge);
        if (on.isEmpty()) return;
        throw new CommandFailed("the Docker network " + bridge + " on " + n.name() + " " + why + "; it still has "
                + String.join(", ", on) + ": remove them first (container rm NAME), then run overlay create again;"
                + " nothing was changed");
    }

    static OverlayShow show(Args a, Context ctx) {
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<OverlayRow> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Node n : nodes) {
            NodeState s = states.get(n.name());
            List<OverlayView> views = OverlayView.all(s).stream()
                    .filter(v -> a.get("bridge") == null || v.bridge().equals(a.get("bridge"))).toList();
            if (views.isEmpty()) warnings.add(n.name() + " has no overlay");
            for (OverlayView v : views) {
                OverlayView.Ipv6Side v6 = v.ipv6();
                rows.add(new OverlayRow(n.name(), v.bridge(), v.hostCidr(),
                        v.containerRange() == null ? "?" : v.containerRange().toString(),
                        v.vni(), v.port(), v.mtu(), v.vxlan(), v.peers(), Containers.on(n, s).size(),
                        v6 == null ? null : v6.hostCidr(),
                        v6 == null ? null : v6.containerRange() == null ? "?" : v6.containerRange().toString()));
                if (v6 != null && v6.containerRange() == null)
                    warnings.add(n.name() + ": " + v6.hostCidr() + " on " + v.bridge()
                            + " is not the IPv6 twin of " + v.hostCidr() + " in a netshell address plan");
                if (v.vxlan() == null && nodes.size() > 1)
                    warnings.add(n.name() + ": bridge " + v.bridge() + " has no VXLAN port");
                if (v.containerRange() == null)
                    warnings.add(n.name() + ": " + v.hostCidr() + " on " + v.bridge()
                            + " does not fit a netshell address plan");
            }
        }
        List<Cidr> ranges = rows.stream().filter(r -> !r.containerRange().equals("?"))
                .map(r -> Cidr.parse(r.containerRange())).toList();
        List<String> hosts = rows.stream().map(r -> r.host().substring(0, r.host().indexOf('/'))).toList();
        warnings.addAll(AddressPlan.conflicts(ranges, hosts));
        List<Ipv6Block> ranges6 = rows.stream().filter(r -> r.range6() != null && !r.range6().equals("?"))
                .map(r -> Ipv6Block.parse(r.range6())).toList();
        for (int i = 0; i < ranges6.size(); i++) {
            for (int j = i + 1; j < ranges6.size(); j++) {
                if (ranges6.get(i).overlaps(ranges6.get(j)))
                    warnings.add("IPv6 container range " + ranges6.get(i) + " overlaps " + ranges6.get(j));
            }
        }
        return new OverlayShow(rows, warnings);
    }

    /** Containers first (their veths are ports of the bridge), then the VXLAN port, then the bridge. */
    static Object delete(Args a, Context ctx) {
        String bridge = IfName.check(a.get("bridge"), "bridge");
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        Plan plan = new Plan();
        for (Node n : nodes) {
            NodeState s = states.get(n.name());
            OverlayView view = OverlayView.of(s, bridge).orElse(null);
            for (Containers.Found f : Containers.on(n, s)) {
                boolean onBridge = s.link(f.veth()).map(l -> bridge.equals(l.master())).orElse(false);
                if (onBridge) plan.addAll(n.name(), NamespaceContainers.removeSteps(ctx, f, s).stepsFor(n.name()));
            }
            if (view != null && view.vxlan() != null) {
                plan.addAll(n.name(), VxlanPlanner.deletePlan(view.vxlan(), Map.of(n.name(), s)).stepsFor(n.name()));
            }
            boolean dockerBridge = s.link(bridge).map(Link::ours).orElse(false)
                    && DockerRuntime.on(ctx, n);
            if (dockerBridge) {
                List<String> blocking = DockerEngine.containersOn(ctx, n, bridge);
                if (!blocking.isEmpty()) {
                    throw new CommandFailed("the Docker network " + bridge + " on " + n.name() + " still has "
                            + String.join(", ", blocking) + "; remove them first (container rm NAME);"
                            + " nothing was changed");
                }
                plan.add(n.name(), DockerNetwork.removal(bridge));
            } else {
                plan.addAll(n.name(), OverlayPlanner.deletePlan(bridge, Map.of(n.name(), s)).stepsFor(n.name()));
            }
        }
        return Changes.applyOrRollBack(ctx, plan);
    }
}
