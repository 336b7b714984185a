package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import netshell.core.BadInput;
import netshell.overlay.TopologyCommands.Attachment;
import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.Container;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologyCommands.Vxlan;

/** {@code topology --svg/--html}: well-formed, one element per node, container and tunnel, nothing fetched. */
class TopologyExportTest {
    private static List<NodeView> threeNodes() {
        List<NodeView> nodes = TopologySummaryTest.mesh(3, false);
        NodeView n1 = nodes.get(0);
        NodeView withContainers = new NodeView(n1.node(), n1.address(), n1.underlay(), n1.vxlans(),
                List.of(new Bridge("nsbr0", List.of("10.0.0.1/24"), 1450,
                        List.of(new Container("web<1>", "10.0.0.2"), new Container("c&2", null)))),
                List.of("192.168.56.200"));
        return List.of(withContainers, nodes.get(1), nodes.get(2));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static long count(Document d, String tag, String cssClass) {
        NodeList all = d.getElementsByTagName(tag);
        long n = 0;
        for (int i = 0; i < all.getLength(); i++)
            if (cssClass.equals(((Element) all.item(i)).getAttribute("class"))) n++;
        return n;
    }

    @Test
    void aRoutedLabDrawsItsSegmentsAndALabOnOneLanDoesNot() throws Exception {
        List<NodeView> routed = List.of(
                routedNode("a1", new Attachment("eth1", "10.20.1.10/24"), new Attachment("eth9", "10.99.0.1/24")),
                routedNode("r1", new Attachment("eth1", "10.20.1.1/24"), new Attachment("eth2", "10.20.2.1/24")),
                routedNode("b1", new Attachment("eth1", "10.20.2.10/24")));
        Document d = parse(TopologySvg.svg(routed));
        assertEquals(2, count(d, "g", "segment"), "a segment per subnet two nodes share; 10.99.0.0/24 is a1's alone");
        assertEquals(2, count(d, "g", "segment-hub"));
        NodeList groups = d.getElementsByTagName("g");
        List<String> segments = new java.util.ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("segment"))
                segments.add(g.getAttribute("data-segment") + " " + g.getAttribute("data-nodes") + " "
                        + g.getElementsByTagName("line").getLength());
        }
        assertEquals(List.of("10.20.1.0/24 a1 r1 2", "10.20.2.0/24 r1 b1 2"), segments);
        assertTrue(TopologySvg.svg(routed).contains("<title>r1 eth2 10.20.2.1/24</title>"), "hover: device, address");

        List<NodeView> oneLan = List.of(routedNode("n1", new Attachment("eth1", "192.168.56.10/24")),
                routedNode("n2", new Attachment("eth1", "192.168.56.11/24")));
        assertEquals(0, count(parse(TopologySvg.svg(oneLan)), "g", "segment"), "one LAN: nothing more to draw");
    }

    private static NodeView routedNode(String name, Attachment... on) {
        return new NodeView(name, on[0].cidr().replaceAll("/.*", ""), on[0].device(), List.of(), List.of(), List.of(),
                List.of(on));
    }

    @Test
    void theSvgHasANodeGroupPerNodeATunnelPerPairAndTheContainersByName() throws Exception {
        Document d = parse(TopologySvg.svg(threeNodes()));
        assertEquals(3, count(d, "g", "node"));
        assertEquals(3, count(d, "g", "tunnel"));
        assertEquals(2, count(d, "text", "container"));
        assertEquals(1, count(d, "text", "vip"));
        String svg = TopologySvg.svg(threeNodes());
        assertTrue(svg.contains("data-container=\"web&lt;1&gt;\""), svg);
        assertTrue(svg.contains("container c&amp;2  -"), svg);
        assertTrue(svg.contains("<title>node1 &lt;-&gt; node2: vxlan0 VNI 100 udp/4789</title>"), svg);
    }

    @Test
    void aHundredNodesAreBoxesOfCountsWithEveryTunnelOnce() throws Exception {
        Document d = parse(TopologySvg.svg(TopologySummaryTest.mesh(100, false)));
        assertEquals(100, count(d, "g", "node"));
        assertEquals(100 * 99 / 2, count(d, "g", "tunnel"));
        assertEquals(0, count(d, "text", "bridge"), "a big lab's boxes hold counts, not lines");
        assertEquals(100, count(d, "text", "counts"));
    }

    @Test
    void aPeerOutsideThePictureIsNoTunnel() {
        List<NodeView> two = TopologySummaryTest.mesh(3, false).subList(0, 2);
        assertEquals(1, TopologySvg.tunnels(two).size());
    }

    @Test
    void thePageIsSelfContainedXhtmlWithTablesOfNodesAndTunnels() throws Exception {
        String html = TopologyHtml.html(threeNodes());
        Document d = parse(html.replaceFirst("<!DOCTYPE html>\n", ""));
        assertEquals(1, count(d, "svg", "netshell-topology"));
        NodeList tables = d.getElementsByTagName("table");
        assertEquals(2, tables.getLength());
        assertEquals(4, ((Element) tables.item(0)).getElementsByTagName("tr").getLength(), "header and 3 nodes");
        assertEquals(4, ((Element) tables.item(1)).getElementsByTagName("tr").getLength(), "header and 3 tunnels");
        String withoutNamespaces = html.replace("http://www.w3.org/1999/xhtml", "")
                .replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutNamespaces.contains("http"), "nothing is fetched: " + withoutNamespaces);
        assertFalse(html.contains("<script"), html);
    }

    @Test
    void aFileInAMissingDirectoryOrADirectoryIsRefusedInOneLine(@TempDir Path dir) {
        BadInput missing = assertThrows(BadInput.class,
                () -> TopologyFile.checked("svg", dir.resolve("no/such/x.svg").toString()));
        assertEquals("--svg " + dir.resolve("no/such/x.svg") + ": no directory " + dir.resolve("no/such"),
                missing.getMessage());
        BadInput directory = assertThrows(BadInput.class, () -> TopologyFile.checked("html", dir.toString()));
        assertTrue(directory.getMessage().endsWith("is a directory, not a file"), directory.getMessage());
    }

    @Test
    void writingReplacesTheFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.svg");
        Files.writeString(file, "old old old old old old");
        TopologyFile.write(file, "new");
        assertEquals("new", Files.readString(file));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left");
        }
    }

    @Test
    void aTunnelWhoseDeviceIsDownAtOneEndIsDrawnDown() throws Exception {
        List<NodeView> nodes = new java.util.ArrayList<>(TopologySummaryTest.mesh(2, false));
        NodeView n2 = nodes.get(1);
        Vxlan v = n2.vxlans().get(0);
        nodes.set(1, new NodeView(n2.node(), n2.address(), n2.underlay(),
                List.of(new Vxlan(v.device(), v.vni(), v.port(), v.mtu(), v.peers(), false)), n2.bridges(), n2.vips()));
        Document d = parse(TopologySvg.svg(nodes));
        assertEquals(1, count(d, "g", "tunnel down"));
        assertTrue(TopologySvg.svg(nodes).contains("udp/4789 (DOWN)</title>"));
        assertTrue(TopologyText.ascii(nodes).contains("mtu 1450  DOWN"), TopologyText.ascii(nodes));
        assertEquals(0, count(parse(TopologySvg.svg(TopologySummaryTest.mesh(2, false))), "g", "tunnel down"));
    }
}
