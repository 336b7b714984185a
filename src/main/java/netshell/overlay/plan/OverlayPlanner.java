package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv6Block;
import netshell.core.BadInput;
import netshell.core.IpFamily;
import netshell.core.Plan;
import netshell.core.Step;
import netshell.kernel.IfAddress;
import netshell.kernel.IfName;
import netshell.runtime.docker.plan.DockerNetwork;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * Plans the L2 overlay a node's containers join: a bridge carrying the host address, with the
 * VXLAN device as one of its ports (never the other way round), then the VXLAN mesh itself.
 */
public final class OverlayPlanner {
    /** "nsbr0": short, obviously ours, and distinct from docker0/br-* and virbr*. */
    public static final String DEFAULT_BRIDGE = "nsbr0";

    private OverlayPlanner() {}

    /**
     * A node with a Docker engine: its bridge is a Docker bridge network of this name, handing out
     * {@code ipRange} (the node's container range) of the subnet, with the host address as gateway.
     */
    public record DockerSide(String network, String ipRange, String ipRange6) {
        /** An IPv4-only network. */
        public DockerSide(String network, String ipRange) {
            this(network, ipRange, null);
        }
    }

    /** Bridge steps come first on each node so that the VXLAN steps can enslave into an existing bridge. */
    public static Plan plan(VxlanSpec spec, List<OverlayMember> members, Map<String, NodeState> current) {
        return plan(spec, members, current, Map.of());
    }

    /** As {@link #plan(VxlanSpec, List, Map)}, with Docker bridge networks on the nodes named in {@code docker}. */
    public static Plan plan(VxlanSpec spec, List<OverlayMember> members, Map<String, NodeState> current,
            Map<String, DockerSide> docker) {
        VxlanSpec bridged = spec.bridge() == null ? spec.withBridge(DEFAULT_BRIDGE) : spec;
        checkHostAddresses(members);
        List<NodeUnderlay> underlays = members.stream().map(OverlayMember::underlay).toList();
        VxlanPlanner.checkMembers(underlays);
        checkDualStack(spec, members);
        OverlayClash.refuse(bridged, underlays, current,
                Cidr.parseSetting(members.get(0).hostCidr(), "host address").normalized());
        Plan plan = new Plan();
        for (OverlayMember member : members) {
            NodeUnderlay u = member.underlay();
            NodeState state = VxlanPlanner.stateOf(current, u.node());
            List<String> peers = underlays.stream().filter(o -> o != u).map(NodeUnderlay::address).toList();
            DockerSide side = docker.get(u.node());
            if (side != null && !spec.learning())
                throw new BadInput("a static mesh needs netshell's own bridge; " + u.node() + " uses a Docker network");
            plan.addAll(u.node(),
                    side == null ? bridgeSteps(bridged, member, state) : dockerSteps(bridged, member, state, side));
            plan.addAll(u.node(), neighbourSteps(bridged, member, members, state));
            // A Docker network made anew is a new bridge: the VXLAN device joins it again.
            boolean remade = side != null && dockerNetworkChange(state, bridged.bridge(), member) != null;
            plan.addAll(u.node(), VxlanPlanner.stepsFor(bridged, u, peers,
                    remade ? withoutBridge(state, bridged.bridge()) : state));
        }
        return plan;
    }

    /** Deletes the bridge on every node where netshell made it; its ports stay, unenslaved. */
    public static Plan deletePlan(String bridge, Map<String, NodeState> current) {
        IfName.check(bridge, "bridge");
        Plan plan = new Plan();
        current.forEach((node, state) -> state.link(bridge).filter(Link::ours).ifPresent(
                l -> plan.add(node, Step.of("remove netshell's bridge " + bridge, "ip", "link", "del", bridge))));
        return plan;
    }

