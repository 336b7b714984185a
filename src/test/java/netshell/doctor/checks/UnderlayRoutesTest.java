package netshell.doctor.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

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

    @Test
    void withoutRoutesReadItSaysNothing() {
        assertEquals(List.of(), UnderlayRoutes.check(DoctorTest.healthy().get(1), CauseChecksTest.healthy()));
    }
}
