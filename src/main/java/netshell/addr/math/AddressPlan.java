package netshell.addr.math;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import netshell.core.BadInput;

/**
 * The overlay address plan for N nodes. The subnet is split into P equal parts, P the next power of
 * two ≥ N+1: part 0 holds the node host (gateway) addresses in its lower half and the VIP range as
 * its upper half; part i (1..N) is node i's container range; any further parts stay spare. So no
 * two container ranges overlap, and no host address or VIP falls inside a container range.
 */
public final class AddressPlan {
    /** A container range must leave room for at least this many containers. */
    static final int MIN_CONTAINERS = 2;

    public record NodeAddresses(String node, String hostAddress, Cidr containerRange, String firstContainer,
            String lastContainer) {}

    private final Cidr subnet;
    private final List<NodeAddresses> nodes;
    private final Cidr vipRange;
    private final List<Cidr> spare;

    private AddressPlan(Cidr subnet, List<NodeAddresses> nodes, Cidr vipRange, List<Cidr> spare) {
        this.subnet = subnet;
        this.nodes = List.copyOf(nodes);
        this.vipRange = vipRange;
        this.spare = List.copyOf(spare);
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
        List<NodeAddresses> planned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cidr range = split.get(i + 1);
            int last = range.broadcastInt() == whole.broadcastInt() ? range.broadcastInt() - 1 : range.broadcastInt();
            planned.add(new NodeAddresses(nodeNames.get(i), infrastructure.addressAt(i + 1L), range,
                    range.addressAt(1), Ipv4.format(last)));
        }
        return new AddressPlan(whole, planned, vips, split.subList(n + 1, split.size()));
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
    public List<NodeAddresses> nodes() { return nodes; }
    public Cidr vipRange() { return vipRange; }

    /** Parts of the split that no node uses yet (room for nodes that join later). */
    public List<Cidr> spare() {
        return spare;
    }

    public NodeAddresses node(String name) {
        for (NodeAddresses n : nodes) if (n.node().equals(name)) return n;
        throw new BadInput("no node " + Shown.input(name) + " in the address plan (nodes: "
                + String.join(", ", nodes.stream().map(NodeAddresses::node).toList()) + ")");
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
        return "AddressPlan" + subnet + nodes + " vips=" + vipRange;
    }
}
