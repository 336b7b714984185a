package netshell.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.Container;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologyCommands.Vxlan;

/** Draws a topology: a box per node (like the walkthrough's diagram) and the VXLAN links between them; or DOT. */
final class TopologyText {
    private TopologyText() {}

    static String ascii(List<NodeView> nodes) {
        Map<String, String> names = nodeByAddress(nodes);
        StringBuilder sb = new StringBuilder();
        for (NodeView n : nodes) {
            List<String> lines = new ArrayList<>();
            lines.add(n.node() + "  " + n.address() + (n.underlay() == null ? "" : " (" + n.underlay() + ")"));
            for (Bridge b : n.bridges()) {
                lines.add("  bridge " + b.name() + "  " + String.join(", ", b.addresses()) + "  mtu " + b.mtu());
                for (Container c : b.containers())
                    lines.add("    container " + c.name() + "  " + (c.address() == null ? "-" : c.address()));
            }
            for (Vxlan v : n.vxlans()) {
                lines.add("  vxlan " + v.device() + "  VNI " + v.vni() + "  udp/" + v.port() + "  mtu " + v.mtu());
            }
            for (String vip : n.vips()) lines.add("  VIP " + vip);
            int width = lines.stream().mapToInt(String::length).max().orElse(0) + 2;
            sb.append('+').append("-".repeat(width)).append("+\n");
            for (String l : lines) sb.append("| ").append(l).append(" ".repeat(width - l.length() - 1)).append("|\n");
            sb.append('+').append("-".repeat(width)).append("+\n");
        }
        Set<String> links = links(nodes, names);
        if (!links.isEmpty()) {
            sb.append("VXLAN links\n");
            links.forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    /** One line per node pair and device: "node1 <== vxlan0 VNI 100 udp/4789 ==> node2". */
    private static Set<String> links(List<NodeView> nodes, Map<String, String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (NodeView n : nodes) {
            for (Vxlan v : n.vxlans()) {
                for (String peer : v.peers()) {
                    String other = names.getOrDefault(peer, peer);
                    String a = n.node().compareTo(other) <= 0 ? n.node() : other;
                    String b = a.equals(n.node()) ? other : n.node();
                    out.add(a + " <== " + v.device() + " VNI " + v.vni() + " udp/" + v.port() + " ==> " + b);
                }
            }
        }
        return out;
    }

    static String dot(List<NodeView> nodes) {
        Map<String, String> names = nodeByAddress(nodes);
        StringBuilder sb = new StringBuilder("graph netshell {\n  node [shape=box, fontname=\"monospace\"];\n");
        for (NodeView n : nodes) {
            sb.append("  subgraph ").append(q("cluster_" + n.node())).append(" {\n");
            sb.append("    label=")
                    .append(q(n.node() + "\n" + n.address() + (n.underlay() == null ? "" : " " + n.underlay())))
                    .append(";\n");
            for (Vxlan v : n.vxlans()) {
                sb.append("    ").append(q(n.node() + "/" + v.device())).append(" [label=")
                        .append(q(v.device() + "\nVNI " + v.vni() + " udp/" + v.port())).append(", shape=hexagon];\n");
            }
            for (Bridge b : n.bridges()) {
                String id = n.node() + "/" + b.name();
                sb.append("    ").append(q(id)).append(" [label=")
                        .append(q(b.name() + "\n" + String.join(" ", b.addresses()))).append("];\n");
                for (Container c : b.containers()) {
                    String cid = n.node() + "/" + c.name();
                    sb.append("    ").append(q(cid)).append(" [label=")
                            .append(q(c.name() + "\n" + (c.address() == null ? "" : c.address())))
                            .append(", shape=ellipse];\n");
                    sb.append("    ").append(q(cid)).append(" -- ").append(q(id)).append(";\n");
                }
                for (Vxlan v : n.vxlans())
                    sb.append("    ").append(q(n.node() + "/" + v.device())).append(" -- ").append(q(id)).append(";\n");
            }
            for (String vip : n.vips())
                sb.append("    ").append(q(n.node() + "/vip/" + vip)).append(" [label=").append(q("VIP " + vip))
                        .append(", shape=note];\n");
            sb.append("  }\n");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (NodeView n : nodes) {
            for (Vxlan v : n.vxlans()) {
                for (String peer : v.peers()) {
                    String other = names.get(peer);
                    if (other == null) continue;
                    String a = n.node().compareTo(other) <= 0 ? n.node() : other;
                    String b = a.equals(n.node()) ? other : n.node();
                    if (seen.add(a + "|" + b + "|" + v.device())) {
                        sb.append("  ").append(q(a + "/" + v.device())).append(" -- ").append(q(b + "/" + v.device()))
                                .append(" [label=").append(q("VNI " + v.vni())).append(", style=dashed];\n");
                    }
                }
            }
        }
        return sb.append("}").toString();
    }

    private static Map<String, String> nodeByAddress(List<NodeView> nodes) {
        Map<String, String> m = new HashMap<>();
        for (NodeView n : nodes) m.put(n.address(), n.node());
        return m;
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
