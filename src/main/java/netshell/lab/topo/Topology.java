package netshell.lab.topo;

import java.util.List;

/** A lab as a topology file describes it: its name (may be null), nodes in file order, and links. */
public record Topology(String name, List<TopoNode> nodes, List<TopoLink> links) {
    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    /** The linux nodes in file order: lab node i (namespace NAME-node i) is the i-th of them, from 1. */
    public List<TopoNode> linuxNodes() {
        return nodes.stream().filter(n -> n.kind() == TopoNode.Kind.LINUX).toList();
    }

    public List<TopoNode> bridges() {
        return nodes.stream().filter(n -> n.kind() == TopoNode.Kind.BRIDGE).toList();
    }

    public Topology named(String newName) { return new Topology(newName, nodes, links); }
}