    /**
     * Why the Docker network on {@code bridge} (ours, present) must be made anew for {@code member}, or null when it
     * fits: Docker cannot change a network's pools or options in place. Its IPv6 host address (Docker's IPv6
     * gateway) is not the member's (an IPv4-only network asked for dual stack, or back), or its VXLAN port runs over
     * the other underlay family, so the MTU the network gives its containers (underlay - 50 or - 70) is stale.
     */
    public static String dockerNetworkChange(NodeState state, String bridge, OverlayMember member) {
        if (state.link(bridge).filter(Link::ours).isEmpty()) return null;
        List<IfAddress> v6 = state.ipv6Of(bridge);
        String want6 = member.hostCidr6();
        if (want6 == null && !v6.isEmpty()) return "is dual stack and Docker cannot make it IPv4 only in place";
        if (want6 != null && v6.isEmpty()) return "is IPv4 only and Docker cannot make it dual stack in place";
        if (want6 != null && v6.stream().noneMatch(a -> a.cidr().equals(want6)))
            return "has another IPv6 prefix and Docker cannot change it in place";
        String local = state.links().stream().filter(l -> l.isVxlan() && bridge.equals(l.master()))
                .map(Link::vxlanLocal).filter(a -> a != null).findFirst().orElse(null);
        boolean over6 = IpFamily.isV6(member.underlay().address());
        if (local != null && IpFamily.isV6(local) != over6) {
            return "gives its containers the MTU of an IPv" + (over6 ? "4" : "6") + " underlay and Docker cannot"
                    + " change it in place";
        }
        return null;
    }

    /**
     * Docker makes the bridge (with the gateway addresses and MTU); we only tag it so that show and delete find it.
     * A network whose pools change is removed first (the caller has checked that no container is on it).
     */
    private static List<Step> dockerSteps(VxlanSpec spec, OverlayMember member, NodeState state, DockerSide side) {
        String bridge = spec.bridge();
        Link existing = state.link(bridge).orElse(null);
        List<Step> steps = new ArrayList<>();
        if (existing != null) {
            VxlanPlanner.refuseForeign(existing, member.underlay().node());
            if (dockerNetworkChange(state, bridge, member) == null) return List.of();
            steps.add(new Step(DockerNetwork.removeArgv(side.network()), null, "Docker cannot change a network's pools"
                    + " or MTU in place: remove it (no container is on it) and make it anew"));
        }
        Cidr host = Cidr.parseSetting(member.hostCidr(), "host address");
        String subnet = host.toString(); // the network with the host's prefix: 10.0.0.0/24 for 10.0.0.1/24
        String host6 = member.hostCidr6();
        DockerNetwork.Ipv6Pool pool6 = null;
        if (host6 != null) {
            if (side.ipRange6() == null)
                throw new BadInput("a dual-stack Docker network needs its IPv6 container range (" + bridge + ")");
            Ipv6Block h = Ipv6Block.parse(host6);
            pool6 = new DockerNetwork.Ipv6Pool(h.normalized().toString(), side.ipRange6(), h.address());
        }
        List<String> argv = DockerNetwork.createArgv(side.network(), subnet, side.ipRange(), host.address(),
                host.address(),
                bridge, member.underlay().overlayMtu(), pool6);
        String ranges = pool6 == null ? side.ipRange() : side.ipRange() + " and " + side.ipRange6();
        String gateways = pool6 == null ? "the host address is the gateway" : "the host addresses are the gateways";
        steps.add(new Step(argv, null, "Docker bridge network " + side.network() + " on bridge " + bridge
                + ": containers get " + ranges + ", " + gateways)
                .undoneBy(new Step(DockerNetwork.removeArgv(side.network()), null, "remove the Docker network")));
        steps.add(Step.of("tag " + bridge + " so that show and delete find it", "ip", "link", "set", "dev", bridge,
                "alias", Link.NETSHELL_ALIAS));
        if (pool6 != null) {
            // Docker adds its IPv6 gateway with duplicate address detection: tentative (unusable) for a second once
            // the VXLAN port brings carrier. The plan keeps addresses apart, so it goes on again without, as on
            // netshell's own bridges. (Docker's link-local gateway fe80::1, on every node of the segment, is left
            // alone: containers route via the global gateway.)
            steps.add(Step.of("Docker's IPv6 gateway is still tentative (duplicate address detection)", "ip", "-6",
                    "addr", "del", host6, "dev", bridge));
            steps.add(addHost6(host6, bridge));
        }
        return steps;
    }

