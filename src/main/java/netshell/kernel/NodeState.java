package netshell.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** What planners need to know about one node, as read by the parsers in this package. */
public record NodeState(List<Link> links, List<FdbEntry> fdb, List<IfAddress> addresses, List<String> namespaces,
        List<Neighbour> neighbours) {
    public NodeState {
        links = links == null ? List.of() : List.copyOf(links);
        fdb = fdb == null ? List.of() : List.copyOf(fdb);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        neighbours = neighbours == null ? List.of() : List.copyOf(neighbours);
    }

    public NodeState(List<Link> links, List<FdbEntry> fdb, List<IfAddress> addresses, List<String> namespaces) {
        this(links, fdb, addresses, namespaces, List.of());
    }

    public static NodeState empty() { return new NodeState(List.of(), List.of(), List.of(), List.of()); }

    public static NodeState of(List<Link> links, List<FdbEntry> fdb) {
        return new NodeState(links, fdb, List.of(), List.of());
    }

    /** From the raw outputs of `ip -j -d link`, `bridge -j fdb`, `ip -j addr` and `ip -j netns list`. */
    public static NodeState parse(String linkJson, String fdbJson, String addrJson, String netnsJson) {
        return parse(linkJson, fdbJson, addrJson, netnsJson, "");
    }

    /** As above, with the permanent neighbours of `ip -j neigh show nud permanent` (static VXLAN meshes). */
    public static NodeState parse(String linkJson, String fdbJson, String addrJson, String netnsJson,
            String neighJson) {
        return new NodeState(Links.parse(linkJson), Fdb.parse(fdbJson), Addresses.parse(addrJson),
                Netns.parse(netnsJson), Neighbours.parse(neighJson));
    }

    /** The MAC a permanent neighbour entry gives {@code address} on {@code dev}, or null. */
    public String permanentNeighbour(String dev, String address) {
        return neighbours.stream().filter(n -> n.permanent() && dev.equals(n.dev()) && address.equals(n.dst()))
                .map(Neighbour::lladdr).findFirst().orElse(null);
    }

    /**
     * The peers' VTEP addresses a VXLAN device sends to: its flood destinations, or, on a static mesh (no flood
     * entries), the destinations of its per-peer entries.
     */
    public List<String> meshPeers(String vxlanDevice) {
        List<String> flood = floodDestinations(vxlanDevice);
        if (!flood.isEmpty()) return flood;
        return staticDestinations(vxlanDevice).stream().map(FdbEntry::dst).distinct().toList();
    }

    /** Whether the VXLAN device is part of a static mesh: it neither learns nor floods (overlay create --static). */
    public boolean staticMesh(String vxlanDevice) {
        return link(vxlanDevice).map(l -> Boolean.FALSE.equals(l.learning())).orElse(false)
                && floodDestinations(vxlanDevice).isEmpty();
    }

    /** Programmed unicast entries with a remote destination on a VXLAN device: a static mesh's per-peer entries. */
    public List<FdbEntry> staticDestinations(String vxlanDevice) {
        // Learned entries (a flooding mesh's, which learns) point at peers too, but nobody programmed them.
        return fdb.stream().filter(e -> vxlanDevice.equals(e.ifname()) && e.dst() != null && !e.isFloodEntry()
                && e.permanent()).toList();
    }

    public Optional<Link> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public List<IfAddress> addressesOf(String ifname) {
        return addresses.stream().filter(a -> a.ifname().equals(ifname)).toList();
    }

    /** The device's IPv4 ("inet") addresses, in the kernel's order. */
    public List<IfAddress> ipv4Of(String ifname) {
        return addressesOf(ifname).stream().filter(IfAddress::ipv4).toList();
    }

    /** The device's IPv6 addresses but the link-local ones, in the kernel's order. */
    public List<IfAddress> ipv6Of(String ifname) {
        return addressesOf(ifname).stream().filter(IfAddress::ipv6Routable).toList();
    }

    /**
     * The node's address on its underlay device: {@code reachedAt} when the device holds it; otherwise
     * (--dev, or a node reached through a port forward such as Vagrant's 127.0.0.1:2222) the device's own
     * first IPv4 address; null when the device has none.
     */
    public String underlayAddress(String device, String reachedAt) {
        List<String> onDevice = hostsLast(ipv4Of(device), 32);
        if (onDevice.contains(reachedAt)) return reachedAt;
        return onDevice.isEmpty() ? null : onDevice.get(0);
    }

    /**
     * The device's first global IPv6 address (not link-local fe80::/10), or null: a VTEP address for IPv6. A /128
     * comes last: it is a VIP that lb put there (ip lists the newest IPv6 address first), not the node's own.
     */
    public String underlayAddress6(String device) {
        return hostsLast(addressesOf(device).stream().filter(a -> "inet6".equals(a.family()))
                .filter(a -> !a.local().toLowerCase(Locale.ROOT).startsWith("fe8")).toList(), 128).stream()
                .findFirst().orElse(null);
    }

    /** The addresses in their order, but single-host ones (a prefix of {@code hostBits}) after the others. */
    private static List<String> hostsLast(List<IfAddress> addresses, int hostBits) {
        return Stream.concat(addresses.stream().filter(a -> a.prefixLen() != hostBits),
                addresses.stream().filter(a -> a.prefixLen() == hostBits)).map(IfAddress::local).toList();
    }

    /** Flood (all-zeros) destinations programmed on a VXLAN device. */
    public List<String> floodDestinations(String vxlanDevice) {
        return fdb.stream().filter(e -> vxlanDevice.equals(e.ifname()) && e.isFloodEntry()).map(FdbEntry::dst).toList();
    }
}
