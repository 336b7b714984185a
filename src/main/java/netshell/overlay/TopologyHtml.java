package netshell.overlay;

import static netshell.overlay.TopologySvg.x;

import java.util.List;

import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.Container;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologySvg.Tunnel;

/**
 * A topology as one self-contained page (no scripts, no links out, so it opens offline and from a mail): the SVG
 * picture, then a table of nodes and one of tunnels. Written as XHTML, so XML tools can read it too.
 */
final class TopologyHtml {
    private TopologyHtml() {}

    static String html(List<NodeView> nodes) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>netshell topology</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;font-family:monospace;text-align:left}</style>\n")
                .append("</head>\n<body>\n<h1>netshell topology</h1>\n");
        sb.append(TopologySvg.svg(nodes));
        sb.append("<h2>Nodes</h2>\n<table class=\"nodes\">\n<tr><th>node</th><th>address</th><th>underlay</th>")
                .append("<th>bridges</th><th>containers</th><th>VIPs</th></tr>\n");
        for (NodeView n : nodes) {
            List<String> bridges = n.bridges().stream()
                    .map(b -> b.name() + " " + String.join(",", b.addresses())).toList();
            List<String> containers = n.bridges().stream().map(Bridge::containers).flatMap(List::stream)
                    .map(TopologyHtml::container).toList();
            sb.append("<tr data-node=\"").append(x(n.node())).append("\">").append(cell(n.node()))
                    .append(cell(n.address())).append(cell(n.underlay() == null ? "" : n.underlay()))
                    .append(cell(String.join("; ", bridges))).append(cell(String.join("; ", containers)))
                    .append(cell(String.join(", ", n.vips()))).append("</tr>\n");
        }
        sb.append("</table>\n");
        List<Tunnel> tunnels = TopologySvg.tunnels(nodes);
        if (!tunnels.isEmpty()) {
            sb.append("<h2>VXLAN tunnels</h2>\n<table class=\"tunnels\">\n")
                    .append("<tr><th>between</th><th>and</th><th>device</th><th>VNI</th><th>UDP port</th></tr>\n");
            for (Tunnel t : tunnels) {
                sb.append("<tr>").append(cell(t.a())).append(cell(t.b())).append(cell(t.device()))
                        .append(cell(String.valueOf(t.vni()))).append(cell(String.valueOf(t.port()))).append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String container(Container c) {
        return c.name() + (c.address() == null ? "" : " " + c.address());
    }

    private static String cell(String s) { return "<td>" + x(s) + "</td>"; }
}
