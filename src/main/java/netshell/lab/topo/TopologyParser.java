package netshell.lab.topo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import netshell.core.BadInput;

/**
 * Reads containerlab's topology format: {@code name}, {@code topology.nodes} (kind linux or bridge, image, exec,
 * and {@code host}: the machine of a multi-host lab the node goes to)
 * and {@code topology.links} (endpoints, mtu). Everything wrong is refused before anything is made, in one line
 * naming the file and, where the YAML has one, the line. Keys netshell does not use are noted, not refused, so a
 * containerlab file with management addresses or binds still comes up.
 */
public final class TopologyParser {
    /** A parsed topology and the notes about what of the file was not used. */
    public record Parsed(Topology topology, List<String> notes) {}

    /** The interface each linux node has on the lab LAN, as containerlab gives each node a management eth0. */
    public static final String LAN_INTERFACE = "eth0";

    static final String NODE_NAME = "[a-z0-9][a-z0-9_-]{0,30}";
    /** A host's name as inventories and ssh_config name machines. */
    static final String HOST_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";
    static final String IFNAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,14}";
    private static final Set<String> NODE_KEYS = Set.of("kind", "image", "exec", "host");

    private final String file;

    private TopologyParser(String file) { this.file = file; }

    public static Parsed parse(String file, String text) {
        return new TopologyParser(file).read(text);
    }

    private Parsed read(String text) {
        List<String> notes = new ArrayList<>();
        MappingNode top = mapping(compose(text), "the file");
        Map<String, NodeTuple> keys = keys(top);
        String name = keys.containsKey("name") ? scalar(keys.get("name").getValueNode(), "name") : null;
        if (name != null && !name.matches(NODE_NAME))
            throw bad(keys.get("name").getValueNode(), "lab name '" + name + "': lower-case letters, digits, - and _");
        if (!keys.containsKey("topology")) throw bad(top, "no 'topology:' section");
        Map<String, NodeTuple> topology = keys(mapping(keys.get("topology").getValueNode(), "topology"));
        if (!topology.containsKey("nodes")) throw bad(keys.get("topology").getKeyNode(), "no 'topology.nodes:'");
        MappingNode nodesNode = mapping(topology.get("nodes").getValueNode(), "topology.nodes");
        List<TopoNode> nodes = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        Map<String, Node> where = new LinkedHashMap<>();
        for (NodeTuple t : nodesNode.getValue()) {
            String nodeName = scalar(t.getKeyNode(), "node name");
            if (where.containsKey(nodeName)) throw bad(t.getKeyNode(), "node '" + nodeName + "' is defined twice");
            where.put(nodeName, t.getKeyNode());
            TopoNode node = node(nodeName, t, notes);
            if (node == null) {
                unsupported.add(nodeName + " (" + kindOf(t) + ", line " + line(t.getKeyNode()) + ")");
            } else {
                nodes.add(node);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new BadInput(file + ": unsupported kinds: " + String.join(", ", unsupported)
                    + "; the lab makes kind linux (a namespace) and kind bridge nodes only");
        }
        if (nodes.stream().noneMatch(n -> n.kind() == TopoNode.Kind.LINUX))
            throw bad(nodesNode, "no node of kind linux: a lab needs at least one");
        List<TopoLink> links = topology.containsKey("links")
                ? links(topology.get("links").getValueNode(), nodes, notes)
                : List.of();
        for (String k : topology.keySet()) {
            if (!Set.of("nodes", "links").contains(k))
                notes.add("line " + line(topology.get(k).getKeyNode()) + ": topology." + k + " is not used");
        }
        return new Parsed(new Topology(name, nodes, links), notes);
    }

    private TopoNode node(String name, NodeTuple t, List<String> notes) {
        Map<String, NodeTuple> keys = t.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty()
                ? Map.of()
                : keys(mapping(t.getValueNode(), "node " + name));
        if (!keys.containsKey("kind")) throw bad(t.getKeyNode(), "node '" + name + "' has no kind");
        String kind = scalar(keys.get("kind").getValueNode(), "kind");
        TopoNode.Kind k = switch (kind) {
            case "linux" -> TopoNode.Kind.LINUX;
            case "bridge" -> TopoNode.Kind.BRIDGE;
            default -> null;
        };
        if (k == null) return null;
        if (k == TopoNode.Kind.LINUX && !name.matches(NODE_NAME))
            throw bad(t.getKeyNode(), "node name '" + name + "': lower-case letters, digits, - and _ (31 at most)");
        if (k == TopoNode.Kind.BRIDGE && (!name.matches(IFNAME) || name.equals("br0")))
            throw bad(t.getKeyNode(), "bridge name '" + name + "': an interface name of 15 characters at most, "
                    + "not br0 (the lab LAN's bridge)");
        String image = keys.containsKey("image") ? scalar(keys.get("image").getValueNode(), "image") : null;
        List<String> exec = new ArrayList<>();
        if (keys.containsKey("exec")) {
            if (k == TopoNode.Kind.BRIDGE) throw bad(keys.get("exec").getKeyNode(), "a bridge runs no exec commands");
            Node e = keys.get("exec").getValueNode();
            if (!(e instanceof SequenceNode seq)) throw bad(e, "exec of '" + name + "' must be a list of commands");
            for (Node line : seq.getValue()) exec.add(scalar(line, "exec command"));
        }
        String host = keys.containsKey("host") ? scalar(keys.get("host").getValueNode(), "host") : null;
        if (host != null && !host.matches(HOST_NAME))
            throw bad(keys.get("host").getValueNode(), "host '" + host + "' of '" + name + "': an inventory name");
        for (String key : keys.keySet()) {
            if (!NODE_KEYS.contains(key))
                notes.add("line " + line(keys.get(key).getKeyNode()) + ": " + name + ": " + key + " is not used");
        }
        return new TopoNode(name, k, image, exec, host);
    }

    private static String kindOf(NodeTuple t) {
        if (t.getValueNode() instanceof MappingNode m) {
            for (NodeTuple kv : m.getValue()) {
                if (kv.getKeyNode() instanceof ScalarNode k && k.getValue().equals("kind")
                        && kv.getValueNode() instanceof ScalarNode v)
                    return v.getValue();
            }
        }
        return "?";
    }

    private List<TopoLink> links(Node node, List<TopoNode> nodes, List<String> notes) {
        if (!(node instanceof SequenceNode seq)) throw bad(node, "topology.links must be a list");
        Map<String, TopoNode> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        // Where each interface is already used: a node's name space, or the LAN's for every bridge's ports.
        Map<String, Integer> used = new LinkedHashMap<>();
        List<TopoLink> links = new ArrayList<>();
        for (Node item : seq.getValue()) {
            Map<String, NodeTuple> keys = keys(mapping(item, "a link"));
            if (!keys.containsKey("endpoints")) throw bad(item, "a link without endpoints");
            Node ends = keys.get("endpoints").getValueNode();
            if (!(ends instanceof SequenceNode pair) || pair.getValue().size() != 2)
                throw bad(ends, "endpoints must be a list of two \"node:interface\"");
            List<Endpoint> eps = new ArrayList<>();
            for (Node end : pair.getValue()) {
                Endpoint ep = endpoint(end, byName);
                TopoNode owner = byName.get(ep.node());
                String space = owner.kind() == TopoNode.Kind.BRIDGE ? "the lab LAN (bridge ports)" : ep.node();
                String key = space + "\0" + ep.iface();
                if (used.containsKey(key)) {
                    throw bad(end, ep + " is used twice (also on line " + used.get(key) + ")"
                            + (owner.kind() == TopoNode.Kind.BRIDGE ? ": bridge ports share one name space" : ""));
                }
                used.put(key, line(end));
                eps.add(ep);
            }
            Integer mtu = null;
            if (keys.containsKey("mtu")) {
                Node m = keys.get("mtu").getValueNode();
                String v = scalar(m, "mtu");
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 68 || Integer.parseInt(v) > 65535)
                    throw bad(m, "mtu '" + v + "': a number from 68 to 65535");
                mtu = Integer.parseInt(v);
            }
            for (String k : keys.keySet()) {
                if (!Set.of("endpoints", "mtu").contains(k))
                    notes.add("line " + line(keys.get(k).getKeyNode()) + ": link " + k + " is not used");
            }
            links.add(new TopoLink(eps.get(0), eps.get(1), mtu));
        }
        return links;
    }

    private Endpoint endpoint(Node end, Map<String, TopoNode> byName) {
        String text = scalar(end, "endpoint");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
            throw bad(end, "endpoint '" + text + "': expected \"node:interface\"");
        String node = text.substring(0, colon);
        String iface = text.substring(colon + 1);
        TopoNode owner = byName.get(node);
        if (owner == null) throw bad(end, "endpoint '" + text + "': no node '" + node + "' in topology.nodes");
        if (!iface.matches(IFNAME))
            throw bad(end, "endpoint '" + text + "': an interface name of 15 characters at most (letters, digits, "
                    + "- _ .)");
        if (owner.kind() == TopoNode.Kind.LINUX && iface.equals(LAN_INTERFACE))
            throw bad(end, "endpoint '" + text + "': " + LAN_INTERFACE + " is each node's interface on the lab LAN");
        if (owner.kind() == TopoNode.Kind.BRIDGE && (iface.matches("veth\\d+") || iface.equals("br0")))
            throw bad(end, "endpoint '" + text + "': " + iface + " is a name the lab LAN uses itself");
        return new Endpoint(node, iface);
    }

    private Node compose(String text) {
        Node root;
        try {
            // Composed from the text itself (no Reader): the pure package does no I/O, not even in memory.
            LoaderOptions options = new LoaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new BadInput(file + ":" + (mark.getLine() + 1) + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new BadInput(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) throw new BadInput(file + ": empty topology file");
        return root;
    }

    private MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) return m;
        throw bad(node, what + " must be a mapping (key: value)");
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) return s.getValue();
        throw bad(node, what + " must be a single value");
    }

    private Map<String, NodeTuple> keys(MappingNode m) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = scalar(t.getKeyNode(), "a key");
            if (out.containsKey(k)) throw bad(t.getKeyNode(), "'" + k + "' is given twice");
            out.put(k, t);
        }
        return out;
    }

    private static int line(Node n) { return n.getStartMark().getLine() + 1; }

    private BadInput bad(Node where, String message) {
        return new BadInput(file + ":" + line(where) + ": " + message);
    }
}
