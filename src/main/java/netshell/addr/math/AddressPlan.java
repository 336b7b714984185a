package netshell.addr.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import netshell.core.BadInput;
import netshell.core.IpFamily;

/**
 * The overlay address plan for N nodes. The subnet is split into P equal parts, P the next power of
 * two ≥ N+1: part 0 holds the node host (gateway) addresses in its lower half and the VIP range as
 * its upper half; part i (1..N) is node i's container range; any further parts stay spare. So no
 * two container ranges overlap, and no host address or VIP falls inside a container range.
 * <p>
 * A dual-stack plan ({@link #withIpv6}) adds an IPv6 prefix in which every IPv4 address of the plan keeps its
 * offset: with 10.0.0.0/24 and fd00:10::/64, 10.0.0.65 (offset 65) is fd00:10::41 (0x41 = 65), node ranges such as
 * 10.0.0.64/26 become fd00:10::40/122. So a container's two addresses can be read off each other, and the IPv6 node
 * ranges are as far apart as the IPv4 ones. On the wire every address carries the whole prefix (e.g. /64), as the
 * IPv4 ones carry the subnet's.
 */
public final class AddressPlan {
    /** A container range must leave room for at least this many containers. */
    static final int MIN_CONTAINERS = 2;

    /** One node's addresses in one family: its host (gateway) address and its container range. */
    public record NodeAddresses<P extends IpPrefix>(String node, String hostAddress, P containerRange,
            String firstContainer, String lastContainer) {}

    private final Cidr subnet;
    private final List<NodeAddresses<Cidr>> nodes;
    private final Cidr vipRange;
    private final List<Cidr> spare;
    /** The IPv6 prefix of a dual-stack plan, null for an IPv4-only one; its addresses mirror the IPv4 offsets. */
    private final Ipv6Block prefix6;
    private final List<NodeAddresses<Ipv6Block>> nodes6;

    private AddressPlan(Cidr subnet, List<NodeAddresses<Cidr>> nodes, Cidr vipRange, List<Cidr> spare,
            Ipv6Block prefix6) {
        this.subnet = subnet;
        this.nodes = List.copyOf(nodes);
        this.vipRange = vipRange;
        this.spare = List.copyOf(spare);
        this.prefix6 = prefix6;
        List<NodeAddresses<Ipv6Block>> planned = new ArrayList<>();
        if (prefix6 != null) {
            for (NodeAddresses<Cidr> n : nodes) {
                planned.add(new NodeAddresses<>(n.node(), map6(n.hostAddress()), mapRange(n.containerRange()),
                        map6(n.firstContainer()), map6(n.lastContainer())));
            }
        }
        this.nodes6 = List.copyOf(planned);
    }

