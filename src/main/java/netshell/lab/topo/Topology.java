package netshell.lab.topo;

import java.util.ArrayList;
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

    /** With a node added live, and its links. */
    public Topology withNode(TopoNode node, List<TopoLink> itsLinks) {
        List<TopoNode> n = new ArrayList<>(nodes);
        n.add(node);
        List<TopoLink> l = new ArrayList<>(links);
        l.addAll(itsLinks);
        return new Topology(name, n, l);
    }

    /** Without a node and every link to it (a node's links go with its namespace). */
    public Topology withoutNode(String node) {
        return new Topology(name, nodes.stream().filter(n -> !n.name().equals(node)).toList(),
                links.stream().filter(l -> !l.a().node().equals(node) && !l.b().node().equals(node)).toList());
    }

    public Topology withLink(TopoLink link) {
        List<TopoLink> l = new ArrayList<>(links);
        l.add(link);
        return new Topology(name, nodes, l);
    }

    /** Without the link between these two ends, in either order. */
    public Topology withoutLink(Endpoint a, Endpoint b) {
        return new Topology(name, nodes, links.stream().filter(l -> !(l.a().equals(a) && l.b().equals(b))
                && !(l.a().equals(b) && l.b().equals(a))).toList());
    }
}
