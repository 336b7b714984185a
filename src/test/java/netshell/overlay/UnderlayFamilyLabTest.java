package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * The mesh's family follows the underlay: nodes whose underlay has only IPv6 get a VXLAN over IPv6 (said in one
 * line) instead of "eth1 has no IPv4 address"; with both, IPv4 stays the default and --ipv6 picks the other.
 */
@NeedsRoot
class UnderlayFamilyLabTest {

    static Map<?, ?> vxlan(TestShell sh, String node, String device) {
        String json = sh.sh(node, "ip", "-d", "-j", "link", "show", device).stdout();
        Map<?, ?> link = (Map<?, ?>) ((List<?>) new JsonSlurper().parseText(json)).get(0);
        Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) link.get("linkinfo")).get("info_data");
        return Map.of("local", String.valueOf(data.get("local") != null ? data.get("local") : data.get("local6")),
                "mtu", link.get("mtu"));
    }

    static void ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " -> " + r.out() + r.err());
    }

    @Test
    void bothFamiliesKeepIpv4UnlessAsked() {
        try (TestShell sh = TestShell.lab("nsuf", 2, true)) {
            ok(sh, "vxlan create --vni 701 --name vx4");
            ok(sh, "vxlan create --vni 702 --name vx6 --ipv6");
            assertEquals(Map.of("local", Lab.address(1), "mtu", 1450), vxlan(sh, "node1", "vx4"));
            assertEquals(Map.of("local", Lab.address6(1), "mtu", 1430), vxlan(sh, "node1", "vx6"));
        }
    }

    @Test
    void anIpv6OnlyUnderlayCarriesTheMeshOverIpv6() {
        try (TestShell sh = TestShell.lab("nsuf", 2, true)) {
            for (int i = 1; i <= 2; i++) sh.sh("node" + i, "ip", "addr", "del", Lab.address(i) + "/24", "dev", "eth1");
            List<String> notices = new ArrayList<>();
            sh.session().notices(notices::add);
            ok(sh, "overlay create 10.0.0.0/24 --vni 703");
            assertEquals(List.of("node1's eth1, node2's eth1 have no IPv4 address: the VXLAN runs over the underlay's"
                    + " IPv6 addresses (MTU underlay - 70)"), notices);
            for (int i = 1; i <= 2; i++)
                assertEquals(Map.of("local", Lab.address6(i), "mtu", 1430), vxlan(sh, "node" + i, "vxlan0"));
            assertTrue(sh.sh("node1", "ip", "link", "show", "nsbr0").stdout().contains("mtu 1430"));
            sh.sh("node1", "ping", "-c", "1", "-W", "2", "10.0.0.2"); // node2's host address, across the tunnel
        }
    }
}
