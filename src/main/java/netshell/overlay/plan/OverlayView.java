package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import netshell.addr.math.AddressPlan;
import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv4;
import netshell.core.BadInput;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * One node's part of an overlay, derived from its kernel state alone, so nothing needs to be stored:
 * our bridge's address gives the subnet and the host address, the VXLAN port of the bridge gives VNI,
 * port and peers (flood or static entries; N = peers + 1), and {@link AddressPlan} recomputes this node's container range from
 * the subnet, N and the host address's position (host i+1 of part 0 is node i).
 */
public record OverlayView(String bridge, String hostCidr, String hostAddress, Cidr subnet, int mtu, String vxlan,
        Integer vni, Integer port, List<String> peers, Cidr containerRange, String firstContainer,
        String lastContainer) {
    public OverlayView {
        peers = List.copyOf(peers);
    }

    /** Every overlay bridge of ours on the node (a bridge tagged netshell that carries an IPv4 address). */
    public static List<OverlayView> all(NodeState state) {
        List<OverlayView> out = new ArrayList<>();
        for (Link l : state.links()) {
            if ("bridge".equals(l.kind()) && l.ours()) of(state, l.name()).ifPresent(out::add);
        }
        return out;
    }

    public static Optional<OverlayView> of(NodeState state, String bridge) {
        Link br = state.link(bridge).filter(Link::ours).orElse(null);
        if (br == null) return Optional.empty();
        IfAddress host = state.ipv4Of(bridge).stream().findFirst().orElse(null);
        if (host == null) return Optional.empty();
        Link vx = state.links().stream().filter(l -> l.isVxlan() && bridge.equals(l.master())).findFirst().orElse(null);
        List<String> peers = vx == null ? List.of() : state.meshPeers(vx.name());
        Cidr subnet = Cidr.parse(host.cidr()).normalized();
        AddressPlan.NodeAddresses mine = rangeOf(subnet, peers.size() + 1, host.local());
        return Optional.of(new OverlayView(bridge, host.cidr(), host.local(), subnet, br.mtu(),
                vx == null ? null : vx.name(), vx == null ? null : vx.vni(), vx == null ? null : vx.vxlanPort(), peers,
                mine == null ? null : mine.containerRange(), mine == null ? null : mine.firstContainer(),
                mine == null ? null : mine.lastContainer()));
    }

    /** The plan entry whose host address is {@code host} in a plan of {@code nodes} nodes, or null when none is. */
    static AddressPlan.NodeAddresses rangeOf(Cidr subnet, int nodes, String host) {
        try {
            AddressPlan plan = AddressPlan.of(subnet, IntStream.rangeClosed(1, nodes).mapToObj(i -> "n" + i).toList());
            return plan.nodes().stream().filter(n -> n.hostAddress().equals(host)).findFirst().orElse(null);
        } catch (BadInput e) {
            return null; // an address plan we did not make
        }
    }

    /** True when the address lies in this node's container range. */
    public boolean inRange(String address) {
        if (containerRange == null) return false;
        long a = Ipv4.toLong(Ipv4.parse(address));
        return a >= Ipv4.toLong(Ipv4.parse(firstContainer)) && a <= Ipv4.toLong(Ipv4.parse(lastContainer));
    }

    /** The first address of the range that is not in {@code used}. */
    public String nextFree(List<String> used) {
        if (containerRange == null) throw new BadInput("bridge " + bridge + " has no container range netshell planned");
        long first = Ipv4.toLong(Ipv4.parse(firstContainer));
        long last = Ipv4.toLong(Ipv4.parse(lastContainer));
        for (long a = first; a <= last; a++) {
            String s = Ipv4.format((int) a);
            if (!used.contains(s)) return s;
        }
        throw new BadInput("container range " + containerRange + " on " + bridge + " is full (" + (last - first + 1)
                + " addresses)");
    }

    /** The container address with the subnet's prefix, e.g. 10.0.0.65/24. */
    public String withPrefix(String address) {
        return address + "/" + subnet.prefix();
    }
}
