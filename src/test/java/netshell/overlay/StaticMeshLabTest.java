package netshell.overlay;

import static netshell.overlay.OverlayLabTest.assertSameState;
import static netshell.overlay.OverlayLabTest.ok;
import static netshell.overlay.OverlayLabTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * Containers on a static mesh (no flooding, no learning) reach each other and the other nodes: every node's VXLAN
 * device answers ARP for the others' addresses and sends each container's MAC to its node (real kernel, as root).
 */
@NeedsRoot
class StaticMeshLabTest {
    @Test
    void containersAcrossAStaticMeshTalkAndAreForgottenWhenRemoved() {
        try (TestShell sh = TestShell.lab("ns19s", 3)) {
            Map<String, String> before = snapshot(sh);
            ok(sh, "overlay create 10.0.0.0/24 --static");
            assertTrue(sh.sh("node1", "ip", "-d", "link", "show", "vxlan0").stdout().contains(" proxy "),
                    "a static device proxies ARP");
            ok(sh, "container run c1 --on node1");
            ok(sh, "container run c2 --on node2");
            ok(sh, "container run c3 --on node3");
            // each container's ARP request is answered on its own node: nothing floods
            ok(sh, "container probe c1 ping -c 1 -W 2 10.0.0.129"); // c1 -> c2
            ok(sh, "container probe c3 ping -c 1 -W 2 10.0.0.2"); // c3 -> node2's host address
            assertEquals("Hello from c3", ok(sh, "container probe c1 curl -s -m 3 http://10.0.0.193/").strip());
            assertEquals("node1| Hello from c2", ok(sh, "node1 curl -s -m 3 http://10.0.0.129/").strip());
            String neigh = sh.sh("node2", "ip", "neigh", "show", "dev", "vxlan0").stdout();
            assertTrue(neigh.contains("10.0.0.65 lladdr 02:03:0a:00:00:41 PERMANENT"), neigh);
            assertTrue(neigh.contains("10.0.0.3 lladdr 02:02:c0:a8:38:0c PERMANENT"), neigh);
            assertTrue(sh.sh("node2", "bridge", "fdb", "show", "dev", "vxlan0").stdout()
                    .contains("02:03:0a:00:00:c1 dst 192.168.56.12 self permanent"));

            // the VIP on node2 over containers on the two other nodes
            ok(sh, "lb add-vip 192.168.56.100:80 --on node2 --backend 10.0.0.65:80 --backend 10.0.0.193:80");
            String test = ok(sh, "lb test 192.168.56.100:80 --from node2 -n 20");
            assertTrue(test.contains("Hello from c1") && test.contains("Hello from c3"), test);
            ok(sh, "lb delete 192.168.56.100:80");

            Map<String, String> made = snapshot(sh);
            assertFalse(ok(sh, "overlay create 10.0.0.0/24 --static").contains("change(s)"));
            assertFalse(ok(sh, "container run c2 --on node2").contains("change(s)"));
            assertSameState(made, snapshot(sh), "a second create and run change nothing");
            String doctor = ok(sh, "doctor");
            assertTrue(doctor.contains(" 0 fail"), doctor);

            ok(sh, "container rm c2");
            for (String node : new String[]{"node1", "node3"}) {
                assertFalse(sh.sh(node, "ip", "neigh", "show", "dev", "vxlan0").stdout().contains("10.0.0.129"),
                        node + " forgot c2's address");
                assertFalse(
                        sh.sh(node, "bridge", "fdb", "show", "dev", "vxlan0").stdout()
                                .contains("02:03:0a:00:00:81 dst"),
                        node + " forgot c2's MAC (the bridge may still remember the port it came from)");
            }
            ok(sh, "overlay delete");
            assertSameState(before, snapshot(sh), "delete leaves nothing");
        }
    }

    @Test
    void aDualStackStaticMeshOverAnIpv6UnderlayAnswersNeighbourDiscoveryToo() {
        try (TestShell sh = TestShell.lab("ns19t", 2, true)) {
            Map<String, String> before = snapshot(sh);
            ok(sh, "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --static --underlay6");
            ok(sh, "container run c1 --on node1");
            ok(sh, "container run c2 --on node2");
            // neighbour solicitations are answered by the VXLAN device on the asking node: nothing floods
            assertEquals("Hello from c2", ok(sh, "container probe c1 curl -s -g -m 3 http://[fd00:10::81]/").strip());
            assertEquals("Hello from c1", ok(sh, "container probe c2 curl -s -g -m 3 http://[fd00:10::41]/").strip());
            ok(sh, "container probe c2 ping -6 -c 1 -W 2 fd00:10::1"); // node1's IPv6 host address
            ok(sh, "container probe c1 ping -c 1 -W 2 -M do -s 1352 fd00:10::81"); // 1400 bytes at MTU 1430
            String neigh = sh.sh("node1", "ip", "-6", "neigh", "show", "dev", "vxlan0").stdout();
            assertTrue(neigh.contains("fd00:10::81 lladdr 02:03:0a:00:00:81 PERMANENT"), neigh);
            // node2's bridge MAC: 02:02 and the last four bytes of its underlay address fd56::b
            assertTrue(neigh.contains("fd00:10::2 lladdr 02:02:00:00:00:0b PERMANENT"), neigh);
            assertTrue(sh.sh("node1", "bridge", "fdb", "show", "dev", "vxlan0").stdout()
                    .contains("02:03:0a:00:00:81 dst fd56::b self permanent"));

            Map<String, String> made = snapshot(sh);
            assertFalse(ok(sh, "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --static --underlay6")
                    .contains("change(s)"));
            assertSameState(made, snapshot(sh), "a second create changes nothing");
            ok(sh, "container rm c2");
            assertFalse(sh.sh("node1", "ip", "-6", "neigh", "show", "dev", "vxlan0").stdout().contains("fd00:10::81"));
            ok(sh, "overlay delete");
            assertSameState(before, snapshot(sh), "delete leaves nothing");
        }
    }
}
