package netshell.lab.topo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import groovy.json.JsonSlurper;

/**
 * A running lab read back as a topology (what {@code lab save} writes): the nodes the lab was made with, the
 * bridges in its LAN namespace, one link per veth pair found between them (with its mtu when not 1500), and as
 * each node's exec the addresses its link interfaces hold now ({@code ip addr add …}), so the saved file brings
 * up the same lab. Commands the lab ran that left no trace there are not guessed.
 */
public final class LiveTopology {
    /**
     * What one namespace printed: {@code ip -j -d link show}, {@code ip -j addr show}, {@code ip -j netns list-id}
     * and {@code ip -j route show}.
     */
    public record Dump(String links, String addresses, String nsids, String routes) {}

    private record Veth(String ns, String ifname, int ifindex, Integer peerIndex, String peerNs, int mtu,
            String master) {}

    private static final int DEFAULT_MTU = 1500;

    private LiveTopology() {}

    /**
     * @param made the topology the lab was brought up with (node names, kinds, images, the node → namespace rule)
     * @param dumps what each namespace of the lab printed, by namespace name (nodes and LAB-lan)
     */
    public static Topology read(Topology made, String lab, Map<String, Dump> dumps) {
        return read(made, lab, NodePlacement.inFileOrder(made), dumps);
    }

    /** As above, for a lab whose nodes were added or removed live: each node where {@code placement} says. */
    public static Topology read(Topology made, String lab, NodePlacement placement, Map<String, Dump> dumps) {
        TopologyPlan names = new TopologyPlan(made, lab, placement);
        String lan = lab + "-lan";
        Map<String, String> nodeOfNs = new LinkedHashMap<>();
        for (TopoNode n : made.linuxNodes()) nodeOfNs.put(names.namespace(n.name()), n.name());
        List<Veth> veths = new ArrayList<>();
        List<String> bridges = new ArrayList<>();
        for (var e : dumps.entrySet()) {
            String ns = e.getKey();
            Map<Integer, String> nsids = new LinkedHashMap<>();
            for (Map<?, ?> id : objects(e.getValue().nsids())) {
                if (id.get("name") != null) nsids.put(((Number) id.get("nsid")).intValue(), (String) id.get("name"));
            }
            for (Map<?, ?> l : objects(e.getValue().links())) {
                String kind = kind(l);
                String ifname = (String) l.get("ifname");
                if (ns.equals(lan) && "bridge".equals(kind) && !"br0".equals(ifname)) bridges.add(ifname);
                if (!"veth".equals(kind)) continue;
                Integer peerIndex = l.get("link_index") instanceof Number n ? n.intValue() : null;
                String peerNs = l.get("link_netnsid") instanceof Number id ? nsids.get(id.intValue()) : ns;
                veths.add(new Veth(ns, ifname, ((Number) l.get("ifindex")).intValue(), peerIndex, peerNs,
                        ((Number) l.get("mtu")).intValue(), (String) l.get("master")));
            }
        }
        List<TopoNode> nodes = new ArrayList<>();
        for (TopoNode n : made.linuxNodes()) {
            String ns = names.namespace(n.name());
            nodes.add(new TopoNode(n.name(), TopoNode.Kind.LINUX, n.image(),
                    dumps.containsKey(ns) ? execLines(dumps.get(ns)) : List.of()));
        }
        for (String b : bridges) {
            String image = made.bridges().stream().filter(x -> x.name().equals(b)).map(TopoNode::image)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            nodes.add(new TopoNode(b, TopoNode.Kind.BRIDGE, image, List.of()));
        }
        List<TopoLink> links = new ArrayList<>();
        List<Veth> paired = new ArrayList<>();
        for (Veth v : veths) {
            if (paired.contains(v) || endpoint(v, lan, nodeOfNs, bridges) == null) continue;
            Veth peer = veths.stream().filter(p -> p != v && p.ns().equals(v.peerNs())
                    && Objects.equals(p.ifindex(), v.peerIndex())).findFirst().orElse(null);
            if (peer == null || endpoint(peer, lan, nodeOfNs, bridges) == null) continue;
            paired.add(v);
            paired.add(peer);
            Integer mtu = v.mtu() == DEFAULT_MTU ? null : v.mtu();
            links.add(new TopoLink(endpoint(v, lan, nodeOfNs, bridges), endpoint(peer, lan, nodeOfNs, bridges),
                    mtu));
        }
        return new Topology(made.name(), nodes, inFileOrder(links, made.links()));
    }

