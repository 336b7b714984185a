package netshell.overlay;

import static netshell.overlay.OverlayLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * A dual-stack overlay on Docker nodes (lab up --ipv6 --docker): the overlay's Docker network is dual stack with
 * the plan's pools in both families, Docker containers get the same IPv4 and IPv6 addresses as namespace
 * containers, HTTP answers across nodes in both families (from a container and from a node), a second run changes
 * nothing, an IPv4-only network with a container on it is not remade, and delete leaves nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsRoot("ip netns, Docker")
class DockerDualStackLabTest {
    private static final String CREATE = "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64";
    private TestShell sh;

    @BeforeAll
    void up() {
        sh = TestShell.dockerLab("dd6", 2, true);
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    private String docker(String node, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return sh.sh(node, argv.toArray(String[]::new)).stdout().strip();
    }

    /** The Docker network and every address of both nodes: what a second run must leave as it is. */
    private Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String node : List.of("node1", "node2")) {
            out.put(node + " network", docker(node, "network", "inspect", "nsbr0"));
            out.put(node + " containers", docker(node, "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}"));
            out.put(node + " addr", OverlayLabTest.normalize(sh.sh(node, "ip", "-j", "addr").stdout(), false));
        }
        return out;
    }

    @Test
    @Order(1)
    void anIpv4NetworkWithAContainerIsNotRemade() {
        ok(sh, "overlay create 10.0.0.0/24");
        ok(sh, "container run web1 --on node1");
        Map<String, String> before = snapshot();
        TestShell.Run refused = sh.run(CREATE);
        assertEquals(1, refused.status(), refused.out() + refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("web1") && refused.err().contains("node1")
                && refused.err().contains("nothing was changed"), refused.err());
        assertEquals(before, snapshot());
        ok(sh, "container rm web1");
    }

    @Test
    @Order(2)
    void dualStackNetworksAndContainers() {
        // The IPv4-only networks have no container now: they are made anew, dual stack.
        ok(sh, CREATE);
        String[][] plan = {{"node1", "10.0.0.1", "10.0.0.64/26", "fd00:10::1", "fd00:10::40/122"},
                {"node2", "10.0.0.2", "10.0.0.128/26", "fd00:10::2", "fd00:10::80/122"}};
        for (String[] p : plan) {
            String ipam = docker(p[0], "network", "inspect", "--format", "{{.EnableIPv6}} {{json .IPAM.Config}}",
                    "nsbr0");
            assertEquals("true [{\"Subnet\":\"10.0.0.0/24\",\"IPRange\":\"" + p[2] + "\",\"Gateway\":\"" + p[1]
                    + "\"},{\"Subnet\":\"fd00:10::/64\",\"IPRange\":\"" + p[4] + "\",\"Gateway\":\"" + p[3] + "\"}]",
                    ipam);
            // The IPv6 host address (Docker's gateway) on the bridge, usable at once (no DAD), the VXLAN its port.
            String addr = sh.sh(p[0], "ip", "-6", "addr", "show", "dev", "nsbr0").stdout();
            assertTrue(addr.contains("inet6 " + p[3] + "/64 scope global nodad") && !addr.contains("global tentative"),
                    addr);
            assertTrue(sh.sh(p[0], "ip", "-d", "link", "show", "vxlan0").stdout().contains("master nsbr0"));
        }
        assertFalse(ok(sh, "overlay show").contains("warning"));

        ok(sh, "container run web1 --on node1");
        ok(sh, "container run web2 --on node2");
        String ls = ok(sh, "container ls");
        assertTrue(ls.contains("ADDRESS6"), ls);
        assertTrue(ls.matches("(?s).*web1\\s+docker\\s+10\\.0\\.0\\.65\\s+fd00:10::41\\s+running.*"), ls);
        assertTrue(ls.matches("(?s).*web2\\s+docker\\s+10\\.0\\.0\\.129\\s+fd00:10::81\\s+running.*"), ls);
        assertEquals("fd00:10::41", docker("node1", "inspect", "--format",
                "{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}{{end}}", "web1"));

        // HTTP across nodes in both families, from the other container's network namespace and from the node.
        assertEquals("Hello from web2", ok(sh, "container probe web1 curl -g -s -m 5 http://[fd00:10::81]/").strip());
        assertEquals("Hello from web1", ok(sh, "container probe web2 curl -g -s -m 5 http://[fd00:10::41]/").strip());
        assertEquals("Hello from web2", ok(sh, "container probe web1 curl -s -m 5 http://10.0.0.129/").strip());
        assertEquals("Hello from web1", ok(sh, "container probe web2 curl -s -m 5 http://10.0.0.65/").strip());
        assertEquals("Hello from web1",
                sh.sh("node2", "curl", "-g", "-s", "-m", "5", "http://[fd00:10::41]/").stdout().strip());
        assertEquals("Hello from web2",
                sh.sh("node1", "curl", "-g", "-s", "-m", "5", "http://[fd00:10::81]/").stdout().strip());
        ok(sh, "container probe web1 ping -6 -c 1 -W 2 -M do -s 1392 fd00:10::81");
        // doctor reads the two-config networks: everything passes, the Docker checks included.
        String doctor = ok(sh, "doctor");
        assertTrue(doctor.contains("docker-subnet") && doctor.contains("docker-mtu") && doctor.contains(" 0 fail"),
                doctor);

        // Again: nothing changes.
        Map<String, String> created = snapshot();
        ok(sh, CREATE);
        ok(sh, "container run web1 --on node1");
        ok(sh, "container run web2 --on node2");
        assertEquals(created, snapshot());

        // Bad input as on namespace nodes: one line, exit 2, nothing changed.
        for (String bad : List.of("overlay create 10.0.0.0/24 --ipv6 10.1.0.0/24",
                "overlay create 10.0.0.0/24 --ipv6 fd00:10::/121",
                "overlay create 10.0.0.0/24 --ipv6 fd00:10::/64 --static")) {
            TestShell.Run r = sh.run(bad);
            assertEquals(2, r.status(), bad + " -> " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        // A dual-stack network with containers is not made IPv4 only either.
        TestShell.Run back = sh.run("overlay create 10.0.0.0/24");
        assertEquals(1, back.status(), back.out() + back.err());
        assertTrue(back.err().contains("web1"), back.err());
        assertEquals(created, snapshot());
    }

    @Test
    @Order(3)
    void deleteLeavesNothing() {
        ok(sh, "container rm web1");
        ok(sh, "container rm web2");
        ok(sh, "overlay delete");
        for (String node : List.of("node1", "node2")) {
            assertFalse(docker(node, "network", "ls", "--format", "{{.Name}}").contains("nsbr0"));
            assertEquals("", docker(node, "ps", "-aq"));
            String links = sh.sh(node, "ip", "-o", "link").stdout();
            assertFalse(links.contains("nsbr0") || links.contains("vxlan0"), links);
            assertFalse(sh.sh(node, "ip", "-j", "addr").stdout().contains("fd00:10::"));
        }
    }

    @Test
    @Order(4)
    void overAnIpv6Underlay() {
        ok(sh, CREATE + " --underlay6");
        assertEquals("1430", docker("node1", "network", "inspect", "--format",
                "{{index .Options \"com.docker.network.driver.mtu\"}}", "nsbr0"));
        assertTrue(sh.sh("node1", "ip", "-d", "link", "show", "vxlan0").stdout().contains("local fd56::a"));
        ok(sh, "container run web1 --on node1");
        ok(sh, "container run web2 --on node2");
        assertEquals("Hello from web2", ok(sh, "container probe web1 curl -g -s -m 5 http://[fd00:10::81]/").strip());
        assertEquals("Hello from web1", ok(sh, "container probe web2 curl -s -m 5 http://10.0.0.65/").strip());
        // 1430 - 40 - 8: the largest ICMPv6 echo that fits; one byte more does not.
        ok(sh, "container probe web1 ping -6 -c 1 -W 2 -M do -s 1382 fd00:10::81");
        assertEquals(1, sh.run("container probe web1 ping -6 -c 1 -W 2 -M do -s 1383 fd00:10::81").status());
        String doctor = ok(sh, "doctor");
        assertTrue(doctor.contains("containers on the overlay have MTU 1430") && doctor.contains(" 0 fail"), doctor);
        // Back onto the IPv4 underlay: the network's MTU would be stale, so with containers on it nothing changes.
        TestShell.Run refused = sh.run(CREATE);
        assertEquals(1, refused.status(), refused.out() + refused.err());
        assertTrue(refused.err().contains("MTU of an IPv6 underlay") && refused.err().contains("web1"),
                refused.err());
        ok(sh, "container rm web1");
        ok(sh, "container rm web2");
        ok(sh, CREATE);
        assertEquals("1450", docker("node1", "network", "inspect", "--format",
                "{{index .Options \"com.docker.network.driver.mtu\"}}", "nsbr0"));
        ok(sh, "container run web1 --on node1");
        ok(sh, "container probe web1 ping -c 1 -W 2 -M do -s 1422 10.0.0.2");
        ok(sh, "container rm web1");
        ok(sh, "overlay delete");
        assertFalse(docker("node2", "network", "ls", "--format", "{{.Name}}").contains("nsbr0"));
    }
}
