package netshell.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import netshell.core.BadInput;

/**
 * Reads an Ansible YAML inventory (or its JSON form) into AnsibleData as Ansible's yaml plugin does: top-level
 * keys are groups, each a mapping of `hosts` (host or range → its variables), `vars` and `children` (groups of
 * the same shape). Also reads group_vars/ and host_vars/ files (a mapping of variables). Errors name file:line
 * and what was expected.
 */
final class AnsibleYaml {
    private final String file;
    private final AnsibleData data;

    private AnsibleYaml(String file, AnsibleData data) {
        this.file = file;
        this.data = data;
    }

    static void read(String file, String text, AnsibleData data) {
        AnsibleYaml reader = new AnsibleYaml(file, data);
        Node root = compose(file, text);
        if (root == null) return;
        MappingNode top = reader.mapping(root, "the inventory's top level (groups such as all:)");
        if (reader.clush(top, data)) return;
        for (NodeTuple t : top.getValue()) reader.group(reader.key(t), t.getValueNode());
    }

    /** The variables of a group_vars/ or host_vars/ file; an empty file has none. */
    static Map<String, String> vars(String file, String text) {
        AnsibleYaml reader = new AnsibleYaml(file, null);
        Node root = compose(file, text);
        return root == null ? Map.of() : reader.varMap(root, "a mapping of variables");
    }

    private static Node compose(String file, String text) {
        try {
            return new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = (e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()).getLine() + 1;
            throw new BadInput(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new BadInput(file + ": not valid YAML: " + e.getMessage());
        }
    }

    /** Reads a ClusterShell groups file (source: {group: nodeset}) when the file is one. */
    private boolean clush(MappingNode top, AnsibleData data) {
        Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (NodeTuple t : top.getValue()) {
            if (!(t.getValueNode() instanceof MappingNode groups)) return false;
            Map<String, String> values = new LinkedHashMap<>();
            for (NodeTuple g : groups.getValue()) {
                if (!(g.getValueNode() instanceof ScalarNode s) || isNull(s)) return false;
                values.put(key(g), s.getValue());
                where.put(key(g), file + ":" + line(g.getValueNode()));
            }
            sources.put(key(t), values);
        }
        if (!ClushGroups.looksLike(sources)) return false;
        ClushGroups.read(sources, where, data);
        return true;
    }

    private void group(String name, Node node) {
        data.addGroup(name);
        if (isNull(node)) return;
        MappingNode group = mapping(node, "group '" + name + "' as a mapping of hosts, vars and children");
        for (NodeTuple t : group.getValue()) {
            String section = key(t);
            Node value = t.getValueNode();
            if (isNull(value)) continue;
            switch (section) {
                case "vars" -> varMap(value, "the vars of group '" + name + "' as a mapping")
                        .forEach((k, v) -> data.setGroupVar(name, k, v));
                case "children" -> {
                    for (NodeTuple child : sectionEntries(value, name, "children")) {
                        String childName = key(child);
                        group(childName, child.getValueNode());
                        data.addChild(name, childName, file + ":" + line(child.getKeyNode()));
                    }
                }
                case "hosts" -> {
                    for (NodeTuple host : sectionEntries(value, name, "hosts")) hosts(name, host);
                }
                default -> throw bad(t.getKeyNode(), "unexpected key '" + section + "' in group '" + name
                        + "' (expected hosts, vars or children)");
            }
        }
    }

    private void hosts(String group, NodeTuple host) {
        HostPattern hp;
        try {
            hp = HostPattern.parse(key(host));
        } catch (IllegalArgumentException e) {
            throw bad(host.getKeyNode(), e.getMessage());
        }
        Map<String, String> vars = isNull(host.getValueNode())
                ? new LinkedHashMap<>()
                : varMap(host.getValueNode(), "the vars of host '" + key(host) + "' as a mapping");
        String port = vars.get("ansible_port");
        if (port != null && !HostPattern.isPort(port)) throw bad(host.getValueNode(), "bad port '" + port + "'");
        if (hp.port() != null) vars.putIfAbsent("ansible_port", hp.port());
        for (String h : hp.hosts()) data.addHost(h, group, vars);
    }

    /** The entries of a hosts: or children: section; a single name (a string) is allowed, as Ansible allows it. */
    private List<NodeTuple> sectionEntries(Node value, String group, String section) {
        if (value instanceof ScalarNode s)
            return List.of(new NodeTuple(s, new ScalarNode(Tag.NULL, "", s.getStartMark(), s.getEndMark(), null)));
        return mapping(value, "the " + section + " of group '" + group + "' as a mapping (name: …), not a list")
                .getValue();
    }

    private Map<String, String> varMap(Node node, String expected) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, expected).getValue()) vars.put(key(t), text(t.getValueNode()));
        return vars;
    }

    private MappingNode mapping(Node node, String expected) {
        if (node instanceof MappingNode m) return m;
        throw bad(node, "expected " + expected + ", got " + kind(node));
    }

    private String key(NodeTuple t) {
        if (t.getKeyNode() instanceof ScalarNode s && !isNull(s)) return s.getValue();
        throw bad(t.getKeyNode(), "expected a name, got " + kind(t.getKeyNode()));
    }

    /** A variable's value as text: scalars as written, null as null, lists and mappings in flow style. */
    private static String text(Node node) {
        if (isNull(node)) return null;
        if (node instanceof ScalarNode s) return s.getValue();
        if (node instanceof SequenceNode s)
            return s.getValue().stream().map(AnsibleYaml::text).collect(Collectors.joining(", ", "[", "]"));
        return ((MappingNode) node).getValue().stream()
                .map(t -> text(t.getKeyNode()) + ": " + text(t.getValueNode()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static boolean isNull(Node node) { return node == null || Tag.NULL.equals(node.getTag()); }

    private static String kind(Node node) {
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof MappingNode) return "a mapping";
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static int line(Node node) { return node.getStartMark().getLine() + 1; }

    private BadInput bad(Node node, String message) { return new BadInput(file + ":" + line(node) + ": " + message); }
}