    /** The links the file made in its order and with its ends' order (a reader expects the file back), then others. */
    private static List<TopoLink> inFileOrder(List<TopoLink> found, List<TopoLink> fileLinks) {
        List<TopoLink> out = new ArrayList<>();
        List<TopoLink> rest = new ArrayList<>(found);
        for (TopoLink f : fileLinks) {
            for (TopoLink l : rest) {
                boolean same = l.a().equals(f.a()) && l.b().equals(f.b());
                if (same || (l.a().equals(f.b()) && l.b().equals(f.a()))) {
                    out.add(same ? l : new TopoLink(l.b(), l.a(), l.mtu()));
                    rest.remove(l);
                    break;
                }
            }
        }
        out.addAll(rest);
        return out;
    }

    /** The end of a link this veth is, or null for the lab's own LAN wiring (eth0 and its vethN in the LAN). */
    private static Endpoint endpoint(Veth v, String lan, Map<String, String> nodeOfNs, List<String> bridges) {
        if (v.ns().equals(lan))
            return v.master() != null && bridges.contains(v.master())
                    ? new Endpoint(v.master(), v.ifname())
                    : null;
        String node = nodeOfNs.get(v.ns());
        if (node == null || v.ifname().equals(TopologyParser.LAN_INTERFACE)) return null;
        return new Endpoint(node, v.ifname());
    }

    private static List<String> execLines(Dump d) {
        List<String> out = new ArrayList<>(addressLines(d.addresses()));
        out.addAll(routeLines(d.routes()));
        return out;
    }

    /** Routes someone added through a gateway (not the kernel's own, not by the LAN), as the commands that add them. */
    private static List<String> routeLines(String routeJson) {
        List<String> out = new ArrayList<>();
        for (Map<?, ?> r : objects(routeJson)) {
            if (r.get("gateway") == null || "kernel".equals(r.get("protocol"))
                    || TopologyParser.LAN_INTERFACE.equals(r.get("dev")))
                continue;
            out.add("ip route add " + r.get("dst") + " via " + r.get("gateway"));
        }
        return out;
    }

    /** Global addresses on a node's link interfaces (not lo, not its LAN eth0), as the commands that put them. */
    private static List<String> addressLines(String addrJson) {
        List<String> out = new ArrayList<>();
        for (Map<?, ?> link : objects(addrJson)) {
            String ifname = (String) link.get("ifname");
            if (ifname.equals("lo") || ifname.equals(TopologyParser.LAN_INTERFACE)) continue;
            if (!(link.get("addr_info") instanceof List<?> infos)) continue;
            for (Object o : infos) {
                Map<?, ?> a = (Map<?, ?>) o;
                if (!"global".equals(a.get("scope"))) continue;
                String family = "inet6".equals(a.get("family")) ? "-6 " : "";
                out.add("ip " + family + "addr add " + a.get("local") + "/" + a.get("prefixlen") + " dev " + ifname);
            }
        }
        return out;
    }

    private static String kind(Map<?, ?> link) {
        return link.get("linkinfo") instanceof Map<?, ?> info ? (String) info.get("info_kind") : null;
    }

    private static List<Map<?, ?>> objects(String json) {
        if (json == null || json.isBlank()) return List.of();
        Object root = new JsonSlurper().parseText(json);
        List<Map<?, ?>> out = new ArrayList<>();
        if (root instanceof List<?> items) {
            for (Object o : items) {
                if (o instanceof Map<?, ?> m) out.add(m);
            }
        }
        return out;
    }
}
