package netshell.overlay.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import netshell.addr.math.AddressPlan;
import netshell.addr.math.Cidr;
import netshell.addr.math.Ipv4;
import netshell.addr.math.Ipv6Block;
import netshell.core.BadInput;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/**
 * One node's part of an overlay, derived from its kernel state alone, so nothing needs to be stored:
 * our bridge's address gives the subnet and the host address, the VXLAN port of the bridge gives VNI,
 * port and peers (flood or static entries; N = peers + 1), and {@link AddressPlan} recomputes this node's container
 * range from the subnet, N and the host address's position (host i+1 of part 0 is node i).
 */
public record OverlayView(String bridge, String hostCidr, String hostAddress, Cidr subnet, int mtu, String vxlan,
        Integer vni, Integer port, List<String> peers, Cidr containerRange, String firstContainer,
        String lastContainer, Ipv6Side ipv6) {
    public OverlayView {
        peers = List.copyOf(peers);
    }

    /**
     * A dual-stack overlay's IPv6 half, read from the bridge's IPv6 address: host address with the prefix's length,
     * and (when the host address is the twin of the IPv4 one, as netshell plans it) the node's IPv6 range and the
     * plan that maps container addresses; range and plan are null for an IPv6 address netshell did not plan.
     */
    public record Ipv6Side(String hostCidr, String hostAddress, Ipv6Block prefix, Ipv6Block containerRange,
            AddressPlan plan) {}

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
        AddressPlan plan = planOf(subnet, peers.size() + 1);
        AddressPlan.NodeAddresses<Cidr> mine = plan == null
                ? null
                : plan.nodes().stream().filter(n -> n.hostAddress().equals(host.local())).findFirst().orElse(null);
        IfAddress host6 = state.ipv6Of(bridge).stream().findFirst().orElse(null);
        return Optional.of(new OverlayView(bridge, host.cidr(), host.local(), subnet, br.mtu(),
                vx == null ? null : vx.name(), vx == null ? null : vx.vni(), vx == null ? null : vx.vxlanPort(), peers,
                mine == null ? null : mine.containerRange(), mine == null ? null : mine.firstContainer(),
                mine == null ? null : mine.lastContainer(), host6 == null ? null : ipv6Side(host6, plan, mine)));
    }

    /**
     * The plan of {@code nodes} nodes over the subnet, or null when there is none (an address plan we did not make).
     */
    static AddressPlan planOf(Cidr subnet, int nodes) {
        try {
            return AddressPlan.of(subnet, IntStream.rangeClosed(1, nodes).mapToObj(i -> "n" + i).toList());
        } catch (BadInput e) {
            return null;
        }
    }

    private static Ipv6Side ipv6Side(IfAddress host6, AddressPlan plan, AddressPlan.NodeAddresses<Cidr> mine) {
        Ipv6Block prefix = Ipv6Block.parse(host6.cidr()).normalized();
        AddressPlan plan6 = null;
        if (mine != null) {
            try {
                plan6 = plan.withIpv6(prefix);
            } catch (BadInput e) {
                plan6 = null; // a prefix too small for the plan: not netshell's
            }
        }
        if (plan6 == null || !plan6.map6(mine.hostAddress()).equals(Ipv6Block.canonical(host6.local())))
            return new Ipv6Side(host6.cidr(), host6.local(), prefix, null, null);
        return new Ipv6Side(host6.cidr(), host6.local(), prefix, plan6.node6(mine.node()).containerRange(), plan6);
    }

    /** Whether the bridge also carries an IPv6 host address. */
    public boolean dualStack() { return ipv6 != null; }

    /**
     * A container's IPv6 address with the prefix's length (fd00:10::41/64 for 10.0.0.65), or null on an IPv4-only
     * overlay; an IPv6 address netshell did not plan is a BadInput.
     */
    public String address6For(String address) {
        if (ipv6 == null) return null;
        if (ipv6.plan() == null) {
            throw new BadInput(ipv6.hostCidr() + " on " + bridge + " is not the IPv6 twin of " + hostCidr
                    + " in a netshell address plan; cannot give containers an IPv6 address");
        }
        return ipv6.plan().withPrefix6(ipv6.plan().map6(address));
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
