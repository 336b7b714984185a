package netshell.lab.topo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import netshell.core.Step;

/**
 * The ip commands that make a topology inside a lab whose nodes and LAN namespace exist: the bridges in the LAN
 * namespace, a veth pair per link (each end named as the file names it, in its node's namespace, with the link's
 * mtu on both ends), bridge ports enslaved, every end up; then each node's exec commands, in file order.
 */
public final class TopologyPlan {
    private final Topology topology;
    private final String lab;
    private final NodePlacement placement;

    /** Linux node i (from 1, file order) lives in LAB-node i: the placement of a lab just made from the file. */
    public TopologyPlan(Topology topology, String lab) {
        this(topology, lab, NodePlacement.inFileOrder(topology));
    }

    /** A running lab's topology, whose nodes live where {@code placement} says (nodes come and go live). */
    public TopologyPlan(Topology topology, String lab, NodePlacement placement) {
        this.topology = topology;
        this.lab = lab;
        this.placement = placement;
    }

    /** A linux node's namespace LAB-node i; every bridge (and any name that is no linux node) is in LAB-lan. */
    public String namespace(String node) {
        boolean linux = topology.linuxNodes().stream().anyMatch(n -> n.name().equals(node));
        if (!linux) return lab + "-lan";
        return placement.index(node).stream().mapToObj(i -> lab + "-node" + i).findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + node + " has no place in lab " + lab));
    }

    private boolean bridge(String node) {
        return topology.bridges().stream().anyMatch(b -> b.name().equals(node));
    }

    /** Bridges and links. */
    public List<Step> wiring() {
        List<Step> steps = new ArrayList<>();
        for (TopoNode b : topology.bridges()) {
            steps.add(Step.of("bridge " + b.name(), "ip", "-n", lab + "-lan", "link", "add", b.name(), "type",
                    "bridge"));
            steps.add(Step.of("bridge " + b.name() + " up", "ip", "-n", lab + "-lan", "link", "set", b.name(), "up"));
        }
        for (TopoLink l : topology.links()) steps.addAll(link(l, this::namespace, this::bridge));
        return steps;
    }

    /**
     * One link's steps: the veth pair (undone by deleting its first end, which takes the peer with it), then each end
     * up, a bridge's end as its port.
     */
    public static List<Step> link(TopoLink l, Function<String, String> namespace, Predicate<String> bridge) {
        List<Step> steps = new ArrayList<>();
        String why = "link " + l.a() + " " + l.b();
        String nsA = namespace.apply(l.a().node());
        List<String> argv = new ArrayList<>(List.of("ip", "-n", nsA, "link", "add", l.a().iface()));
        if (l.mtu() != null) argv.addAll(List.of("mtu", l.mtu().toString()));
        argv.addAll(List.of("type", "veth", "peer", "name", l.b().iface(), "netns", namespace.apply(l.b().node())));
        if (l.mtu() != null) argv.addAll(List.of("mtu", l.mtu().toString()));
        steps.add(Step.of(why, argv.toArray(String[]::new)).creating(nsA + ":" + l.a().iface(),
                Step.of("remove " + why, "ip", "-n", nsA, "link", "del", l.a().iface())));
        for (Endpoint e : List.of(l.a(), l.b())) {
            List<String> up = new ArrayList<>(List.of("ip", "-n", namespace.apply(e.node()), "link", "set",
                    e.iface()));
            if (bridge.test(e.node())) up.addAll(List.of("master", e.node()));
            up.add("up");
            steps.add(Step.of(e + " up", up.toArray(String[]::new)));
        }
        return steps;
    }

    /** Each linux node's exec commands, run by sh inside its namespace, as containerlab runs them in the node. */
    public List<Step> exec() {
        List<Step> steps = new ArrayList<>();
        for (TopoNode n : topology.linuxNodes()) {
            for (String line : n.exec()) {
                steps.add(Step.of(n.name() + ": " + line, "ip", "netns", "exec", namespace(n.name()), "sh", "-c",
                        line));
            }
        }
        return steps;
    }
}
