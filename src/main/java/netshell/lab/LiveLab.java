package netshell.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import netshell.core.AfterCtrlC;
import netshell.core.BadInput;
import netshell.core.Step;
import netshell.lab.topo.Endpoint;
import netshell.lab.topo.LiveChange;
import netshell.lab.topo.NodePlacement;
import netshell.lab.topo.TopoLink;
import netshell.lab.topo.TopoNode;
import netshell.lab.topo.Topology;
import netshell.lab.topo.TopologyWriter;
import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.node.NodeException;

/**
 * Changes to a running lab (plain or made from a file): a node or a link added or removed. Each reads the lab's
 * namespaces once, lets {@link LiveChange} refuse what is wrong before anything is made, touches only the namespaces
 * of the node and of its links' far ends, undoes what it made when a step fails, and then keeps the lab's placement
 * (and its topology, for {@code lab save}) up to date.
 */
final class LiveLab {
    private final Lab lab;
    private final LocalNode host;

    LiveLab(Lab lab, LocalNode host) {
        this.lab = lab;
        this.host = host;
    }

    /** What the change is planned from: every node's and the LAN's links, one {@code ip -j -d link} each. */
    private LiveChange.Facts facts() {
        if (!lab.exists()) throw new BadInput("lab " + lab.name() + " is not up");
        List<String> existing = lab.namespaces();
        List<Integer> nodes = lab.nodeIndexes().stream().filter(i -> existing.contains(lab.namespace(i))).toList();
        Map<String, String> links = new LinkedHashMap<>();
        List<String> namespaces = new ArrayList<>(nodes.stream().map(lab::namespace).toList());
        namespaces.add(lab.lan());
        for (String ns : namespaces)
            links.put(ns, host.run("ip", "-n", ns, "-j", "-d", "link", "show").orThrow()
                    .stdout());
        List<String> bridges = lab.topology().map(t -> t.bridges().stream().map(TopoNode::name).toList())
                .orElse(List.of());
        return new LiveChange.Facts(lab.name(), lab.underlay(), lab.placement(), nodes, bridges, links);
    }

    /** Adds a node on the lab LAN, linked as {@code linkTo} says ({@code NODE[:IF]} each). */
    LiveChange.NewNode addNode(String name, List<String> linkTo) {
        boolean docker = lab.hasDocker();
        LiveChange change = new LiveChange(facts());
        LiveChange.NewNode node = change.addNode(name, linkTo, Lab.MAX_NODES);
        try {
            new LabWiring(lab, host).up(List.of(node.index()));
            apply(node.linkSteps());
            if (docker) lab.upDocker(List.of(node.index()));
        } catch (RuntimeException e) {
            // Its namespace takes its veths with it, their far ends included: the other nodes are as they were.
            AfterCtrlC.cleanUp(() -> new LabWiring(lab, host).removeNode(node.index(), List.of(node.namespace())));
            throw e;
        }
        keep(lab.placement().with(node.index(), name),
                lab.topology().map(t -> t.withNode(new TopoNode(name, TopoNode.Kind.LINUX, null, List.of()),
                        node.links())));
        return node;
    }

    /** Removes a node with its containers, engine, sshd and links; the far ends of its links go with them. */
    void removeNode(String name) {
        LiveChange change = new LiveChange(facts());
        int index = change.removable(name);
        String ns = lab.namespace(index);
        List<String> namespaces = new ArrayList<>(lab.namespaces().stream()
                .filter(n -> n.equals(ns) || n.startsWith(ns + "-")).toList());
        namespaces.addAll(SshMadeContainers.of(host, List.of(ns), namespaces));
        lab.stopDocker(index);
        new LabWiring(lab, host).removeNode(index, namespaces);
        keep(lab.placement().without(index), lab.topology().map(t -> t.withoutNode(name)));
    }

    /** Adds a link between two free interfaces of running nodes (or bridges). */
    TopoLink addLink(String a, String b, Integer mtu) {
        LiveChange change = new LiveChange(facts());
        Endpoint ea = change.endpoint(a);
        Endpoint eb = change.endpoint(b);
        apply(change.addLink(ea, eb, mtu));
        TopoLink link = new TopoLink(ea, eb, mtu);
        keep(lab.placement(), lab.topology().map(t -> t.withLink(link)));
        return link;
    }

    /** Removes the link between two ends: both must be the ends of one veth pair. */
    void removeLink(String a, String b) {
        LiveChange change = new LiveChange(facts());
        Endpoint ea = change.endpoint(a);
        Endpoint eb = change.endpoint(b);
        apply(change.removeLink(ea, eb));
        keep(lab.placement(), lab.topology().map(t -> t.withoutLink(ea, eb)));
    }

    /** Runs steps in order; when one fails, undoes those done (newest first) and fails in one line. */
    private void apply(List<Step> steps) {
        List<Step> done = new ArrayList<>();
        for (Step s : steps) {
            ExecResult r = host.run(s.argv());
            if (!r.ok()) {
                for (int i = done.size() - 1; i >= 0; i--) {
                    if (done.get(i).undo() != null) host.run(done.get(i).undo().argv());
                }
                throw new NodeException("lab " + lab.name(), s.why() + ": " + r.firstErrorLine());
            }
            done.add(s);
        }
    }

    /** Keeps the placement (so node numbers survive) and, in a lab made from a file, its topology. */
    private void keep(NodePlacement placement, Optional<Topology> topology) {
        try {
            Files.writeString(lab.placementFile(), placement.text());
            if (topology.isPresent()) Files.writeString(lab.topologyFile(), TopologyWriter.write(topology.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state of lab " + lab.name(), e);
        }
    }
}