    /** The node as it is once the bridge has gone: no such link, and its ports (the VXLAN device) unenslaved. */
    private static NodeState withoutBridge(NodeState state, String bridge) {
        List<Link> links = new ArrayList<>();
        for (Link l : state.links()) {
            if (l.name().equals(bridge)) continue;
            links.add(bridge.equals(l.master())
                    ? new Link(l.name(), l.ifindex(), l.kind(), l.state(), l.adminUp(), l.mtu(), null, l.alias(),
                            l.mac(), l.vni(), l.vxlanLocal(), l.vxlanPort(), l.vxlanDev(), l.learning(), l.proxy())
                    : l);
        }
        List<IfAddress> addresses = state.addresses().stream().filter(a -> !bridge.equals(a.ifname())).toList();
        return new NodeState(links, state.fdb(), addresses, state.namespaces(), state.neighbours());
    }

    private static List<Step> bridgeSteps(VxlanSpec spec, OverlayMember member, NodeState state) {
        String bridge = spec.bridge();
        String node = member.underlay().node();
        int mtu = member.underlay().overlayMtu();
        List<Step> steps = new ArrayList<>();
        Link existing = state.link(bridge).orElse(null);
        String staticMac = VxlanSpec.staticMac(2, member.underlay().address());
        if (existing == null) {
            steps.add((spec.learning()
                    ? Step.of("create bridge " + bridge + " for the host and its containers", "ip", "link", "add",
                            bridge, "type", "bridge")
                    : Step.of("create bridge " + bridge + " with the MAC its peers program (static mesh)", "ip",
                            "link", "add", bridge, "address", staticMac, "type", "bridge"))
                    .creating(bridge, LinkRemoval.of(bridge)));
            steps.add(Step.of("tag " + bridge + " so that show and delete find it", "ip", "link", "set", "dev", bridge,
                    "alias", Link.NETSHELL_ALIAS));
            steps.add(mtu(bridge, mtu));
            steps.add(up(bridge));
        } else {
            VxlanPlanner.refuseForeign(existing, node);
            if (!"bridge".equals(existing.kind())) throw new BadInput(bridge + " on " + node + " is not a bridge");
            if (existing.mtu() != mtu) steps.add(mtu(bridge, mtu));
            if (!spec.learning() && !staticMac.equals(existing.mac())) {
                steps.add(Step.of("static: the MAC peers program for this node's bridge", "ip", "link", "set", bridge,
                        "address", staticMac));
            }
            if (!existing.adminUp()) steps.add(up(bridge));
        }
        steps.addAll(addressSteps(spec, member, state));
        return steps;
    }

    /** The host address belongs on the bridge; an address on the bridged VXLAN port would be unreachable. */
    private static List<Step> addressSteps(VxlanSpec spec, OverlayMember member, NodeState state) {
        String bridge = spec.bridge();
        String want = member.hostCidr();
        List<Step> steps = new ArrayList<>();
        boolean vxlanOurs = state.link(spec.name()).map(Link::ours).orElse(false);
        if (vxlanOurs) {
            for (IfAddress a : state.ipv4Of(spec.name())) {
                steps.add(Step.of("move host addresses off the bridged " + spec.name() + " onto " + bridge,
                        "ip", "addr", "del", a.cidr(), "dev", spec.name()));
            }
        }
        boolean present = false;
        for (IfAddress a : state.ipv4Of(bridge)) {
            if (a.cidr().equals(want)) present = true;
            else
                steps.add(Step.of("address plan changed: " + a.cidr() + " is no longer this host's", "ip", "addr",
                        "del", a.cidr(), "dev", bridge));
        }
        if (!present) steps.add(Step.of("host address on the bridge", "ip", "addr", "add", want, "dev", bridge));
        steps.addAll(address6Steps(bridge, member.hostCidr6(), state));
        return steps;
    }

    /**
     * The IPv6 host address of a dual-stack overlay, without duplicate address detection (the plan already keeps
     * addresses apart, and a tentative address would fail the first packets); a single-stack plan removes it again.
     */
    private static List<Step> address6Steps(String bridge, String want, NodeState state) {
        List<Step> steps = new ArrayList<>();
        boolean present = false;
        for (IfAddress a : state.ipv6Of(bridge)) {
            if (a.cidr().equals(want)) present = true;
            else
                steps.add(Step.of("address plan changed: " + a.cidr() + " is no longer this host's", "ip", "-6",
                        "addr", "del", a.cidr(), "dev", bridge));
        }
        if (want != null && !present) steps.add(addHost6(want, bridge));
        return steps;
    }

