package netshell.overlay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.kernel.FdbEntry;
import netshell.kernel.IfAddress;
import netshell.kernel.Link;
import netshell.kernel.NodeState;

/** The overlay read back from kernel state: subnet, host, VNI, peers and the node's container range. */
class OverlayViewTest {
    static NodeState node2Of3() {
        Link br = new Link("nsbr0", 5, "bridge", "UP", true, 1450, null, "netshell", null, null, null, null, null,
                null);
        Link vx = new Link("vxlan0", 6, "vxlan", "UNKNOWN", true, 1450, "nsbr0", "netshell", null, 100, "192.168.56.11",
                4789, "eth1", true);
        List<FdbEntry> fdb = List.of(new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", "192.168.56.10", null, List.of("self")),
                new FdbEntry(FdbEntry.ALL_ZEROS, "vxlan0", "192.168.56.12", null, List.of("self")));
        return new NodeState(List.of(br, vx), fdb, List.of(new IfAddress("nsbr0", "inet", "10.0.0.2", 24)), List.of());
    }

    @Test
    void derivesTheSecondNodesRangeOfAThreeNodePlan() {
        OverlayView v = OverlayView.of(node2Of3(), "nsbr0").orElseThrow();
        assertEquals("10.0.0.2/24", v.hostCidr());
        assertEquals("10.0.0.128/26", v.containerRange().toString());
        assertEquals(List.of("10.0.0.129", "10.0.0.191"), List.of(v.firstContainer(), v.lastContainer()));
        assertEquals(100, v.vni());
        assertEquals(List.of("192.168.56.10", "192.168.56.12"), v.peers());
        assertEquals("10.0.0.130", v.nextFree(List.of("10.0.0.129")));
        assertTrue(v.inRange("10.0.0.191"));
        assertFalse(v.inRange("10.0.0.192"));
        assertEquals("10.0.0.129/24", v.withPrefix("10.0.0.129"));
    }

    @Test
    void foreignOrAddresslessBridgesAreNoOverlay() {
        Link foreign = new Link("br9", 5, "bridge", "UP", true, 1500, null, null, null, null, null, null, null, null);
        NodeState s = new NodeState(List.of(foreign), List.of(), List.of(new IfAddress("br9", "inet", "10.0.0.1", 24)),
                List.of());
        assertTrue(OverlayView.all(s).isEmpty());
        assertTrue(OverlayView.of(NodeState.empty(), "nsbr0").isEmpty());
    }

    @Test
    void fullRangeIsBadInput() {
        OverlayView v = OverlayView.of(node2Of3(), "nsbr0").orElseThrow();
        List<String> all = IntStream.rangeClosed(129, 191).mapToObj(i -> "10.0.0." + i).toList();
        assertThrows(BadInput.class, () -> v.nextFree(all));
    }

    @Test
    void aStaticMeshCountsItsPeersFromThePerPeerEntries() {
        // node2 of a 3-node static mesh (captured: no flood entries, one entry per peer MAC, learned ones besides)
        NodeState node2 = StaticEndpointsTest.captured("node2");
        OverlayView v = OverlayView.of(node2, "nsbr0").orElseThrow();
        assertEquals(List.of("192.168.56.10", "192.168.56.12"), v.peers().stream().sorted().toList());
        assertEquals("10.0.0.128/26", v.containerRange().toString());
    }

    static NodeState dualNode2Of3(String host6) {
        NodeState v4 = node2Of3();
        List<IfAddress> addresses = List.of(new IfAddress("nsbr0", "inet", "10.0.0.2", 24),
                new IfAddress("nsbr0", "inet6", host6, 64), new IfAddress("nsbr0", "inet6", "fe80::1", 64));
        return new NodeState(v4.links(), v4.fdb(), addresses, List.of());
    }

    @Test
    void dualStackReadsTheIpv6HalfFromTheBridge() {
        OverlayView v = OverlayView.of(dualNode2Of3("fd00:10::2"), "nsbr0").orElseThrow();
        assertTrue(v.dualStack());
        assertEquals("fd00:10::2/64", v.ipv6().hostCidr());
        assertEquals("fd00:10::80/122", v.ipv6().containerRange().toString());
        assertEquals("fd00:10::81/64", v.address6For("10.0.0.129"));
        assertEquals("fd00:10::bf/64", v.address6For(v.lastContainer()));
        // An IPv4-only bridge (link-local addresses do not count) has no IPv6 half.
        OverlayView single = OverlayView.of(node2Of3(), "nsbr0").orElseThrow();
        assertFalse(single.dualStack());
        assertEquals(null, single.address6For("10.0.0.129"));
    }

    @Test
    void anIpv6AddressThatIsNotTheTwinOfTheHostAddressIsNotPlanned() {
        OverlayView v = OverlayView.of(dualNode2Of3("fd00:10::99"), "nsbr0").orElseThrow();
        assertTrue(v.dualStack());
        assertEquals(null, v.ipv6().containerRange());
        BadInput e = assertThrows(BadInput.class, () -> v.address6For("10.0.0.129"));
        assertTrue(e.getMessage().contains("is not the IPv6 twin of 10.0.0.2/24"), e.getMessage());
    }
}
