package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.overlay.TopologyCommands.Bridge;
import netshell.overlay.TopologyCommands.NodeView;
import netshell.overlay.TopologyCommands.Vxlan;

/** A big lab's topology: a row per node and one line per VXLAN segment; DOT keeps every link. */
class TopologySummaryTest {
    static List<NodeView> mesh(int n, boolean dropOne) {
        List<NodeView> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            List<String> peers = new ArrayList<>();
            for (int j = 1; j <= n; j++)
                if (j != i && !(dropOne && i == 3 && j == 7)) peers.add("192.168.56." + (9 + j));
            out.add(new NodeView("node" + i, "192.168.56." + (9 + i), "eth1",
                    List.of(new Vxlan("vxlan0", 100, 4789, 1450, peers)),
                    List.of(new Bridge("nsbr0", List.of("10.0.0." + i + "/24"), 1450, List.of())), List.of()));
        }
        return out;
    }

    @Test
    void twelveNodesAreRowsAndOneSegmentLine() {
        String text = TopologyText.ascii(mesh(12, false));
        List<String> lines = text.lines().toList();
        assertEquals(14, lines.size(), text);
        assertEquals("node1  192.168.56.10 (eth1)  bridge nsbr0 10.0.0.1/24  vxlan0 VNI 100 peers 11", lines.get(0));
        assertEquals("  vxlan0 VNI 100 udp/4789: 12 nodes, full mesh", lines.get(13));
    }

    @Test
    void aMissingLinkIsNamed() {
        String text = TopologyText.ascii(mesh(12, true));
        assertTrue(text.contains("12 nodes, 1 one-way link(s) missing\n    missing node3 -> node7"), text);
    }

    @Test
    void smallLabsKeepBoxesAndDotKeepsEveryLink() {
        assertTrue(TopologyText.ascii(mesh(3, false)).startsWith("+"));
        long edges = TopologyText.dot(mesh(12, false)).lines().filter(l -> l.contains("style=dashed")).count();
        assertEquals(12 * 11 / 2, edges);
    }
}
