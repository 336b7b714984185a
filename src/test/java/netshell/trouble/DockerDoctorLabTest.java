package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import netshell.doctor.DoctorReport;
import netshell.doctor.checks.Finding;
import netshell.node.ExecResult;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * doctor on Docker lab nodes (an engine per node, the overlay a Docker network, web1 and web2 Docker containers):
 * healthy first, then one fault at a time, each found alone, shown to break real traffic where it does, and
 * cured by the fix doctor prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsRoot("ip netns, Docker")
class DockerDoctorLabTest {
    private TestShell sh;

    @BeforeAll
    void up() {
        sh = TestShell.dockerLab("nsdd", 2);
        ok("overlay create 10.0.0.0/24 --vni 100");
        ok("container run web1 --on node1");
        ok("container run web2 --on node2");
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
    }

    private void ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + ": " + r.out() + r.err());
    }

    private ExecResult on(String node, String... argv) { return sh.sh(node, argv); }

    private DoctorReport doctor() throws Exception { return (DoctorReport) sh.invoke("doctor"); }

    /** The checks that failed, as check@node. */
    private Set<String> failures(DoctorReport r) {
        return r.rows().stream().filter(Finding::failed).map(f -> f.check() + "@" + f.node())
                .collect(Collectors.toSet());
    }

    private Finding only(String check, String node) throws Exception {
        DoctorReport r = doctor();
        assertEquals(Set.of(check + "@" + node), failures(r), r.text());
        Finding f = r.rows().stream().filter(Finding::failed).findFirst().orElseThrow();
        assertFalse(f.explanation().isBlank() || f.fix().isBlank(), f.toString());
        return f;
    }

    private void healthy(String when) throws Exception {
        DoctorReport r = doctor();
        assertEquals(Set.of(), failures(r), when + ":\n" + r.text());
    }

    private boolean probe(String container, String... argv) {
        return sh.run("container probe " + container + " " + String.join(" ", argv)).status() == 0;
    }

    @Test
    @Order(1)
    void healthyDockerNodesPassEveryDockerCheck() throws Exception {
        DoctorReport r = doctor();
        assertEquals(Set.of(), failures(r), r.text());
        for (String node : List.of("node1", "node2")) {
            for (String check : List.of("docker-engine", "docker-forward", "bridge-nf", "docker-subnet",
                    "docker-mtu")) {
                assertTrue(r.rows().stream().anyMatch(f -> f.check().equals(check) && f.node().equals(node)),
                        check + " on " + node + " missing:\n" + r.text());
            }
        }
        assertTrue(probe("web2", "ping", "-c", "1", "-W", "2", "10.0.0.65"));
    }

    @Test
    @Order(2)
    void bridgedOverlayFramesDroppedByForward() throws Exception {
        // Docker's own accept for frames bridged within its network; without it br_netfilter hands them to DROP.
        String rule = "FORWARD -i nsbr0 -o nsbr0 -j ACCEPT";
        assertEquals(0, on("node1", ("iptables -D " + rule).split(" ")).exit());
        try {
            assertFalse(probe("web2", "ping", "-c", "1", "-W", "2", "10.0.0.65"), "the fault should drop the ping");
            Finding f = only("bridge-nf", "node1");
            assertTrue(f.explanation().contains("bridge-nf-call-iptables"), f.explanation());
            assertEquals(0, on("node1", "sh", "-c", f.fix()).exit(), f.fix());
            healthy("after the fix " + f.fix());
            assertTrue(probe("web2", "ping", "-c", "1", "-W", "2", "10.0.0.65"), "the fix should let it through");
            on("node1", "sh", "-c", f.fix().replace(" -I ", " -D "));
        } finally {
            on("node1", ("iptables -A " + rule).split(" "));
        }
        healthy("restored");
    }

    @Test
    @Order(3)
    void forwardDropWithoutAcceptOutOfTheOverlay() throws Exception {
        String rule = "FORWARD -i nsbr0 ! -o nsbr0 -j ACCEPT";
        assertEquals(0, on("node1", ("iptables -D " + rule).split(" ")).exit());
        try {
            assertFalse(probe("web1", "ping", "-c", "1", "-W", "2", "192.168.56.11"),
                    "web1 should not get past node1's FORWARD");
            Finding f = only("docker-forward", "node1");
            assertTrue(f.explanation().contains("policy DROP"), f.explanation());
            assertEquals(0, on("node1", "sh", "-c", f.fix()).exit(), f.fix());
            healthy("after the fix " + f.fix());
            assertTrue(probe("web1", "ping", "-c", "1", "-W", "2", "192.168.56.11"));
            on("node1", "sh", "-c", f.fix().replace(" -I ", " -D "));
        } finally {
            on("node1", ("iptables -A " + rule).split(" "));
        }
        healthy("restored");
    }

    @Test
    @Order(4)
    void containerMtuAboveTheOverlays() throws Exception {
        String pid = on("node2", "docker", "inspect", "--format", "{{.State.Pid}}", "web2").stdout().strip();
        assertEquals(0, on("node2", "nsenter", "-t", pid, "-n", "ip", "link", "set", "eth0", "mtu", "1500").exit());
        Finding f = only("docker-mtu", "node2");
        assertTrue(f.explanation().contains("web2 has MTU 1500") && f.explanation().contains("1450"),
                f.explanation());
        String fix = f.fix().replaceFirst(" \\(lasting.*", "");
        assertEquals(0, on("node2", "sh", "-c", fix).exit(), fix);
        healthy("after the fix " + fix);
    }

    @Test
    @Order(5)
    void engineNotAnswering() throws Exception {
        // The client's view of a stopped engine: its socket is gone. Renamed, not killed, so it comes back whole.
        Path socket = Path.of(dockerSocket("node2"));
        Path away = socket.resolveSibling("docker.sock.away");
        Files.move(socket, away);
        try {
            Finding f = only("docker-engine", "node2");
            assertTrue(f.explanation().contains("does not answer") && f.explanation().contains("Cannot connect"),
                    f.explanation());
            assertEquals("lab up --docker", f.fix());
        } finally {
            Files.move(away, socket);
        }
        healthy("engine back");
    }

    private String dockerSocket(String node) {
        String host = ((netshell.node.NetnsNode) sh.node(node)).dockerHost();
        return host.replaceFirst("^unix://", "");
    }

    @Test
    @Order(6)
    void dockerNetworkHandingOutAnotherNodesRange() throws Exception {
        // Walkthrough 2's mistake, on node2: a pool (10.0.0.0/25) holding node1's host address and range.
        ok("container rm web2");
        for (String argv : List.of("docker network rm nsbr0",
                "docker network create --driver=bridge --subnet=10.0.0.0/24 --ip-range=10.0.0.0/25"
                        + " --gateway=10.0.0.2 -o com.docker.network.bridge.name=nsbr0"
                        + " -o com.docker.network.driver.mtu=1450 nsbr0",
                "ip link set dev nsbr0 alias netshell", "ip link set vxlan0 master nsbr0")) {
            ExecResult r = on("node2", argv.split(" "));
            assertEquals(0, r.exit(), argv + ": " + r.stderr());
        }
        Finding f = only("docker-subnet", "node2");
        assertTrue(f.explanation().contains("10.0.0.0/25") && f.explanation().contains("node1's container range"
                + " 10.0.0.64/26") && f.explanation().contains("node1's host address 10.0.0.1"), f.explanation());
        for (String line : f.fix().split(" && ")) ok(line);
        healthy("after the fix " + f.fix());
        String range = on("node2", "docker", "network", "inspect", "--format",
                "{{range .IPAM.Config}}{{.IPRange}}{{end}}", "nsbr0").stdout().strip();
        assertEquals("10.0.0.128/26", range);
        assertNotEquals("", on("node2", "ip", "-d", "link", "show", "vxlan0").stdout());
    }
}