    private static Step addHost6(String cidr, String bridge) {
        return Step.of("IPv6 host address on the bridge (no duplicate address detection: the plan keeps addresses"
                + " apart)", "ip", "-6", "addr", "add", cidr, "dev", bridge, "nodad");
    }

    /** A dual-stack overlay needs an IPv6 host address on every node, each its own, all in one prefix. */
    private static void checkDualStack(VxlanSpec spec, List<OverlayMember> members) {
        long dual = members.stream().filter(OverlayMember::dualStack).count();
        if (dual == 0) return;
        if (dual != members.size())
            throw new BadInput("a dual-stack overlay needs an IPv6 host address on every node");
        Set<String> seen = new HashSet<>();
        Ipv6Block first = Ipv6Block.parse(members.get(0).hostCidr6());
        for (OverlayMember m : members) {
            Ipv6Block b = Ipv6Block.parse(m.hostCidr6());
            if (!seen.add(b.address()))
                throw new BadInput("IPv6 host address " + b.address() + " is given to two nodes");
            if (!b.equals(first))
                throw new BadInput("IPv6 host address " + m.hostCidr6() + " of " + m.underlay().node()
                        + " is not in the overlay prefix " + first);
        }
    }

    /**
     * Static mesh: each peer's host address resolves, permanently, to that peer's bridge MAC (no ARP broadcast
     * needs to cross the tunnel). Flood mode removes such entries of netshell's MAC form again.
     */
    private static List<Step> neighbourSteps(VxlanSpec spec, OverlayMember member, List<OverlayMember> members,
            NodeState state) {
        String bridge = spec.bridge();
        List<Step> steps = new ArrayList<>();
        if (spec.learning()) {
            state.neighbours().stream()
                    .filter(n -> n.permanent() && bridge.equals(n.dev()) && n.lladdr() != null
                            && n.lladdr().startsWith("02:02:"))
                    .forEach(n -> steps.add(Step.of("flood mesh: ARP finds " + n.dst() + " again", "ip", "neigh",
                            "del", n.dst(), "dev", bridge)));
            return steps;
        }
        for (OverlayMember peer : members) {
            if (peer == member) continue;
            String ip = Cidr.parseSetting(peer.hostCidr(), "host address").address();
            String mac = VxlanSpec.staticMac(2, peer.underlay().address());
            if (!mac.equals(state.permanentNeighbour(bridge, ip))) {
                steps.add(Step.of("static: " + peer.underlay().node() + "'s host address without ARP", "ip", "neigh",
                        "replace", ip, "lladdr", mac, "dev", bridge, "nud", "permanent"));
            }
        }
        return steps;
    }

    private static void checkHostAddresses(List<OverlayMember> members) {
        if (members == null || members.isEmpty()) throw new BadInput("an overlay needs at least one node");
        Set<String> seen = new HashSet<>();
        Cidr first = Cidr.parseSetting(members.get(0).hostCidr(), "host address");
        for (OverlayMember m : members) {
            Cidr c = Cidr.parseSetting(m.hostCidr(), "host address of " + m.underlay().node());
            if (!seen.add(c.address())) throw new BadInput("host address " + c.address() + " is given to two nodes");
            if (c.prefix() != first.prefix() || c.networkInt() != first.networkInt()) {
                throw new BadInput("host address " + c.asGiven() + " of " + m.underlay().node()
                        + " is not in the overlay subnet of "
                        + first.asGiven());
            }
        }
    }

    private static Step mtu(String dev, int mtu) {
        return Step.of("same MTU as the VXLAN port, so frames are never too big for the tunnel", "ip", "link", "set",
                dev, "mtu", String.valueOf(mtu));
    }

    private static Step up(String dev) {
        return Step.of("bring " + dev + " up", "ip", "link", "set", dev, "up");
    }
}