    public static AddressPlan of(Cidr subnet, List<String> nodeNames) {
        checkNames(nodeNames);
        Cidr whole = subnet.normalized();
        int n = nodeNames.size();
        long parts = Long.highestOneBit(n + 1L);
        if (parts < n + 1L) parts <<= 1;
        long partSize = whole.total() / parts;
        long needed = neededPartSize(n);
        if (parts > whole.total() || partSize < needed) throw tooSmall(whole, n, parts, needed);

        List<Cidr> split = whole.split((int) parts);
        Cidr infrastructure = split.get(0);
        Cidr vips = infrastructure.split(2).get(1);
        List<NodeAddresses<Cidr>> planned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cidr range = split.get(i + 1);
            int last = range.broadcastInt() == whole.broadcastInt() ? range.broadcastInt() - 1 : range.broadcastInt();
            planned.add(new NodeAddresses<>(nodeNames.get(i), infrastructure.addressAt(i + 1L), range,
                    range.addressAt(1), Ipv4.format(last)));
        }
        return new AddressPlan(whole, planned, vips, split.subList(n + 1, split.size()), null);
    }

    /**
     * This plan made dual-stack: {@code prefix} must hold at least as many addresses as the IPv4 subnet, so that
     * every IPv4 address has its IPv6 twin at the same offset.
     */
    public AddressPlan withIpv6(Ipv6Block prefix) {
        Ipv6Block whole = prefix.normalized();
        int v4Bits = IpFamily.V4.bits() - subnet.prefix();
        if (IpFamily.V6.bits() - whole.prefix() < v4Bits) {
            throw new BadInput(whole + " is too small for " + subnet + ": it has " + whole.total()
                    + " addresses, and each of the IPv4 subnet's " + subnet.total()
                    + " needs its IPv6 twin at the same offset; use a /" + (IpFamily.V6.bits() - v4Bits)
                    + " or larger");
        }
        return new AddressPlan(subnet, nodes, vipRange, spare, whole);
    }

    /**
     * The --ipv6 word of an overlay: an IPv6 prefix with its length (fd00:10::/64), not IPv4, no zone id, not
     * link-local (every link has fe80::/64 already) and not multicast.
     */
    public static Ipv6Block parseIpv6Prefix(String text) {
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

    private static void checkNames(List<String> names) {
        if (names == null || names.isEmpty())
            throw new BadInput("an address plan needs at least one node (0 nodes given)");
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) throw new BadInput("empty node name in the address plan");
            if (!seen.add(name)) throw new BadInput("node " + Shown.input(name) + " appears twice in the address plan");
        }
    }

    /**
     * Smallest part size that works: part 0's lower half holds its network address and N hosts, its
     * upper half at least one VIP; a node part holds its network address, two containers and, for the
     * last part, the subnet broadcast.
     */
    static long neededPartSize(int nodes) {
        long forInfrastructure = Long.highestOneBit(2L * (nodes + 1) - 1) << 1;
        return Math.max(forInfrastructure, 4);
    }

    private static BadInput tooSmall(Cidr whole, int n, long parts, long needed) {
        long neededTotal = parts * needed;
        String suggestion = neededTotal > (1L << 32)
                ? "no IPv4 block is large enough"
                : "use a /" + (32 - Long.numberOfTrailingZeros(neededTotal)) + " or larger";
        return new BadInput(whole + " is too small for " + n + " node" + (n == 1 ? "" : "s") + ": it has "
                + whole.total() + " addresses, but the plan needs " + parts + " parts (" + n
                + " node ranges + 1 for hosts and VIPs, rounded up to a power of two) of " + needed
                + " addresses each (part 0 holds " + n + " host address" + (n == 1 ? "" : "es")
                + " in its lower half and VIPs in its upper half; a node range holds at least " + MIN_CONTAINERS
                + " containers), " + neededTotal + " in all; " + suggestion);
    }

    public Cidr subnet() { return subnet; }
    public List<NodeAddresses<Cidr>> nodes() { return nodes; }
    public Cidr vipRange() { return vipRange; }

    /** The IPv6 prefix of a dual-stack plan; null for an IPv4-only one. */
    public Ipv6Block prefix6() {
        return prefix6;
    }

    /** The IPv6 twins of {@link #nodes()}; empty for an IPv4-only plan. */
    public List<NodeAddresses<Ipv6Block>> nodes6() {
        return nodes6;
    }

    /** The VIP range's IPv6 twin. */
    public Ipv6Block vipRange6() { return mapRange(vipRange); }

    /** Parts of the split that no node uses yet (room for nodes that join later). */
    public List<Cidr> spare() {
        return spare;
    }

    public NodeAddresses<Cidr> node(String name) {
        for (NodeAddresses<Cidr> n : nodes) if (n.node().equals(name)) return n;
        throw new BadInput("no node " + Shown.input(name) + " in the address plan (nodes: "
                + String.join(", ", nodes.stream().map(NodeAddresses::node).toList()) + ")");
    }

    /** A node's IPv6 addresses in a dual-stack plan. */
    public NodeAddresses<Ipv6Block> node6(String name) {
        int index = nodes.indexOf(node(name)); // names the nodes when there is no such node
        if (prefix6 == null) throw new IllegalStateException("an IPv4-only plan has no IPv6 addresses");
        return nodes6.get(index);
    }

    /** The IPv6 twin of an address of the IPv4 subnet: the same offset from the start of the prefix. */
    public String map6(String ipv4) {
        if (prefix6 == null) throw new IllegalStateException("an IPv4-only plan has no IPv6 twins");
        if (!subnet.contains(ipv4))
            throw new BadInput(ipv4 + " is not in the overlay subnet " + subnet + ", so it has no IPv6 twin");
        long offset = Ipv4.toLong(Ipv4.parse(ipv4)) - Ipv4.toLong(subnet.networkInt());
        return prefix6.addressAt(BigInteger.valueOf(offset));
    }

    /** An IPv6 address with the prefix's length, as `ip -6 addr add` takes it: fd00:10::41/64. */
    public String withPrefix6(String ipv6) {
        return ipv6 + "/" + prefix6.prefix();
    }

    private Ipv6Block mapRange(Cidr range) {
        int length = IpFamily.V6.bits() - (IpFamily.V4.bits() - range.prefix());
        return Ipv6Block.parse(map6(range.network()) + "/" + length);
    }

    /** The index-th container address of a node, 0 being its first container address. */
    public String containerAddress(String node, int index) {
        NodeAddresses n = node(node);
        long first = Ipv4.toLong(Ipv4.parse(n.firstContainer()));
        long count = Ipv4.toLong(Ipv4.parse(n.lastContainer())) - first + 1;
        if (index < 0 || index >= count) {
            throw new BadInput("container index " + index + " is outside " + n.node() + "'s range: it has "
                    + count + " container addresses (index 0.." + (count - 1) + ", " + n.firstContainer() + " – "
                    + n.lastContainer() + ")");
        }
        return Ipv4.format((int) (first + index));
    }

    /** Problems in live state: container ranges that overlap, host addresses inside a range, reused hosts. */
    public static List<String> conflicts(List<Cidr> ranges, List<String> hostAddresses) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).overlaps(ranges.get(j))) {
                    problems.add("container range " + ranges.get(i) + " overlaps container range " + ranges.get(j));
                }
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (String host : hostAddresses) {
            int address = Ipv4.parse(host);
            if (!seen.add(address)) problems.add("host address " + Ipv4.format(address) + " is used twice");
            for (Cidr range : ranges) {
                if (range.containsInt(address)) {
                    problems.add("host address " + Ipv4.format(address) + " lies inside container range " + range);
                }
            }
        }
        return problems;
    }

    @Override
    public String toString() {
        return "AddressPlan" + subnet + nodes + " vips=" + vipRange + (prefix6 == null ? "" : " " + prefix6 + nodes6);
    }
}
