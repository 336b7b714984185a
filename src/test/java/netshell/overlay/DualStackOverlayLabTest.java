package netshell.overlay;

import static netshell.overlay.OverlayLabTest.assertSameState;
import static netshell.overlay.OverlayLabTest.ok;
import static netshell.overlay.OverlayLabTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;

import netshell.node.ExecResult;
import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * A dual-stack overlay on an IPv6-only tunnel path (lab up --ipv6, overlay create --ipv6 --underlay6): three nodes,
 * a container each with an address of both families, ping and HTTP across nodes in both, the MTU of an IPv6
 * underlay (1500 - 70) with full-size DF packets, idempotency, refusals that change nothing, and a clean delete.
 */
@NeedsRoot
class DualStackOverlayLabTest {
    private static final String CREATE = "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --underlay6";

    @Test
    void threeNodesBothFamiliesAcrossAnIpv6Underlay() throws Exception {
        try (TestShell sh = TestShell.lab("dsov", 3, true)) {
            Map<String, String> before = snapshot(sh);
            ok(sh, CREATE);
            for (int i = 1; i <= 3; i++) ok(sh, "container run c" + i + " --on node" + i);

            // The plan: the same offsets in both families, node ranges apart in both.
            List<String> v4 = new ArrayList<>(), v6 = new ArrayList<>();
            for (Object row : (List<?>) sh.invoke("container ls")) {
                ContainerCommands.ContainerRow c = (ContainerCommands.ContainerRow) row;
                v4.add(c.address());
                v6.add(c.address6());
            }
            assertEquals(List.of("10.0.0.65", "10.0.0.129", "10.0.0.193"), v4);
            assertEquals(List.of("fd00:10::41", "fd00:10::81", "fd00:10::c1"), v6);
            String show = ok(sh, "overlay show");
            assertTrue(show.contains("HOST6") && show.contains("fd00:10::2/64") && show.contains("fd00:10::80/122"),
                    show);
            assertFalse(show.contains("warning"), show);

            // Kernel state: VXLAN between the IPv6 underlay addresses, MTU 1500 - 70 down to the containers' eth0,
            // the IPv6 host address on the bridge without duplicate address detection.
            for (int i = 1; i <= 3; i++) {
                String node = "node" + i;
                Map<?, ?> vxlan = link(sh, node, "vxlan0");
                Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) vxlan.get("linkinfo")).get("info_data");
                assertEquals("fd56::" + Integer.toHexString(9 + i), data.get("local6"), data.toString());
                assertEquals(1430, vxlan.get("mtu"));
                assertEquals(1430, link(sh, node, "nsbr0").get("mtu"));
                String addr = sh.sh(node, "ip", "-j", "-6", "addr", "show", "dev", "nsbr0").stdout();
                assertTrue(addr.contains("\"local\":\"fd00:10::" + i + "\",\"prefixlen\":64"), addr);
                String ns = sh.lab().name() + "-node" + i + "-c" + i;
                String inside = new LocalNode("local")
                        .run("ip", "-n", ns, "-j", "link", "show", "dev", "eth0").stdout();
                assertTrue(inside.contains("\"mtu\":1430"), inside);
                String route6 = new LocalNode("local").run("ip", "-n", ns, "-6", "route", "show",
                        "default").stdout();
                assertTrue(route6.contains("via fd00:10::" + i), route6);
            }

            // Ping and HTTP across nodes in both families.
            ok(sh, "container exec c1 ping -c 1 -W 2 10.0.0.129");
            ok(sh, "container exec c1 ping -6 -c 1 -W 2 fd00:10::81");
            ok(sh, "container exec c2 ping -6 -c 1 -W 2 fd00:10::c1");
            ok(sh, "container exec c3 ping -6 -c 1 -W 2 fd00:10::1");
            assertEquals("Hello from c2", ok(sh, "container exec c1 curl -s -m 5 http://10.0.0.129/").strip());
            assertEquals("Hello from c3", ok(sh, "container exec c1 curl -s -g -m 5 http://[fd00:10::c1]/").strip());
            assertEquals("Hello from c1", ok(sh, "container exec c3 curl -s -g -m 5 http://[fd00:10::41]/").strip());
            assertEquals("Hello from c1", ok(sh, "container exec c2 curl -s -m 5 http://10.0.0.65/").strip());

            // 1400-byte DF packets fit the 1430 MTU: 1372 + 8 ICMP + 20 IPv4, 1352 + 8 ICMPv6 + 40 IPv6.
            // 1431 bytes do not.
            ok(sh, "container exec c3 ping -c 1 -W 2 -M do -s 1372 10.0.0.65");
            ok(sh, "container exec c3 ping -6 -c 1 -W 2 -M do -s 1352 fd00:10::41");
            assertEquals(1, sh.run("container exec c3 ping -c 1 -W 2 -M do -s 1403 10.0.0.65").status());
            assertEquals(1, sh.run("container exec c3 ping -6 -c 1 -W 2 -M do -s 1383 fd00:10::41").status());

            // Running every create again changes nothing.
            Map<String, String> created = snapshot(sh);
            ok(sh, CREATE);
            for (int i = 1; i <= 3; i++) ok(sh, "container run c" + i + " --on node" + i);
            assertSameState(created, snapshot(sh), "kernel state as before");

