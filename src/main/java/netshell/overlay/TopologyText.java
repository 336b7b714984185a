package netshell.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.Container;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologyCommands.Vxlan;

/** Draws a topology: a box per node (like the walkthrough's diagram) and the VXLAN links between them; or DOT. */
final class TopologyText {
    private TopologyText() {}

    /** Past this many nodes, boxes and pairwise links no longer fit a screen: one row per node, meshes summarised. */
    static final int BOXES_UP_TO = 8;

    static String ascii(List<NodeView> nodes) {
        if (nodes.size() > BOXES_UP_TO) return summary(nodes);
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
                lines.add("  vxlan " + v.device() + "  VNI " + v.vni() + "  udp/" + v.port() + "  mtu " + v.mtu()
                        + (v.up() ? "" : "  DOWN"));
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

    /**
     * A big lab: one row per node (address, bridges, VXLAN devices, containers, VIPs), then per VXLAN segment
     * whether it is a full mesh, listing only the pairs that are missing a link.
     */
    static String summary(List<NodeView> nodes) {
        Map<String, String> names = nodeByAddress(nodes);
        StringBuilder sb = new StringBuilder();
        for (NodeView n : nodes) {
            sb.append(n.node()).append("  ").append(n.address()).append(n.underlay() == null
                    ? ""
                    : " (" + n.underlay()
                            + ")");
            for (Bridge b : n.bridges()) {
                sb.append("  bridge ").append(b.name()).append(' ').append(String.join(",", b.addresses()));
                if (!b.containers().isEmpty()) sb.append(" [").append(b.containers().size()).append(" containers]");
            }
            for (Vxlan v : n.vxlans())
                sb.append("  ").append(v.device()).append(" VNI ").append(v.vni()).append(" peers ")
                        .append(v.peers().size());
            if (!n.vips().isEmpty()) sb.append("  VIPs ").append(n.vips().size());
            sb.append('\n');
        }
        Map<String, Set<String>> members = new TreeMap<>();
        Map<String, Set<String>> pairs = new HashMap<>();
        for (NodeView n : nodes) {
            for (Vxlan v : n.vxlans()) {
                String segment = v.device() + " VNI " + v.vni() + " udp/" + v.port();
                members.computeIfAbsent(segment, k -> new TreeSet<>()).add(n.node());
                for (String peer : v.peers())
                    pairs.computeIfAbsent(segment, k -> new HashSet<>()).add(n.node() + "|" + names.getOrDefault(peer,
                            peer));
            }
        }
        if (!members.isEmpty()) sb.append("VXLAN segments\n");
        members.forEach((segment, on) -> {
            Set<String> links = pairs.getOrDefault(segment, Set.of());
            List<String> missing = new ArrayList<>();
            for (String a : on)
                for (String b : on)
                    if (!a.equals(b) && !links.contains(a + "|" + b)) missing.add(a + " -> " + b);
            sb.append("  ").append(segment).append(": ").append(on.size()).append(" nodes, ")
                    .append(missing.isEmpty() ? "full mesh" : missing.size() + " one-way link(s) missing").append('\n');
            missing.stream().limit(20).forEach(m -> sb.append("    missing ").append(m).append('\n'));
            if (missing.size() > 20) sb.append("    … and ").append(missing.size() - 20).append(" more\n");
        });
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
