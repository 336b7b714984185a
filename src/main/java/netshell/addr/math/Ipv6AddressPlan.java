package netshell.addr.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * The IPv6 half of a dual-stack overlay's address plan. Every IPv4 address of the plan keeps its offset:
 * with 10.0.0.0/24 and fd00:10::/64, 10.0.0.65 (offset 65) is fd00:10::41 (0x41 = 65), node ranges such as
 * 10.0.0.64/26 become fd00:10::40/122. So a container's two addresses can be read off each other, and the IPv6
 * node ranges are as far apart as the IPv4 ones (which {@link AddressPlan} keeps disjoint). On the wire every
 * address carries the whole prefix (e.g. /64), as the IPv4 ones carry the subnet's.
 */
public final class Ipv6AddressPlan {
    public record NodeAddresses6(String node, String hostAddress, Ipv6Block containerRange, String firstContainer,
            String lastContainer) {}

    private static final int IPV4_BITS = 32;

    private final Ipv6Block prefix;
    private final AddressPlan plan;
    private final List<NodeAddresses6> nodes;

    private Ipv6AddressPlan(Ipv6Block prefix, AddressPlan plan) {
        this.prefix = prefix;
        this.plan = plan;
        List<NodeAddresses6> planned = new ArrayList<>();
        for (AddressPlan.NodeAddresses n : plan.nodes()) {
            planned.add(new NodeAddresses6(n.node(), map(n.hostAddress()), mapRange(n.containerRange()),
                    map(n.firstContainer()), map(n.lastContainer())));
        }
        this.nodes = List.copyOf(planned);
    }

    /** The IPv6 plan beside {@code plan}: {@code prefix} must hold at least as many addresses as its IPv4 subnet. */
    public static Ipv6AddressPlan of(Ipv6Block prefix, AddressPlan plan) {
        Ipv6Block whole = prefix.normalized();
        int v4Bits = IPV4_BITS - plan.subnet().prefix();
        if (Ipv6Block.BITS - whole.prefix() < v4Bits) {
            throw new BadInput(whole + " is too small for " + plan.subnet() + ": it has " + whole.total()
                    + " addresses, and each of the IPv4 subnet's " + plan.subnet().total()
                    + " needs its IPv6 twin at the same offset; use a /" + (Ipv6Block.BITS - v4Bits) + " or larger");
        }
        return new Ipv6AddressPlan(whole, plan);
    }

    /**
     * The --ipv6 word of an overlay: an IPv6 prefix with its length (fd00:10::/64), not IPv4, no zone id, not
     * link-local (every link has fe80::/64 already) and not multicast.
     */
    public static Ipv6Block parsePrefix(String text) {
        if (text == null || text.isBlank()) throw new BadInput("--ipv6 needs an IPv6 prefix, e.g. fd00:10::/64");
        String label = Shown.input(text);
        if (!IpFamily.isV6(text)) {
            throw new BadInput(label + " is not an IPv6 prefix; --ipv6 takes one such as fd00:10::/64"
                    + " (the IPv4 subnet is the first word)");
        }
        if (text.indexOf('%') < 0 && text.indexOf('/') < 0)
            throw new BadInput(label + " has no prefix length; give one such as fd00:10::/64");
        Ipv6Block block = Ipv6Block.parse(text);
        String unusable = AddressUse.notForOverlay(block);
        if (unusable != null)
            throw new BadInput(unusable + "; an overlay needs a unique local or global prefix, e.g. fd00:10::/64");
        return block;
    }

    public Ipv6Block prefix() { return prefix; }
    public AddressPlan ipv4() { return plan; }
    public List<NodeAddresses6> nodes() { return nodes; }

    public NodeAddresses6 node(String name) {
        plan.node(name); // names the nodes when there is no such node
        return nodes.stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
    }

    /** The VIP range's twin. */
    public Ipv6Block vipRange() { return mapRange(plan.vipRange()); }

    /** The IPv6 twin of an address of the IPv4 subnet: the same offset from the start of the prefix. */
    public String map(String ipv4) {
        Cidr subnet = plan.subnet();
        if (!subnet.contains(ipv4))
            throw new BadInput(ipv4 + " is not in the overlay subnet " + subnet + ", so it has no IPv6 twin");
        long offset = Ipv4.toLong(Ipv4.parse(ipv4)) - Ipv4.toLong(subnet.networkInt());
        return prefix.addressAt(BigInteger.valueOf(offset));
    }

    /** An address with the prefix's length, as `ip -6 addr add` takes it: fd00:10::41/64. */
    public String withPrefix(String ipv6) {
        return ipv6 + "/" + prefix.prefix();
    }

    private Ipv6Block mapRange(Cidr range) {
        int length = Ipv6Block.BITS - (IPV4_BITS - range.prefix());
        return Ipv6Block.parse(map(range.network()) + "/" + length);
    }

    @Override
    public String toString() {
        return "Ipv6AddressPlan" + prefix + nodes;
    }
}
