package netshell.overlay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import netshell.command.Args;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Displayable;
import netshell.command.Drawable;
import netshell.command.NodeStates;
import netshell.command.Param;
import netshell.command.Verb;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;
import netshell.node.Node;

/** {@code topology}: a picture of the live state (nodes, VXLAN links, bridges, containers, VIPs), as text or DOT. */
public final class TopologyCommands {
    private TopologyCommands() {}

    /** What the picture shows of one node. */
    public record NodeView(String node, String address, String underlay, List<Vxlan> vxlans, List<Bridge> bridges,
            List<String> vips, List<Attachment> segments) {
        /** A node whose underlay links are not known (one LAN, as the lab's): no segment drawn. */
        public NodeView(String node, String address, String underlay, List<Vxlan> vxlans, List<Bridge> bridges,
                List<String> vips) {
            this(node, address, underlay, vxlans, bridges, vips, List.of());
        }
    }
    /** An IPv4 address of the node on a link of the underlay: where it joins a segment (a subnet). */
    public record Attachment(String device, String cidr) {}
    /** {@code up}: the device is administratively up (a device set down carries nothing). */
    public record Vxlan(String device, Integer vni, Integer port, int mtu, List<String> peers, boolean up) {
        public Vxlan(String device, Integer vni, Integer port, int mtu, List<String> peers) {
            this(device, vni, port, mtu, peers, true);
        }
    }
    public record Bridge(String name, List<String> addresses, int mtu, List<Container> containers) {}
    public record Container(String name, String address) {}

    /** The whole picture; text() draws boxes, {@code --dot} gives Graphviz. */
    public record Topology(List<NodeView> nodes, boolean dot) implements Drawable {
        @Override
        public String svg() { return TopologySvg.svg(nodes); }
        @Override
        public String text() { return dot ? TopologyText.dot(nodes) : TopologyText.ascii(nodes); }
        @Override
        public Object data() { return nodes; }
    }

    public static CommandSpec spec() {
        return CommandSpec.of("topology", "a picture of the live state: nodes, VXLAN links, bridges, containers, VIPs",
                Verb.of("", "draw the live state of the selected nodes", TopologyCommands::topology,
                        Param.flag("dot", "Graphviz DOT instead of text (topology --dot > net.dot; dot -Tsvg net.dot)"),
                        Param.option("svg", "write the picture to FILE as SVG, for slides").valueNamed("FILE")
                                .completes("file"),
                        Param.option("html", "write FILE: one self-contained page (picture and tables), no server")
                                .valueNamed("FILE").completes("file"),
                        Param.onNodes())
                        .details("""
                                Examples: topology --svg lab.svg
                                          topology --html lab.html --on node1,node2"""));
    }

    /** What {@code --svg}/{@code --html} wrote. */
    public record Exported(List<String> files, int nodes, int tunnels, int containers) implements Displayable {
        @Override
        public String text() {
            return "wrote " + String.join(", ", files) + ": " + nodes + " nodes, " + tunnels + " tunnels, "
                    + containers + " containers";
        }
        @Override
        public Object data() { return this; }
    }

    static Displayable topology(Args a, Context ctx) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String format : List.of("svg", "html"))
            if (a.get(format) != null) files.put(format, TopologyFile.checked(format, a.get(format)));
        List<Node> nodes = ctx.select(a.get("on"));
        Map<String, NodeState> states = NodeStates.readAll(ctx, nodes);
        List<NodeView> views = new ArrayList<>();
        for (Node n : nodes) views.add(view(ctx, n, states.get(n.name())));
        if (files.isEmpty()) return new Topology(views, a.flag("dot"));
        files.forEach((format, file) -> TopologyFile.write(file,
                format.equals("svg") ? TopologySvg.svg(views) : TopologyHtml.html(views)));
        int containers = views.stream().flatMap(v -> v.bridges().stream()).mapToInt(b -> b.containers().size()).sum();
        return new Exported(files.values().stream().map(Path::toString).toList(), views.size(),
                TopologySvg.tunnels(views).size(), containers);
    }

    private static NodeView view(Context ctx, Node n, NodeState s) {
        String underlay = n.underlay();
        List<Vxlan> vxlans = new ArrayList<>();
        for (Link l : s.links()) {
            if (l.isVxlan())
                vxlans.add(new Vxlan(l.name(), l.vni(), l.vxlanPort(), l.mtu(), s.meshPeers(l.name()), l.adminUp()));
        }
        Map<String, List<Container>> byBridge = new LinkedHashMap<>();
        for (Containers.Found f : Containers.on(n, s)) {
            String master = s.link(f.veth()).map(Link::master).orElse("?");
            byBridge.computeIfAbsent(master, k -> new ArrayList<>())
                    .add(new Container(f.name(), Containers.address(ctx, n, f.namespace())));
        }
        Set<String> bridgeNames = new LinkedHashSet<>();
        for (Link l : s.links())
            if ("bridge".equals(l.kind()) && (l.ours() || byBridge.containsKey(l.name()))) bridgeNames.add(l.name());
        List<Bridge> bridges = new ArrayList<>();
        for (String b : bridgeNames) {
            bridges.add(new Bridge(b, s.ipv4Of(b).stream().map(IfAddress::cidr).toList(),
                    s.link(b).map(Link::mtu).orElse(0), byBridge.getOrDefault(b, List.of())));
        }
        List<String> vips = underlay == null
                ? List.of()
                : s.ipv4Of(underlay).stream()
                        .filter(x -> x.prefixLen() == 32).map(IfAddress::local).toList();
        return new NodeView(n.name(), n.address(), underlay, vxlans, bridges, vips, attachments(s, bridgeNames));
    }

    /**
     * The node's places on underlay segments: each IPv4 subnet address (not a /32) on a link that is not loopback,
     * a VXLAN device, a bridge of the overlay or a container's veth.
     */
    private static List<Attachment> attachments(NodeState s, Set<String> overlayBridges) {
        List<Attachment> out = new ArrayList<>();
        for (Link l : s.links()) {
            if (l.isVxlan() || overlayBridges.contains(l.name()) || "lo".equals(l.name())
                    || l.master() != null && overlayBridges.contains(l.master()))
                continue;
            for (IfAddress a : s.ipv4Of(l.name())) if (a.prefixLen() < 32) out.add(new Attachment(l.name(), a.cidr()));
        }
        return out;
    }
}
