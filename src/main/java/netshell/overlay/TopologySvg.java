package netshell.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.net.util.SubnetUtils;

import netshell.overlay.TopologyCommands.Attachment;
import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.Container;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologyCommands.Vxlan;

/**
 * Draws a topology as one self-contained SVG for slides and notes: a box per node in a grid, its bridges,
 * containers, VXLAN devices and VIPs as lines inside, and a dashed edge per VXLAN tunnel between nodes. A lab of
 * several underlay segments (subnets, routers between them) also gets a hub per segment, linked to the nodes on it,
 * so the L3 underlay under the tunnels shows; a lab on one LAN is drawn without it. Every
 * element carries a class and data attributes (node, container, tunnel, vni) so a page or a test can find it.
 */
final class TopologySvg {
    private TopologySvg() {}

    private static final int LINE = 16;
    private static final int CHAR = 7;
    private static final int PAD = 10;
    private static final int GAP_X = 90;
    private static final int GAP_Y = 70;

    /** One tunnel between two nodes, drawn once however many sides list it. */
    record Tunnel(String a, String b, String device, Integer vni, Integer port, boolean up) {}

    /** One underlay subnet shared by two nodes or more: its network and each member's device and address. */
    record Segment(String network, Map<String, Attachment> members) {}

    /** Where a node's box sits. */
    private record Box(NodeView node, List<Line> lines, int x, int y, int width, int height) {
        int centreX() { return x + width / 2; }
        int centreY() { return y + height / 2; }
    }

    /** One text line in a box: its text, its CSS class and the data attributes that name what it shows. */
    private record Line(String text, int indent, String cssClass, Map<String, String> data) {}

