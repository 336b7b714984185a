package netshell.trace.plan;

import netshell.core.IpFamily;
import netshell.kernel.KernelJson;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import netshell.kernel.Addresses;
import netshell.kernel.Fdb;
import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.kernel.Neighbour;
import netshell.kernel.Neighbours;

/**
 * One network namespace the packet may cross, as read: a node, or a container on a node. {@code peers} gives each
 * veth's peer ifindex ({@code link_index}), so a container's eth0 is joined to its node's end; {@code listeners}
 * are {@code ss -ltun} sockets as "tcp 0.0.0.0:80"; {@code nft} holds nftables' own tables ({@code nft -j list
 * ruleset} without iptables-nft's, which {@code ruleset} has). Routes, rules and neighbours are of both families where
 * both were read (each entry knows its own); {@code ruleset} is iptables', {@code ruleset6} ip6tables'; {@code dad}
 * the IPv6 addresses duplicate address detection holds back ("tentative" or "dadfailed").
 */
public record Box(String name, String node, boolean container, List<Link> links, Map<String, Integer> peers,
        List<IfAddress> addresses, List<RouteEntry> routes, List<PolicyRule> rules, List<Neighbour> neighbours,
        List<FdbEntry> fdb, Ruleset ruleset, Map<String, String> sysctls, List<String> listeners, NftRuleset nft,
        Ruleset ruleset6, Map<String, String> dad) {
    /** A box without IPv6's ip6tables and duplicate address detection read. */
    public Box(String name, String node, boolean container, List<Link> links, Map<String, Integer> peers,
            List<IfAddress> addresses, List<RouteEntry> routes, List<PolicyRule> rules, List<Neighbour> neighbours,
            List<FdbEntry> fdb, Ruleset ruleset, Map<String, String> sysctls, List<String> listeners, NftRuleset nft) {
        this(name, node, container, links, peers, addresses, routes, rules, neighbours, fdb, ruleset, sysctls,
                listeners, nft, Ruleset.EMPTY, Map.of());
    }

    public Box {
        links = List.copyOf(links);
        peers = Map.copyOf(peers);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        neighbours = List.copyOf(neighbours);
        fdb = List.copyOf(fdb);
        ruleset = ruleset == null ? Ruleset.EMPTY : ruleset;
        sysctls = Map.copyOf(sysctls);
        listeners = List.copyOf(listeners);
        nft = nft == null ? NftRuleset.EMPTY : nft;
        ruleset6 = ruleset6 == null ? Ruleset.EMPTY : ruleset6;
        dad = Map.copyOf(dad);
    }

    /**
     * The reads a box is made of, by name: what {@link #parse} takes; containers have no fdb, iptables, nft or
     * sysctl.
     */
    public static final List<String> READS = List.of("link", "addr", "route", "rule", "neigh", "ss", "fdb", "iptables",
            "sysctl", "nft", "route6", "rule6", "neigh6", "ip6tables");

    /**
     * A box from the raw outputs of its reads ({@link #READS}; a missing one counts as empty).
     *
     * @throws IllegalStateException naming the command whose JSON cannot be read
     */
    public static Box parse(String name, String node, boolean container, Function<String, String> read) {
        String link = read.apply("link");
        String addr = read.apply("addr");
        return new Box(name, node, container, Links.parse(link), peers(link), Addresses.parse(addr),
                both(RouteEntry.parse(read.apply("route")), RouteEntry.parse(read.apply("route6"), IpFamily.V6)),
                both(PolicyRule.parse(read.apply("rule")), PolicyRule.parse(read.apply("rule6"), IpFamily.V6)),
                both(Neighbours.parse(read.apply("neigh")), Neighbours.parse(read.apply("neigh6"))),
                Fdb.parse(read.apply("fdb")), Ruleset.parse(read.apply("iptables")), sysctls(read.apply("sysctl")),
                listeners(read.apply("ss")), NftRuleset.parse(read.apply("nft")), Ruleset.parse(read.apply(
                        "ip6tables")),
                Addresses.dad(addr));
    }

    /** The same box with the IPv6 routes, rules and ip6tables of its node added: the way to an IPv6 VTEP. */
    public Box withIpv6Underlay(String route6, String rule6, String ip6tables) {
        List<RouteEntry> routes6 = RouteEntry.parse(route6, IpFamily.V6);
        List<PolicyRule> rules6 = PolicyRule.parse(rule6, IpFamily.V6);
        return new Box(name, node, container, links, peers, addresses, both(routes, routes6), both(rules, rules6),
                neighbours, fdb, ruleset, sysctls, listeners, nft, Ruleset.parse(ip6tables), dad);
    }

    /** Whether a VXLAN device here runs over IPv6 (its local address, or a peer in its FDB, is IPv6). */
    public boolean vxlanOverIpv6() {
        for (Link l : links) {
            if (!l.isVxlan()) continue;
            if (l.vxlanLocal() != null && IpFamily.isV6(l.vxlanLocal())) return true;
            if (fdb.stream().anyMatch(e -> l.name().equals(e.ifname()) && e.dst() != null && IpFamily.isV6(e.dst())))
                return true;
        }
        return false;
    }

    private static <T> List<T> both(List<T> a, List<T> b) {
        if (b.isEmpty()) return a;
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** iptables' ruleset for IPv4, ip6tables' for IPv6. */
    Ruleset ruleset(IpFamily family) {
        return family == IpFamily.V6 ? ruleset6 : ruleset;
    }

    /** "web1 on node1" for a container, the node's name for a node. */
    public String label() {
        return container ? name + " on " + node : name;
    }

    Optional<Link> link(String dev) { return links.stream().filter(l -> l.name().equals(dev)).findFirst(); }

    /** The addresses this namespace answers for: IPv4's, and IPv6's that duplicate address detection let through. */
    Set<String> localAddresses() {
        Set<String> out = new HashSet<>();
        addresses.stream().filter(a -> a.ipv4() || !dad.containsKey(a.local())).forEach(a -> out.add(a.local()));
        return out;
    }

    boolean holds(String address) { return localAddresses().contains(address); }

    List<IfAddress> addressesOf(String dev) {
        return addresses.stream().filter(a -> a.ipv4() && a.ifname().equals(dev)).toList();
    }

    /** The device holding the address, or null. */
    String deviceOf(String address) {
        return addresses.stream().filter(a -> a.local().equals(address)).map(IfAddress::ifname).findFirst()
                .orElse(null);
    }

    /** The first IPv4 address of the device, or null. */
    String addressOn(String dev) {
        return addresses.stream().filter(a -> a.ipv4() && a.ifname().equals(dev)).map(IfAddress::local).findFirst()
                .orElse(null);
    }

    /** The device's addresses of one family (IPv6: link-local ones too). */
    List<IfAddress> addressesOf(String dev, IpFamily family) {
        return addresses.stream().filter(a -> a.ifname().equals(dev) && IpFamily.of(a.local()) == family).toList();
    }

    /**
     * The source the kernel gives a packet leaving by {@code dev} to {@code dst}: for IPv4 the device's first
     * address; for IPv6 a global one the duplicate address detection let through, the device's own first, then
     * another device's (as RFC 6724 prefers), a link-local one only towards a link-local destination.
     */
    String sourceFor(String dev, String dst) {
        if (IpFamily.of(dst) == IpFamily.V4) return addressOn(dev);
        boolean linkLocal = Ip.linkLocal(dst);
        List<IfAddress> usable = addresses.stream().filter(a -> IpFamily.isV6(a.local()) && !dad.containsKey(a
                .local()) && !a.ifname().equals("lo") && Ip.linkLocal(a.local()) == linkLocal).toList();
        return usable.stream().filter(a -> a.ifname().equals(dev)).findFirst()
                .or(() -> linkLocal ? java.util.Optional.empty() : usable.stream().findFirst())
                .map(IfAddress::local).orElse(null);
    }

    /** An integer sysctl (net.ipv4.ip_forward), or null when it was not read. */
    Integer sysctl(String key) {
        String v = sysctls.get(key);
        return v != null && v.strip().matches("\\d+") ? Integer.valueOf(v.strip()) : null;
    }

    /** The rp_filter mode the kernel applies on a device: the larger of "all" and the device's own. */
    int rpFilter(String dev) {
        Integer all = sysctl("net.ipv4.conf.all.rp_filter");
        Integer own = sysctl("net.ipv4.conf." + dev + ".rp_filter");
        return Math.max(all == null ? 0 : all, own == null ? 0 : own);
    }

    /** Whether the sysctls read say IPv4 forwarding is on (null when not read). */
    Boolean forwarding() {
        Integer f = sysctl("net.ipv4.ip_forward");
        return f == null ? null : f == 1;
    }

    /** Whether the family is forwarded: IPv6 by net.ipv6.conf.all.forwarding alone (null when not read). */
    Boolean forwarding(IpFamily family) {
        if (family == IpFamily.V4) return forwarding();
        Integer f = sysctl("net.ipv6.conf.all.forwarding");
        return f == null ? null : f != 0;
    }

    /** Whether IPv6 is off on the device: net.ipv6.conf.DEV.disable_ipv6 = 1 (setting "all" sets every device's). */
    boolean ipv6Disabled(String dev) {
        return dev != null && Integer.valueOf(1).equals(sysctl("net.ipv6.conf." + dev + ".disable_ipv6"));
    }

    /** {@code grep -H . /proc/sys/…} lines ("/proc/sys/net/ipv4/ip_forward:1") as dotted sysctl names. */
    public static Map<String, String> sysctls(String grepOutput) {
        Map<String, String> out = new LinkedHashMap<>();
        if (grepOutput == null) return out;
        for (String line : grepOutput.lines().toList()) {
            int colon = line.lastIndexOf(':');
            if (!line.startsWith("/proc/sys/") || colon < 0) continue;
            out.put(line.substring("/proc/sys/".length(), colon).replace('/', '.'), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** {@code ss -Hltun} lines as "tcp 0.0.0.0:80" (a header line of an older ss is skipped). */
    public static List<String> listeners(String ssOutput) {
        List<String> out = new ArrayList<>();
        if (ssOutput == null) return out;
        for (String line : ssOutput.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 5 || !(f[0].equals("tcp") || f[0].equals("udp"))) continue;
            out.add(f[0] + " " + f[4]);
        }
        return out;
    }

    /** veth peer ifindexes ({@code link_index}) by device name, from {@code ip -j -d link}. */
    public static Map<String, Integer> peers(String linkJson) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map<String, Object> o : KernelJson.objects(linkJson, "ip -j -d link")) {
            String name = KernelJson.string(o, "ifname");
            Integer peer = KernelJson.integer(o, "link_index");
            if (name != null && peer != null) out.put(name, peer);
        }
        return out;
    }
}
