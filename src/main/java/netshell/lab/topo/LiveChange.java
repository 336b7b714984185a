package netshell.lab.topo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import netshell.core.BadInput;
import netshell.core.Step;
import netshell.kernel.KernelJson;

/**
 * Changes to a running lab (a node or a link added or removed), planned from what its namespaces hold now, so that
 * everything wrong is refused in one line before anything is made: an unknown node, an interface in use, a name
 * taken, the lab LAN's own interfaces. The steps touch only the namespaces of the link's two ends.
 */
public final class LiveChange {
    /**
     * A running lab as read: its name, each node's interface on the lab LAN (eth1, or eth0 in a lab made from a
     * file), where each node lives, the node numbers whose namespace exists, the bridges in LAB-lan and each
     * namespace's {@code ip -j -d link show}.
     */
    public record Facts(String lab, String lanInterface, NodePlacement placement, List<Integer> nodes,
            List<String> bridges, Map<String, String> links) {
        public Facts {
            nodes = List.copyOf(nodes);
            bridges = List.copyOf(bridges);
            links = Map.copyOf(links);
        }
    }

    /** A node to add: its number, namespace, links (interfaces chosen), and the steps that make the links. */
    public record NewNode(String name, int index, String namespace, List<TopoLink> links, List<Step> linkSteps) {}

    private final Facts facts;
    /** Interfaces this change has named already (each namespace's), beside those the namespaces hold. */
    private final Map<String, Set<String>> allotted = new LinkedHashMap<>();
    /** A node this change adds: name → number. */
    private final Map<String, Integer> adding = new LinkedHashMap<>();

    public LiveChange(Facts facts) { this.facts = facts; }

    /** The names of the lab's nodes, then its bridges. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int i : facts.nodes()) out.add(facts.placement().name(i));
        out.addAll(adding.keySet());
        out.addAll(facts.bridges());
        return out;
    }

    public boolean isBridge(String node) { return facts.bridges().contains(node); }

    /** A node's namespace (LAB-node i), a bridge's (LAB-lan); an unknown name is refused. */
    public String namespace(String node) {
        if (isBridge(node)) return lan();
        if (adding.containsKey(node)) return facts.lab() + "-node" + adding.get(node);
        var index = facts.placement().index(node, facts.nodes());
        if (index.isEmpty() || !facts.nodes().contains(index.getAsInt()))
            throw new BadInput("no node '" + node + "' in lab " + facts.lab() + " (it has " + String.join(", ",
                    names()) + ")");
        return facts.lab() + "-node" + index.getAsInt();
    }

    private String lan() { return facts.lab() + "-lan"; }

    /** The number of a node that may be removed: a linux node, and not the lab's last one. */
    public int removable(String node) {
        String ns = namespace(node);
        if (isBridge(node))
            throw new BadInput(node + " is a bridge: 'lab rm-node' removes linux nodes (the bridge stays for now)");
        if (facts.nodes().size() == 1)
            throw new BadInput(node + " is the last node of lab " + facts.lab() + ": 'lab down' removes the lab");
        return Integer.parseInt(ns.substring(ns.lastIndexOf("-node") + "-node".length()));
    }

    /** "node:interface", its node known and its interface one a link may use. */
    public Endpoint endpoint(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
            throw new BadInput("'" + text + "': expected NODE:INTERFACE (r1:eth1)");
        Endpoint e = new Endpoint(text.substring(0, colon), text.substring(colon + 1));
        namespace(e.node());
        checkName(e);
        return e;
    }

    private void checkName(Endpoint e) {
        if (!e.iface().matches(TopologyParser.IFNAME))
            throw new BadInput(e + ": an interface name of 15 characters at most (letters, digits, - _ .)");
        if (!isBridge(e.node()) && e.iface().equals(facts.lanInterface()))
            throw new BadInput(e + ": " + e.iface() + " is the node's interface on the lab LAN");
        if (!isBridge(e.node()) && e.iface().equals("lo")) throw new BadInput(e + ": lo is the node's loopback");
        if (isBridge(e.node()) && (e.iface().matches("veth\\d+") || e.iface().equals("br0")))
            throw new BadInput(e + ": " + e.iface() + " is a name the lab LAN uses itself");
    }

    /** The steps of a new link between two free interfaces; the first one's undo removes the pair. */
    public List<Step> addLink(Endpoint a, Endpoint b, Integer mtu) {
        if (mtu != null && (mtu < 68 || mtu > 65535)) throw new BadInput("mtu " + mtu + ": a number from 68 to 65535");
        for (Endpoint e : List.of(a, b)) {
            checkName(e);
            if (inUse(e)) throw new BadInput(e + " is in use: " + e.node() + " has " + e.iface() + " already");
        }
        if (namespace(a.node()).equals(namespace(b.node())) && a.iface().equals(b.iface()))
            throw new BadInput(a + " is both ends of the link");
        allot(a);
        allot(b);
        return TopologyPlan.link(new TopoLink(a, b, mtu), this::namespace, this::isBridge);
    }

