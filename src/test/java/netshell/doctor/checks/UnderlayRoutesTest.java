package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.kernel.Link;

/**
 * The underlay route check on DoctorTest's two nodes (VTEPs 192.168.56.10 and .11), with node2's routes as `ip -j -4
 * route show` prints them: a peer VTEP covered by a route is fine, one with no route or behind a blackhole is a
 * finding.
 */
class UnderlayRoutesTest {
    private static final String LAN = "{\"dst\":\"192.168.56.0/24\",\"dev\":\"eth1\",\"protocol\":\"kernel\","
            + "\"scope\":\"link\",\"prefsrc\":\"192.168.56.11\",\"flags\":[]}";

    private static CauseFacts routes(String json) {
        CauseFacts h = CauseChecksTest.healthy();
        return new CauseFacts(h.rpFilter(), h.routeLocalnet(), h.conntrackCount(), h.conntrackMax(), h.iptablesMode(),
                h.otherRules(), h.ownRules(), h.nft(), json);
    }

    private static List<Finding> of(String node2Routes) {
        return UnderlayRoutes.check(DoctorTest.healthy().get(1), routes(node2Routes));
    }

    @Test
    void aPeerOnARoutedSubnetOrByDefaultIsFine() {
        for (String json : List.of("[" + LAN + "]",
                "[{\"dst\":\"default\",\"gateway\":\"10.1.1.1\",\"dev\":\"eth2\"}]")) {
            List<Finding> f = of(json);
            assertEquals(1, f.size(), f.toString());
            assertEquals(new Finding("underlay-route", "node2", Status.OK, "vxlan0 has a route to every peer VTEP", ""),
                    f.get(0));
        }
    }

    @Test
    void aPeerWithoutARouteIsAFinding() {
        List<Finding> f = of("[{\"dst\":\"10.20.2.0/24\",\"dev\":\"eth1\",\"protocol\":\"kernel\"}]");
        assertEquals(List.of(Finding.fail("underlay-route", "node2", "vxlan0 on node2 sends to 192.168.56.10 (no "
                + "route), which node2 cannot route: the kernel drops every tunnel packet to that peer (add a route to "
                + "it through the router of the underlay, e.g. in the topology's exec) [ip -j -4 route show: "
                + "10.20.2.0/24 dev eth1]", "")), f);
    }

    @Test
    void theLongestPrefixWinsSoABlackholeHidesThePeer() {
        List<Finding> f = of("[" + LAN + ",{\"type\":\"blackhole\",\"dst\":\"192.168.56.10\",\"flags\":[]}]");
        assertEquals(1, f.size());
        assertEquals(Status.FAIL, f.get(0).status());
        assertEquals(true, f.get(0).explanation().startsWith("vxlan0 on node2 sends to 192.168.56.10 (blackhole "
                + "192.168.56.10), which node2 cannot route"), f.get(0).explanation());
    }

    /** On a routed underlay the tunnel leaves by its own device (dev eth2, MTU 1400), not the node's underlay. */
    @Test
    void theMtuCheckTakesTheDeviceTheTunnelLeavesBy() {
        Link vx = new Link("vxlan0", 0, "vxlan", "UNKNOWN", true, 1450, "nsbr0", "netshell", null, 100, "10.20.2.10",
                4789, "eth2", true);
        List<NodeFacts> nodes = List.of(DoctorTest.healthy().get(0),
                DoctorTest.node("node2", "192.168.56.11", "192.168.56.10",
                        List.of(DoctorTest.link("eth2", null, 1400, null, true), vx), null));
        List<Finding> mtu = Doctor.check(nodes).stream().filter(f -> f.failed() && f.check().equals("mtu")).toList();
        // One L2 segment, one MTU: node1's devices must come down to node2's tunnel too.
        assertEquals(List.of("node1", "node2"), mtu.stream().map(Finding::node).toList(), mtu.toString());
        assertTrue(mtu.get(1).explanation().startsWith("vxlan0 has MTU 1450 (more than 1350, the underlay's 1400"),
                mtu.get(1).explanation());
    }

    @Test
    void withoutRoutesReadItSaysNothing() {
        assertEquals(List.of(), UnderlayRoutes.check(DoctorTest.healthy().get(1), CauseChecksTest.healthy()));
    }
}
