package netshell.lab.topo;

import java.util.ArrayList;
import java.util.List;

import netshell.core.Step;

/**
 * The ip commands that make a topology inside a lab whose nodes and LAN namespace exist: the bridges in the LAN
 * namespace, a veth pair per link (each end named as the file names it, in its node's namespace, with the link's
 * mtu on both ends), bridge ports enslaved, every end up; then each node's exec commands, in file order.
 */
public final class TopologyPlan {
    private final Topology topology;
    private final String lab;

    public TopologyPlan(Topology topology, String lab) {
        this.topology = topology;
        this.lab = lab;
    }

    /** Linux node i (from 1, file order) lives in LAB-node i; every bridge in the LAN namespace LAB-lan. */
    public String namespace(String node) {
        List<TopoNode> linux = topology.linuxNodes();
        for (int i = 0; i < linux.size(); i++) {
            if (linux.get(i).name().equals(node)) return lab + "-node" + (i + 1);
        }
        return lab + "-lan";
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
        for (TopoLink l : topology.links()) {
            String why = "link " + l.a() + " " + l.b();
            List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace(l.a().node()), "link", "add",
                    l.a().iface()));
            if (l.mtu() != null) argv.addAll(List.of("mtu", l.mtu().toString()));
            argv.addAll(List.of("type", "veth", "peer", "name", l.b().iface(), "netns", namespace(l.b().node())));
            if (l.mtu() != null) argv.addAll(List.of("mtu", l.mtu().toString()));
            steps.add(Step.of(why, argv.toArray(String[]::new)));
            for (Endpoint e : List.of(l.a(), l.b())) {
                List<String> up = new ArrayList<>(List.of("ip", "-n", namespace(e.node()), "link", "set", e.iface()));
                if (bridge(e.node())) up.addAll(List.of("master", e.node()));
                up.add("up");
                steps.add(Step.of(e + " up", up.toArray(String[]::new)));
            }
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
