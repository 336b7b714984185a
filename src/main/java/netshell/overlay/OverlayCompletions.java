package netshell.overlay;

import java.util.List;

import netshell.command.LiveSource;
import netshell.command.NodeStates;
import netshell.kernel.Addresses;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.node.ExecResult;

/** What the overlay's commands complete from the nodes: VNIs, underlay devices, overlay bridges, containers. */
final class OverlayCompletions {
    private OverlayCompletions() {}

    static final LiveSource VNI = LiveSource.reading("vni", List.of(NodeStates.LINKS),
            (r, ctx, node) -> links(r.get(0)).stream().filter(Link::isVxlan).map(l -> String.valueOf(l.vni()))
                    .toList());

    /** Devices VXLAN can be sent from: the node's own (not netshell's) with an address to send from, not loopback. */
    static final LiveSource UNDERLAY = LiveSource.reading("underlay", List.of(NodeStates.LINKS, NodeStates.ADDRS),
            (r, ctx, node) -> {
                List<IfAddress> addresses = r.get(1).ok() ? Addresses.parse(r.get(1).stdout()) : List.of();
                return links(r.get(0)).stream().filter(l -> !l.ours() && !l.name().equals("lo"))
                        .filter(l -> addresses.stream()
                                .anyMatch(a -> a.ifname().equals(l.name()) && (a.ipv4() || a.ipv6Routable())))
                        .map(Link::name).toList();
            });

    static final LiveSource BRIDGE = LiveSource.reading("bridge", List.of(NodeStates.LINKS),
            (r, ctx, node) -> links(r.get(0)).stream().filter(l -> l.ours() && "bridge".equals(l.kind()))
                    .map(Link::name).toList());

    /**
     * Containers as the commands take them (container exec NAME), named as the finder the commands use names them;
     * namespace containers from the node state read with the other sources (Docker asks its engine besides).
     */
    static final LiveSource CONTAINER = LiveSource.reading("container", NodeStates.READS,
            (r, ctx, node) -> ContainerFinder.names(ctx, node, NodeStates.leniently(r)));

    private static List<Link> links(ExecResult r) {
        return r.ok() ? Links.parse(r.stdout()) : List.of();
    }
}
