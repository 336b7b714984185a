package netshell.trace.plan;

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
 * ruleset} without iptables-nft's, which {@code ruleset} has).
 */
public record Box(String name, String node, boolean container, List<Link> links, Map<String, Integer> peers,
        List<IfAddress> addresses, List<RouteEntry> routes, List<PolicyRule> rules, List<Neighbour> neighbours,
        List<FdbEntry> fdb, Ruleset ruleset, Map<String, String> sysctls, List<String> listeners, NftRuleset nft) {
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
    }

    /**
     * The reads a box is made of, by name: what {@link #parse} takes; containers have no fdb, iptables, nft or
     * sysctl.
     */
    public static final List<String> READS = List.of("link", "addr", "route", "rule", "neigh", "ss", "fdb", "iptables",
            "sysctl", "nft");

    /**
     * A box from the raw outputs of its reads ({@link #READS}; a missing one counts as empty).
     *
     * @throws IllegalStateException naming the command whose JSON cannot be read
     */
    public static Box parse(String name, String node, boolean container, Function<String, String> read) {
        String link = read.apply("link");
        return new Box(name, node, container, Links.parse(link), peers(link), Addresses.parse(read.apply("addr")),
                RouteEntry.parse(read.apply("route")), PolicyRule.parse(read.apply("rule")),
                Neighbours.parse(read.apply("neigh")), Fdb.parse(read.apply("fdb")), Ruleset.parse(read.apply(
                        "iptables")),
                sysctls(read.apply("sysctl")), listeners(read.apply("ss")), NftRuleset.parse(read.apply("nft")));
    }

    /** "web1 on node1" for a container, the node's name for a node. */
    public String label() {
        return container ? name + " on " + node : name;
    }

    Optional<Link> link(String dev) { return links.stream().filter(l -> l.name().equals(dev)).findFirst(); }

    Set<String> localAddresses() {
        Set<String> out = new HashSet<>();
        addresses.stream().filter(IfAddress::ipv4).forEach(a -> out.add(a.local()));
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