    /** The step that removes the link between two ends (deleting one end of a veth pair deletes both). */
    public List<Step> removeLink(Endpoint a, Endpoint b) {
        Map<String, Object> la = link(a);
        Map<String, Object> lb = link(b);
        boolean pair = "veth".equals(kind(la)) && "veth".equals(kind(lb))
                && Objects.equals(KernelJson.integer(la, "link_index"), KernelJson.integer(lb, "ifindex"))
                && Objects.equals(KernelJson.integer(lb, "link_index"), KernelJson.integer(la, "ifindex"));
        if (!pair) throw new BadInput(a + " and " + b + " are not the two ends of one link");
        return List.of(Step.of("remove link " + a + " " + b, "ip", "-n", namespace(a.node()), "link", "del",
                a.iface()));
    }

    /**
     * A new node called {@code name} at the first free number, on the lab LAN, linked as each {@code NODE[:IF]} of
     * {@code linkTo} says: on NODE the interface IF, or its first free ethN (a bridge's port BRIDGE-NAME); on the new
     * node eth1, eth2, … in order (the LAN's interface left out).
     */
    public NewNode addNode(String name, List<String> linkTo, int maxNodes) {
        if (!name.matches(TopologyParser.NODE_NAME) || List.of("all", "on", "lan").contains(name))
            throw new BadInput("node name '" + name + "': lower-case letters, digits, - and _ (31 at most), "
                    + "not all, on or lan");
        if (names().contains(name)) throw new BadInput("name taken: lab " + facts.lab() + " has " + name + " already");
        List<Endpoint> ends = new ArrayList<>();
        for (String spec : linkTo) {
            Endpoint far = spec.contains(":") ? endpoint(spec) : new Endpoint(spec, null);
            namespace(far.node());
            ends.add(far);
        }
        int index = facts.placement().free(name, facts.nodes(), maxNodes).orElseThrow(
                () -> new BadInput("lab " + facts.lab() + " has " + maxNodes + " nodes, as many as a lab holds"));
        adding.put(name, index);
        String ns = namespace(name);
        allotted.computeIfAbsent(ns, k -> new TreeSet<>()).addAll(List.of("lo", facts.lanInterface()));
        List<TopoLink> links = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (Endpoint end : ends) {
            Endpoint far = end.iface() != null ? end : new Endpoint(end.node(), freeInterface(end.node(), name));
            Endpoint near = new Endpoint(name, freeInterface(name, far.node()));
            steps.addAll(addLink(near, far, null));
            links.add(new TopoLink(near, far, null));
        }
        return new NewNode(name, index, ns, links, steps);
    }

    /** The first ethN (from eth1) free on a node, or, on a bridge, its port BRIDGE-PEER. */
    private String freeInterface(String node, String peer) {
        if (isBridge(node)) {
            String port = node + "-" + peer;
            if (!port.matches(TopologyParser.IFNAME))
                throw new BadInput("--link " + node + ": name the bridge's port (" + node + ":PORT): " + port
                        + " is longer than 15 characters");
            if (inUse(new Endpoint(node, port))) throw new BadInput(node + ":" + port + " is in use");
            return port;
        }
        for (int n = 1;; n++) {
            Endpoint e = new Endpoint(node, "eth" + n);
            if (!e.iface().equals(facts.lanInterface()) && !inUse(e)) return e.iface();
        }
    }

    private boolean inUse(Endpoint e) {
        String ns = namespace(e.node());
        return interfaces(ns).contains(e.iface()) || allotted.getOrDefault(ns, Set.of()).contains(e.iface());
    }

    private void allot(Endpoint e) {
        allotted.computeIfAbsent(namespace(e.node()), k -> new TreeSet<>()).add(e.iface());
    }

    private Set<String> interfaces(String ns) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> l : objects(ns)) out.add(KernelJson.string(l, "ifname"));
        return out;
    }

    private Map<String, Object> link(Endpoint e) {
        String ns = namespace(e.node());
        checkName(e);
        return objects(ns).stream().filter(l -> e.iface().equals(KernelJson.string(l, "ifname"))).findFirst()
                .orElseThrow(() -> new BadInput(e + ": " + e.node() + " has no interface " + e.iface()));
    }

    private List<Map<String, Object>> objects(String ns) {
        return KernelJson.objects(facts.links().getOrDefault(ns, ""), "ip -n " + ns + " -j -d link show");
    }

    private static String kind(Map<String, Object> link) {
        return link.get("linkinfo") instanceof Map<?, ?> info ? (String) info.get("info_kind") : null;
    }
}
