package netshell.lab.topo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.core.Step;
import netshell.node.ShellQuote;

/**
 * Live changes planned from the links captured in a real lab (the three-segment example brought up as "tfcap": r1 with
 * eth1-eth3, h1 h2 h3 with eth1, sw1's ports sw1-r1 and sw1-h2): the interfaces chosen, the ip commands, and each
 * refusal's one line.
 */
class LiveChangeTest {
    private static final Path LIVE = Path.of("src/test/resources/golden/topo/live");

    private static LiveChange.Facts fileLab() throws Exception {
        Map<String, String> links = new TreeMap<>();
        for (String ns : List.of("tfcap-lan", "tfcap-node1", "tfcap-node2", "tfcap-node3", "tfcap-node4"))
            links.put(ns, Files.readString(LIVE.resolve(ns + ".link.json")));
        Topology t = TopologyParser
                .parse("f", Files.readString(Path.of("scripts/topologies/three-segments.clab.yml"))).topology();
        return new LiveChange.Facts("tfcap", "eth0", NodePlacement.inFileOrder(t), List.of(1, 2, 3, 4),
                List.of("sw1"), links);
    }

    private static String argv(List<Step> steps) {
        StringBuilder out = new StringBuilder();
        steps.forEach(s -> out.append(ShellQuote.join(s.argv())).append('\n'));
        return out.toString();
    }

    @Test
    void aNewNodeTakesTheFirstFreeNumberAndFreeInterfaces() throws Exception {
        LiveChange.NewNode web = new LiveChange(fileLab()).addNode("web", List.of("r1", "sw1", "h1:eth7"), 245);
        assertEquals(5, web.index());
        assertEquals("tfcap-node5", web.namespace());
        assertEquals("[web:eth1 r1:eth4, web:eth2 sw1:sw1-web, web:eth3 h1:eth7]",
                web.links().stream().map(l -> l.a() + " " + l.b()).toList().toString());
        assertEquals("""
                ip -n tfcap-node5 link add eth1 type veth peer name eth4 netns tfcap-node1
                ip -n tfcap-node5 link set eth1 up
                ip -n tfcap-node1 link set eth4 up
                ip -n tfcap-node5 link add eth2 type veth peer name sw1-web netns tfcap-lan
                ip -n tfcap-node5 link set eth2 up
                ip -n tfcap-lan link set sw1-web master sw1 up
                ip -n tfcap-node5 link add eth3 type veth peer name eth7 netns tfcap-node2
                ip -n tfcap-node5 link set eth3 up
                ip -n tfcap-node2 link set eth7 up
                """, argv(web.linkSteps()));
        assertEquals("ip -n tfcap-node5 link del eth1", ShellQuote.join(web.linkSteps().get(0).undo().argv()),
                "a link made is undone by deleting its first end");
    }

    @Test
    void aPlainLabsNodeKTakesNumberKAndKeepsEth1ForTheLan() throws Exception {
        Map<String, String> links = Map.of("lab-node1", "[{\"ifindex\":1,\"ifname\":\"lo\"},"
                + "{\"ifindex\":2,\"ifname\":\"eth1\",\"link_index\":3,\"link_netnsid\":0}]");
        var facts = new LiveChange.Facts("lab", "eth1", NodePlacement.none(), List.of(1), List.of(), links);
        LiveChange.NewNode n = new LiveChange(facts).addNode("node4", List.of("node1"), 245);
        assertEquals(4, n.index());
        assertEquals("[node4:eth2 node1:eth2]", n.links().stream().map(l -> l.a() + " " + l.b()).toList().toString());
        assertEquals(2, new LiveChange(facts).addNode("web", List.of(), 245).index());
        assertEquals("node3", NodePlacement.none().with(2, "web").name(3));
    }

    @Test
    void aLinkBetweenFreeInterfacesAndItsRemoval() throws Exception {
        LiveChange c = new LiveChange(fileLab());
        assertEquals("""
                ip -n tfcap-node2 link add eth2 mtu 1400 type veth peer name eth2 netns tfcap-node3 mtu 1400
                ip -n tfcap-node2 link set eth2 up
                ip -n tfcap-node3 link set eth2 up
                """, argv(c.addLink(c.endpoint("h1:eth2"), c.endpoint("h2:eth2"), 1400)));
        LiveChange rm = new LiveChange(fileLab());
        assertEquals("ip -n tfcap-node1 link del eth1\n", argv(rm.removeLink(rm.endpoint("r1:eth1"),
                rm.endpoint("h1:eth1"))));
    }

    @Test
    void refusalsAreOneLineEach() throws Exception {
        assertRefused("no node 'nope' in lab tfcap (it has r1, h1, h2, h3, sw1)",
                c -> c.addNode("web", List.of("nope"), 245));
        assertRefused("name taken: lab tfcap has h2 already", c -> c.addNode("h2", List.of(), 245));
        assertRefused("name taken: lab tfcap has sw1 already", c -> c.addNode("sw1", List.of(), 245));
        assertRefused("r1:eth2 is in use: r1 has eth2 already", c -> c.addNode("web", List.of("r1:eth2"), 245));
        assertRefused("h1:eth1 is in use: h1 has eth1 already",
                c -> c.addLink(c.endpoint("h1:eth1"), c.endpoint("h2:eth5"), null));
        assertRefused("h1:eth0: eth0 is the node's interface on the lab LAN",
                c -> c.endpoint("h1:eth0"));
        assertRefused("r1:eth3 and h1:eth1 are not the two ends of one link",
                c -> c.removeLink(c.endpoint("r1:eth3"), c.endpoint("h1:eth1")));
        assertRefused("h1:eth9: h1 has no interface eth9", c -> c.removeLink(c.endpoint("h1:eth9"),
                c.endpoint("r1:eth1")));
        assertRefused("'h1': expected NODE:INTERFACE (r1:eth1)", c -> c.endpoint("h1"));
        assertRefused("lab tfcap has 4 nodes, as many as a lab holds", c -> c.addNode("web", List.of(), 4));
        assertRefused("sw1 is a bridge: 'lab rm-node' removes linux nodes (the bridge stays for now)",
                c -> c.removable("sw1"));
        assertEquals(3, new LiveChange(fileLab()).removable("h2"));
        var lone = new LiveChange.Facts("one", "eth1", NodePlacement.none(), List.of(1), List.of(), Map.of());
        BadInput last = assertThrows(BadInput.class, () -> new LiveChange(lone).removable("node1"));
        assertEquals("node1 is the last node of lab one: 'lab down' removes the lab", last.getMessage());
    }

    private interface Change {
        Object apply(LiveChange c);
    }

    private static void assertRefused(String message, Change change) throws Exception {
        BadInput e = assertThrows(BadInput.class, () -> change.apply(new LiveChange(fileLab())));
        assertEquals(message, e.getMessage());
    }

    @Test
    void placementReadsBackWhatItWrites() {
        NodePlacement p = NodePlacement.parse("1 r1\n3 web\n");
        assertEquals("1 r1\n3 web\n", p.text());
        assertEquals(3, p.index("web", List.of(1, 3)).getAsInt());
        assertEquals(2, p.index("node2", List.of(1, 2, 3)).getAsInt(), "a number without a name is nodeN");
        assertTrue(p.index("node3", List.of(1, 2, 3)).isEmpty(), "node 3 is called web");
        assertEquals(2, p.free("node2", List.of(1, 3), 245).getAsInt());
        assertEquals(4, p.without(3).with(4, "db").index("db").getAsInt());
    }
}