    static String svg(List<NodeView> nodes) {
        List<Segment> segments = segments(nodes);
        // Hubs sit between the boxes: a lab drawn with its segments gets wider gaps.
        List<Box> boxes = layout(nodes, segments.isEmpty() ? 1 : 2.5);
        int width = boxes.stream().mapToInt(b -> b.x() + b.width()).max().orElse(0) + PAD;
        int height = boxes.stream().mapToInt(b -> b.y() + b.height()).max().orElse(0) + PAD;
        StringBuilder sb = new StringBuilder();
        sb.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"netshell-topology\" xml:space=\"preserve\" width=\"")
                .append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"monospace\" font-size=\"12\">\n");
        sb.append("<style>.node rect{fill:#f7f9fc;stroke:#34495e}.title{font-weight:bold}")
                .append(".tunnel line{stroke:#2e86c1;stroke-width:2;stroke-dasharray:6 4}.tunnel text{fill:#2e86c1}")
                .append(".tunnel.down line{stroke:#c0392b;stroke-dasharray:2 4}.tunnel.down text{fill:#c0392b}")
                .append(".segment line{stroke:#95a5a6;stroke-width:3}.segment-hub rect{fill:#ecf0f1;stroke:#7f8c8d}")
                .append(".container{fill:#1e8449}.vip{fill:#a04000}.vxlan{fill:#2e86c1}</style>\n");
        Map<String, Box> byName = new HashMap<>();
        boxes.forEach(b -> byName.put(b.node().node(), b));
        // Segments and tunnels first, so boxes are drawn over their ends.
        // A segment's lines go under the boxes, its hub over them (a hub at the middle of a big grid meets a box).
        StringBuilder hubs = new StringBuilder();
        for (Segment seg : segments) segment(sb, hubs, seg, byName);
        boolean labelled = nodes.size() <= TopologyText.BOXES_UP_TO;
        for (Tunnel t : tunnels(nodes)) {
            Box a = byName.get(t.a());
            Box b = byName.get(t.b());
            sb.append("<g class=\"tunnel").append(t.up() ? "" : " down").append("\" data-from=\"").append(x(t.a()))
                    .append("\" data-to=\"").append(x(t.b()))
                    .append("\" data-device=\"").append(x(t.device())).append("\" data-vni=\"").append(t.vni())
                    .append("\"><title>").append(x(tunnelTitle(t))).append("</title>");
            sb.append("<line x1=\"").append(a.centreX()).append("\" y1=\"").append(a.centreY()).append("\" x2=\"")
                    .append(b.centreX()).append("\" y2=\"").append(b.centreY()).append("\"/>");
            if (labelled) {
                // At 40% of the way, so two tunnels crossing at their middles keep their labels apart.
                sb.append("<text x=\"").append(a.centreX() + (b.centreX() - a.centreX()) * 2 / 5).append("\" y=\"")
                        .append(a.centreY() + (b.centreY() - a.centreY()) * 2 / 5 - 4)
                        .append("\" text-anchor=\"middle\">VNI ")
                        .append(t.vni()).append("</text>");
            }
            sb.append("</g>\n");
        }
        for (Box b : boxes) {
            sb.append("<g class=\"node\" data-node=\"").append(x(b.node().node())).append("\">");
            sb.append("<rect x=\"").append(b.x()).append("\" y=\"").append(b.y()).append("\" width=\"")
                    .append(b.width()).append("\" height=\"").append(b.height()).append("\" rx=\"6\"/>");
            int y = b.y() + PAD + LINE - 4;
            for (Line l : b.lines()) {
                sb.append("<text x=\"").append(b.x() + PAD + l.indent() * CHAR).append("\" y=\"").append(y)
                        .append("\" class=\"")
                        .append(l.cssClass()).append('"');
                l.data().forEach((k, v) -> sb.append(" data-").append(k).append("=\"").append(x(v)).append('"'));
                sb.append('>').append(x(l.text())).append("</text>");
                y += LINE;
            }
            sb.append("</g>\n");
        }
        return sb.append(hubs).append("</svg>\n").toString();
    }

    /** The tunnels between nodes of the picture, each pair and device once; peers outside it are left out. */
    static List<Tunnel> tunnels(List<NodeView> nodes) {
        Map<String, String> names = new HashMap<>();
        for (NodeView n : nodes) names.put(n.address(), n.node());
        Map<String, Tunnel> out = new LinkedHashMap<>();
        for (NodeView n : nodes) {
            for (Vxlan v : n.vxlans()) {
                for (String peer : v.peers()) {
                    String other = names.get(peer);
                    if (other == null || other.equals(n.node())) continue;
                    String a = n.node().compareTo(other) <= 0 ? n.node() : other;
                    String b = a.equals(n.node()) ? other : n.node();
                    String key = a + "|" + b + "|" + v.device();
                    Tunnel seen = out.get(key);
                    // A tunnel is up only if its device is up at both ends it was seen from.
                    boolean up = v.up() && (seen == null || seen.up());
                    out.put(key, new Tunnel(a, b, v.device(), v.vni(), v.port(), up));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The underlay segments worth drawing: subnets two nodes or more are on, when the nodes are on more than one
     * subnet in all (one shared LAN says nothing the boxes do not).
     */
    static List<Segment> segments(List<NodeView> nodes) {
        Map<String, Map<String, Attachment>> byNetwork = new TreeMap<>();
        for (NodeView n : nodes) {
            for (Attachment a : n.segments()) {
                SubnetUtils.SubnetInfo info = new SubnetUtils(a.cidr()).getInfo();
                String network = info.getNetworkAddress() + "/" + a.cidr().substring(a.cidr().indexOf('/') + 1);
                byNetwork.computeIfAbsent(network, k -> new LinkedHashMap<>()).putIfAbsent(n.node(), a);
            }
        }
        if (byNetwork.size() < 2) return List.of();
        List<Segment> out = new ArrayList<>();
        byNetwork.forEach((network, members) -> {
            if (members.size() >= 2) out.add(new Segment(network, members));
        });
        return out;
    }

    /** A segment: a labelled hub where its members' boxes meet, a line from each member (hover: its address). */
    private static void segment(StringBuilder sb, StringBuilder hubs, Segment seg, Map<String, Box> byName) {
        List<Box> members = seg.members().keySet().stream().map(byName::get).toList();
        int hx = (int) Math.round(members.stream().mapToInt(Box::centreX).average().orElse(0));
        int hy = (int) Math.round(members.stream().mapToInt(Box::centreY).average().orElse(0));
        sb.append("<g class=\"segment\" data-segment=\"").append(x(seg.network())).append("\" data-nodes=\"")
                .append(x(String.join(" ", seg.members().keySet()))).append("\">");
        seg.members().forEach((node, a) -> {
            Box b = byName.get(node);
            sb.append("<line x1=\"").append(b.centreX()).append("\" y1=\"").append(b.centreY()).append("\" x2=\"")
                    .append(hx).append("\" y2=\"").append(hy).append("\" data-node=\"").append(x(node))
                    .append("\"><title>").append(x(node + " " + a.device() + " " + a.cidr())).append("</title></line>");
        });
        sb.append("</g>\n");
        hubs.append("<g class=\"segment-hub\" data-segment=\"").append(x(seg.network())).append("\">");
        int w = seg.network().length() * CHAR + 2 * PAD;
        hubs.append("<rect x=\"").append(hx - w / 2).append("\" y=\"").append(hy - LINE / 2 - 3).append("\" width=\"")
                .append(w).append("\" height=\"").append(LINE + 6).append("\" rx=\"8\"/>");
        hubs.append("<text x=\"").append(hx).append("\" y=\"").append(hy + 4).append("\" text-anchor=\"middle\">")
                .append(x(seg.network())).append("</text></g>\n");
    }

    private static String tunnelTitle(Tunnel t) {
        return t.a() + " <-> " + t.b() + ": " + t.device() + " VNI " + t.vni() + " udp/" + t.port()
                + (t.up() ? "" : " (DOWN)");
    }

    /**
     * A small lab on a ring (the first node on the left), so every tunnel's line runs between boxes, not under a
     * box in its way; a big lab in a grid, wide rather than tall.
     */
    private static List<Box> layout(List<NodeView> nodes, double spread) {
        boolean small = nodes.size() <= TopologyText.BOXES_UP_TO;
        List<List<Line>> contents = nodes.stream().map(n -> small ? lines(n) : summaryLines(n)).toList();
        int width = contents.stream().flatMap(List::stream).mapToInt(l -> (l.indent() + l.text().length()) * CHAR)
                .max().orElse(0) + 2 * PAD;
        int height = contents.stream().mapToInt(List::size).max().orElse(1) * LINE + 2 * PAD;
        int gapX = (int) (GAP_X * spread);
        int gapY = (int) (GAP_Y * spread);
        return small
                ? ring(nodes, contents, width, height, gapX, gapY)
                : grid(nodes, contents, width, height, gapX,
                        gapY);
    }

    private static List<Box> ring(List<NodeView> nodes, List<List<Line>> contents, int width, int height, int gapX,
            int gapY) {
        int n = nodes.size();
        if (n == 1) return List.of(new Box(nodes.get(0), contents.get(0), PAD, PAD, width, height));
        double chord = 2 * Math.sin(Math.PI / n);
        double rx = (width + gapX) / chord;
        double ry = n == 2 ? 0 : (height + gapY) / chord;
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double angle = Math.PI + 2 * Math.PI * i / n;
            int cx = (int) Math.round(PAD + width / 2.0 + rx + rx * Math.cos(angle));
            int cy = (int) Math.round(PAD + height / 2.0 + ry + ry * Math.sin(angle));
            boxes.add(new Box(nodes.get(i), contents.get(i), cx - width / 2, cy - height / 2, width, height));
        }
        return boxes;
    }

    private static List<Box> grid(List<NodeView> nodes, List<List<Line>> contents, int width, int height, int gapX,
            int gapY) {
        int columns = (int) Math.ceil(Math.sqrt(nodes.size()));
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int x = PAD + (i % columns) * (width + gapX);
            int y = PAD + (i / columns) * (height + gapY);
            boxes.add(new Box(nodes.get(i), contents.get(i), x, y, width, height));
        }
        return boxes;
    }

    /** The same lines as the text picture's box. */
    private static List<Line> lines(NodeView n) {
        List<Line> out = new ArrayList<>();
        out.add(title(n));
        for (Bridge b : n.bridges()) {
            out.add(new Line("bridge " + b.name() + "  " + String.join(", ", b.addresses()) + "  mtu " + b.mtu(), 0,
                    "bridge", Map.of("bridge", b.name())));
            for (Container c : b.containers()) {
                out.add(new Line("container " + c.name() + "  " + (c.address() == null ? "-" : c.address()), 2,
                        "container", Map.of("container", c.name())));
            }
        }
        for (Vxlan v : n.vxlans()) {
            out.add(new Line("vxlan " + v.device() + "  VNI " + v.vni() + "  udp/" + v.port() + "  mtu " + v.mtu(), 0,
                    "vxlan", vxlanData(v)));
        }
        for (String vip : n.vips()) out.add(new Line("VIP " + vip, 0, "vip", Map.of("vip", vip)));
        return out;
    }

    /** A big lab's box: the title and counts; containers stay findable by their data attributes. */
    private static List<Line> summaryLines(NodeView n) {
        List<Line> out = new ArrayList<>();
        out.add(title(n));
        int containers = n.bridges().stream().mapToInt(b -> b.containers().size()).sum();
        StringBuilder counts = new StringBuilder();
        if (!n.bridges().isEmpty()) counts.append(n.bridges().size()).append(" br ");
        if (containers > 0) counts.append(containers).append(" ctr ");
        if (!n.vxlans().isEmpty()) counts.append(n.vxlans().size()).append(" vxlan ");
        if (!n.vips().isEmpty()) counts.append(n.vips().size()).append(" VIP");
        if (!counts.isEmpty()) out.add(new Line(counts.toString().strip(), 0, "counts", Map.of()));
        return out;
    }

    private static Line title(NodeView n) {
        return new Line(n.node() + "  " + n.address() + (n.underlay() == null ? "" : " (" + n.underlay() + ")"),
                0, "title", Map.of());
    }

    private static Map<String, String> vxlanData(Vxlan v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("device", v.device());
        m.put("vni", String.valueOf(v.vni()));
        return m;
    }

    /** Text and attribute escaping for XML. */
    static String x(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
