package netshell.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import netshell.addr.math.Cidr;
import netshell.addr.math.IpLiteral;
import netshell.addr.math.Ipv6Block;
import netshell.command.CommandFailed;
import netshell.command.Context;
import netshell.core.BadInput;
import netshell.kernel.IfAddress;
import netshell.kernel.IfName;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.ExecResult;
import netshell.node.Node;
import netshell.overlay.plan.NodeUnderlay;
import netshell.overlay.plan.PathMtu;
import netshell.overlay.plan.VxlanPlanner;

/** Where a node's overlay traffic leaves: its underlay device, that device's address and MTU, from the node's state. */
public final class Underlays {
    /** A dry-run node reports no devices; plans for it assume an Ethernet MTU. */
    private static final int ASSUMED_MTU = 1500;
    /** A dry-run node has no IPv6 address; plans show this documentation address (RFC 3849) instead. */
    private static final String DRY_RUN_V6 = "2001:db8::1";

    private Underlays() {}

    /**
     * The underlays of a mesh: one family for every node. IPv4 unless {@code ipv6}; but where a node's underlay
     * device has no IPv4 address and every node has a global IPv6 one, the mesh runs over IPv6, and a notice says
     * so in one line (rather than failing with "has no IPv4 address").
     */
    public static List<NodeUnderlay> forMesh(Context ctx, List<Node> nodes, Map<String, NodeState> states, String dev,
            boolean ipv6) {
        if (!ipv6) {
            List<String> noIpv4 = new ArrayList<>();
            boolean allHave6 = true;
            for (Node n : nodes) {
                if (n.dryRun()) continue;
                String device = dev != null ? dev : n.underlay();
                NodeState s = states.get(n.name());
                if (device == null || s.link(device).isEmpty()) continue; // of() says what is wrong
                if (s.underlayAddress(device, n.address()) == null) noIpv4.add(n.name() + "'s " + device);
                allHave6 &= s.underlayAddress6(device) != null;
            }
            if (!noIpv4.isEmpty() && allHave6) {
                ctx.session().notice(String.join(", ", noIpv4) + (noIpv4.size() == 1 ? " has" : " have")
                        + " no IPv4 address: the VXLAN runs over the underlay's IPv6 addresses (MTU underlay - "
                        + VxlanPlanner.OVERHEAD_V6 + ")");
                ipv6 = true;
            }
        }
        List<NodeUnderlay> out = new ArrayList<>();
        for (Node n : nodes) out.add(of(n, states.get(n.name()), dev, ipv6));
        return throughRouters(ctx, nodes, states, out);
    }

    /**
     * Each member's underlay MTU lowered to that of its path to peers behind a router (VXLAN over L3): the smallest
     * a do-not-fragment probe finds ({@link PathMtu}), said in one line. Peers on the member's own subnet, IPv6
     * underlays and dry runs are not probed.
     */
    private static List<NodeUnderlay> throughRouters(Context ctx, List<Node> nodes, Map<String, NodeState> states,
            List<NodeUnderlay> members) {
        List<NodeUnderlay> out = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Node n = nodes.get(i);
            NodeUnderlay u = members.get(i);
            int mtu = u.mtu();
            String limitedBy = null;
            if (!n.dryRun() && !u.ipv6()) {
                List<IfAddress> own = states.get(n.name()).ipv4Of(u.dev());
                for (NodeUnderlay peer : members) {
                    if (peer == u || PathMtu.onLink(own, peer.address())) continue;
                    ExecResult r = ctx.read(n, PathMtu.probe(peer.address(), u.mtu()));
                    Integer said = PathMtu.said(r.stdout() + "\n" + r.stderr());
                    if (said != null && said < mtu) {
                        mtu = said;
                        limitedBy = peer.node() + " (" + peer.address() + ")";
                    }
                }
            }
            if (limitedBy != null)
                ctx.session().notice(n.name() + ": the underlay path to " + limitedBy + " carries " + mtu
                        + " bytes, less than " + u.dev() + "'s " + u.mtu() + ": the overlay's MTU there is "
                        + (mtu - (u.mtu() - u.overlayMtu())));
            out.add(mtu == u.mtu() ? u : new NodeUnderlay(u.node(), u.address(), u.dev(), mtu));
        }
        return out;
    }

    /** {@code dev} overrides the node's known underlay device (then its first IPv4 address is the VTEP address). */
    public static NodeUnderlay of(Node node, NodeState state, String dev) {
        return of(node, state, dev, false);
    }

    /** As above; with {@code ipv6} the VTEP address is the device's first global IPv6 address. */
    public static NodeUnderlay of(Node node, NodeState state, String dev, boolean ipv6) {
        String device = dev != null ? IfName.check(dev, "underlay device") : node.underlay();
        if (device == null)
            throw new CommandFailed(node.name() + ": cannot tell its underlay device; give --dev IFACE");
        Link link = state.link(device).orElse(null);
        boolean dryRun = node.dryRun();
        if (link == null && !dryRun)
            throw new CommandFailed(node.name() + " has no device " + device + " (nothing was changed)");
        if (ipv6) {
            String address = dryRun ? DRY_RUN_V6 : state.underlayAddress6(device);
            if (address == null)
                throw new CommandFailed(node.name() + ": " + device + " has no global IPv6 address to send VXLAN from");
            return new NodeUnderlay(node.name(), address, device, link == null ? ASSUMED_MTU : link.mtu());
        }
        String address = dryRun ? node.address() : state.underlayAddress(device, node.address());
        if (address == null)
            throw new CommandFailed(node.name() + ": " + device + " has no IPv4 address to send VXLAN from"
                    + " (and not every node has a global IPv6 one)");
        if (address == null || address.isEmpty())
            throw new CommandFailed(node.name() + ": its underlay address is unknown");
        return new NodeUnderlay(node.name(), address, device, link == null ? ASSUMED_MTU : link.mtu());
    }

    /**
     * Refuses an overlay whose subnet (or IPv6 prefix) overlaps the addresses of a node's underlay device: its routes
     * would take the underlay's own traffic, netshell's SSH and the VXLAN packets among it.
     */
    static void refuseOverlap(Node node, NodeState state, NodeUnderlay u, Cidr subnet, Ipv6Block prefix6) {
        List<IfAddress> held = new ArrayList<>(state.addressesOf(u.dev()));
        if (held.isEmpty() && IpLiteral.isV4(u.address())) held.add(new IfAddress(u.dev(), "inet", u.address(), 32));
        for (IfAddress a : held) {
            boolean overlaps = a.ipv4()
                    ? Cidr.parse(a.cidr()).normalized().overlaps(subnet)
                    : prefix6 != null && a.ipv6Routable() && Ipv6Block.parse(a.cidr()).normalized().overlaps(prefix6);
            if (overlaps) {
                throw new BadInput((a.ipv4() ? subnet : prefix6.normalized()) + " overlaps the underlay of "
                        + node.name() + " (" + a.cidr() + " on " + u.dev() + "): the overlay's routes would take the "
                        + "underlay's traffic; pick a subnet of its own");
            }
        }
    }
}