            // Bad input: one line, exit 2, nothing changed.
            for (String bad : List.of("overlay create 10.0.0.0/24 --ipv6 10.1.0.0/24",
                    "overlay create 10.0.0.0/24 --ipv6 fd00:10::/121",
                    "overlay create 10.0.0.0/24 --ipv6 fe80::1%eth0/64",
                    "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64/64")) {
                TestShell.Run r = sh.run(bad);
                assertEquals(2, r.status(), bad + " -> " + r.out() + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertFalse(r.err().contains("Exception"), r.err());
            }
            assertSameState(created, snapshot(sh), "kernel state as before");

            // overlay delete removes every address of both families, every device and namespace it made.
            ok(sh, "overlay delete");
            assertSameState(before, snapshot(sh), "kernel state as before");
            for (int i = 1; i <= 3; i++) {
                assertFalse(sh.sh("node" + i, "ip", "-j", "addr").stdout().contains("fd00:10::"));
                String links = sh.sh("node" + i, "ip", "-j", "link").stdout();
                assertFalse(links.contains("nsbr0") || links.contains("vxlan0") || links.contains("\"vn"), links);
            }
            String containerNs = Pattern.quote(sh.lab().name()) + "-node\\d-c\\d";
            assertTrue(OverlayLabTest.netnsList().stream().noneMatch(n -> n.matches(containerNs)),
                    OverlayLabTest.netnsList().toString());
        }
    }

    /**
     * An IPv4 overlay becomes dual stack (its containers gain an IPv6 address and a server on both families) and
     * goes back (every IPv6 address of the plan goes, and the 0.1 columns are back).
     */
    @Test
    void anIpv4OverlayBecomesDualStackAndGoesBack() throws Exception {
        try (TestShell sh = TestShell.lab("dsup", 2, true)) {
            ok(sh, "overlay create 10.0.0.0/24");
            ok(sh, "container run c1 --on node1");
            ok(sh, "container run c2 --on node2");
            String single = ok(sh, "container ls");
            assertFalse(single.contains("ADDRESS6"), single);
            assertFalse(ok(sh, "overlay show").contains("HOST6"));

            // Dual stack, and onto the IPv6 underlay: the containers' eth0 follows the MTU down to 1500 - 70.
            ok(sh, "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --underlay6");
            // overlay create itself brings the containers' veths to the new MTU (doctor has nothing to say)
            assertTrue(eth0(sh, "-node2-c2").contains("\"mtu\":1430"), eth0(sh, "-node2-c2"));
            assertTrue(ok(sh, "doctor").contains(" 0 fail"));
            ok(sh, "container run c1 --on node1");
            ok(sh, "container run c2 --on node2");
            assertTrue(eth0(sh, "-node1-c1").contains("\"mtu\":1430"), eth0(sh, "-node1-c1"));
            ok(sh, "container exec c2 ping -6 -c 1 -W 2 -M do -s 1352 fd00:10::41");
            assertEquals(1, sh.run("container exec c2 ping -c 1 -W 2 -M do -s 1403 10.0.0.65").status());
            String dual = ok(sh, "container ls");
            assertTrue(dual.contains("ADDRESS6") && dual.contains("fd00:10::41") && dual.contains("fd00:10::81"), dual);
            assertEquals("Hello from c1", ok(sh, "container exec c2 curl -s -g -m 5 http://[fd00:10::41]/").strip());
            assertEquals("Hello from c2", ok(sh, "container exec c1 curl -s -m 5 http://10.0.0.129/").strip());

            ok(sh, "overlay create 10.0.0.0/24");
            assertTrue(eth0(sh, "-node1-c1").contains("\"mtu\":1450"), eth0(sh, "-node1-c1"));
            ok(sh, "container run c1 --on node1");
            ok(sh, "container run c2 --on node2");
            assertEquals(single.replaceAll("\\s+", " "), ok(sh, "container ls").replaceAll("\\s+", " "));
            assertTrue(eth0(sh, "-node2-c2").contains("\"mtu\":1450"), eth0(sh, "-node2-c2"));
            ok(sh, "container exec c1 ping -c 1 -W 2 -M do -s 1422 10.0.0.129");
            for (String ns : List.of("-node1-c1", "-node2-c2")) {
                String inside = new LocalNode("local").run("ip", "-n", sh.lab().name() + ns, "-6", "route").stdout()
                        + new LocalNode("local").run("ip", "-n", sh.lab().name() + ns, "-6", "addr").stdout();
                assertFalse(inside.contains("fd00:10") || inside.contains("default"), inside);
            }
            for (int i = 1; i <= 2; i++)
                assertFalse(sh.sh("node" + i, "ip", "-j", "addr").stdout().contains("fd00:10::"));
            ok(sh, "overlay delete");
        }
    }

    private static String eth0(TestShell sh, String container) {
        return new LocalNode("local").run("ip", "-n", sh.lab().name() + container, "-j", "link", "show", "dev", "eth0")
                .stdout();
    }

    private static Map<?, ?> link(TestShell sh, String node, String dev) {
        ExecResult r = sh.sh(node, "ip", "-d", "-j", "link", "show", dev);
        assertTrue(r.ok(), r.stderr());
        return (Map<?, ?>) ((List<?>) new JsonSlurper().parseText(r.stdout())).get(0);
    }
}
