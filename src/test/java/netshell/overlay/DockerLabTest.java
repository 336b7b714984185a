package netshell.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

import netshell.runtime.docker.DockerEngine;
import netshell.node.LocalNode;
import netshell.node.NetnsNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * The Docker path against real engines: a 2-node lab whose nodes each run their own dockerd (lab up --docker).
 * The overlay is a Docker bridge network, containers are Docker containers with the plan's addresses, checks
 * run with the node's own tools from the container's network namespace, lb works beside FORWARD DROP and
 * DOCKER-USER, and lab down leaves no engine, mount or state behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsRoot("ip netns, Docker")
class DockerLabTest {
    private TestShell sh;
    private boolean hostKeyExisted;

    @BeforeAll
    void up() {
        hostKeyExisted = Files.exists(Path.of("/etc/docker/key.json"));
        sh = TestShell.dockerLab("ns11d", 2);
    }

    @AfterAll
    void down() {
        if (sh == null) return;
        Path state = sh.lab().stateDir();
        sh.close();
        // lab down: no engine of the lab left running, nothing mounted under its directory, no state.
        String procs = new LocalNode("l").run("ps", "-eo", "args").stdout();
        assertFalse(procs.contains(state.toString()), procs);
        String mounts = new LocalNode("l").run("cat", "/proc/self/mounts").stdout();
        assertFalse(mounts.contains(state.toString()), mounts);
        assertFalse(Files.exists(state), state + " still exists");
        String cgroups = new LocalNode("l").run("sh", "-c", "ls -d /sys/fs/cgroup/*/netshell-" + sh.lab().name()
                + "-* /sys/fs/cgroup/netshell-" + sh.lab().name() + "-* 2>/dev/null || true").stdout();
        assertEquals("", cgroups.strip());
    }

    private String docker(String node, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "docker";
        System.arraycopy(args, 0, argv, 1, args.length);
        return sh.sh(node, argv).stdout().strip();
    }

    private String iptablesSave(String node) {
        return sh.sh(node, "iptables-save").stdout().replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
    }

    @Test
    @Order(1)
    void eachNodeHasItsOwnEngine() {
        assertTrue(sh.node("node1") instanceof NetnsNode n && n.dockerHost() != null);
        assertNotEquals(docker("node1", "info", "--format", "{{.ID}}"), docker("node2", "info", "--format", "{{.ID}}"));
        // Its default bridge lives in the node's namespace, off 172.17.0.0/16; the engine's FORWARD policy is DROP.
        assertTrue(sh.sh("node1", "ip", "-4", "addr", "show", "docker0").stdout().contains("172.31.1.1/24"));
        assertTrue(sh.sh("node2", "ip", "-4", "addr", "show", "docker0").stdout().contains("172.31.2.1/24"));
        assertTrue(iptablesSave("node1").contains(":FORWARD DROP"));
        assertTrue(iptablesSave("node1").contains(":DOCKER-USER"));
        assertTrue(docker("node1", "image", "ls", "--format", "{{.Repository}}").contains("netshell/web"));
        assertTrue(sh.run("lab status").out().contains("running"), sh.run("lab status").out());
    }

    @Test
    @Order(2)
    void overlayAndContainersOnRealDocker() {
        TestShell.Run create = sh.run("overlay create 10.0.0.0/24 --vni 100");
        assertEquals(0, create.status(), create.err());
        String inspect = docker("node1", "network", "inspect", "nsbr0");
        assertTrue(inspect.contains("\"IPRange\": \"10.0.0.64/26\""), inspect);
        assertTrue(inspect.contains("\"Gateway\": \"10.0.0.1\""), inspect);
        assertTrue(inspect.contains("\"com.docker.network.bridge.name\": \"nsbr0\""), inspect);
        assertTrue(inspect.contains("\"com.docker.network.driver.mtu\": \"1450\""), inspect);
        assertTrue(sh.sh("node1", "ip", "-d", "link", "show", "vxlan0").stdout().contains("master nsbr0"));

        assertEquals(0, sh.run("container run web1 --on node1").status());
        assertEquals(0, sh.run("container run web2 --on node2").status());
        // The same addresses as namespace containers get: the plan's first of each range, not Docker's pick.
        assertEquals("10.0.0.65", docker("node1", "inspect", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web1"));
        assertEquals("10.0.0.129", docker("node2", "inspect", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web2"));
        // Probes with the node's own ping (do-not-fragment at the overlay MTU) and curl across the VXLAN.
        TestShell.Run ping = sh.run("container probe web1 ping -c 1 -W 2 -M do -s 1400 10.0.0.129");
        assertEquals(0, ping.status(), ping.out() + ping.err());
        TestShell.Run curl = sh.run("container probe web2 curl -s --max-time 3 http://10.0.0.65/");
        assertEquals(0, curl.status(), curl.err());
        assertTrue(curl.out().contains("Hello from web1"), curl.out());
        // The image's own ping cannot do -M do (busybox): container exec runs what the image holds.
        assertNotEquals(0, sh.run("container exec web1 ping -c 1 -W 2 -M do -s 1400 10.0.0.129").status());

        // Again: nothing changes, nothing is duplicated.
        String before = docker("node1", "network", "inspect", "nsbr0") + iptablesSave("node1")
                + iptablesSave("node2");
        assertEquals(0, sh.run("overlay create 10.0.0.0/24 --vni 100").status());
        assertEquals(0, sh.run("container run web1 --on node1").status());
        String after = docker("node1", "network", "inspect", "nsbr0") + iptablesSave("node1") + iptablesSave("node2");
        assertEquals(before, after);
        // No engine wrote the host's Docker identity (/etc/docker/key.json belongs to the host's engine).
        assertFalse(Files.exists(Path.of("/etc/docker/key.json")) && !hostKeyExisted, "/etc/docker/key.json");
    }

    @Test
    @Order(3)
    void refusesWhatIsNotOurs() {
        String foreign = docker("node1", "run", "-d", "--name", "web9", "netshell/web");
        TestShell.Run clash = sh.run("container run web9 --on node1");
        assertEquals(2, clash.status(), clash.out());
        assertTrue(clash.err().contains("not netshell's"), clash.err());
        assertEquals(foreign, docker("node1", "inspect", "--format", "{{.Id}}", "web9"));
        assertEquals("running", docker("node1", "inspect", "--format", "{{.State.Status}}", "web9"));
        assertFalse(docker("node1", "network", "inspect", "nsbr0").contains("web9"));
        docker("node1", "rm", "-f", "web9");

        TestShell.Run noImage = sh.run("container run web3 --on node1 --image netshell/missing");
        assertEquals(1, noImage.status(), noImage.out());
        assertTrue(noImage.err().contains("netshell/missing") && noImage.err().contains("docker load"),
                noImage.err());
        assertTrue(docker("node1", "ps", "-a", "--format", "{{.Names}}").lines().noneMatch("web3"::equals));
    }

    /**
     * A container whose index.html is an absolute symbolic link to a file of the node: writing the index page must
     * not follow it out of the container (through /proc/PID/root it did, and overwrote the node's file).
     */
    @Test
    @Order(4)
    void theIndexPageNeverFollowsALinkOutOfTheContainer() throws Exception {
        Path canary = Files.createTempFile("netshell-canary-", ".txt");
        Path linkDir = Files.createTempDirectory("netshell-link-");
        try {
            Files.writeString(canary, "the node's own file\n");
            Files.createSymbolicLink(linkDir.resolve("index.html"), canary);
            docker("node1", "exec", "web1", "rm", "-f", DockerEngine.INDEX);
            docker("node1", "cp", linkDir.resolve("index.html").toString(), "web1:/usr/share/nginx/html/");
            String listed = docker("node1", "exec", "web1", "ls", "-l", DockerEngine.INDEX);
            assertTrue(listed.endsWith("-> " + canary), "the container's index.html is the link: " + listed);

            TestShell.Run r = sh.run("container run web1 --on node1 --text pwned");
            assertEquals("the node's own file\n", Files.readString(canary), r.out() + r.err());
        } finally {
            Files.deleteIfExists(linkDir.resolve("index.html"));
            Files.deleteIfExists(linkDir);
            Files.deleteIfExists(canary);
        }
        // The container gets its page back as a plain file, and serves it.
        docker("node1", "exec", "web1", "rm", "-f", DockerEngine.INDEX);
        assertEquals(0, sh.run("container run web1 --on node1").status());
        TestShell.Run curl = sh.run("container probe web2 curl -s --max-time 3 http://10.0.0.65/");
        assertTrue(curl.out().contains("Hello from web1"), curl.out() + curl.err());
    }

    @Test
    @Order(5)
    void lbBesideDocker() {
        String dockerChainsBefore = dockerChains(iptablesSave("node1"));
        TestShell.Run vip = sh.run("lb add-vip 192.168.56.100:80 --on node1 --backend 10.0.0.65:80"
                + " --backend 10.0.0.129:80");
        assertEquals(0, vip.status(), vip.err());
        // From another node: the VIP is forwarded through node1 (FORWARD policy DROP, DOCKER-USER) to both nodes.
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            bodies.add(sh.node("node2").run("curl", "-s", "--max-time", "3", "http://192.168.56.100/").stdout()
                    .strip());
        }
        assertEquals(Set.of("Hello from web1", "Hello from web2"), bodies);
        assertEquals(0, sh.run("lb delete 192.168.56.100:80 --on node1").status());
        assertEquals(dockerChainsBefore, dockerChains(iptablesSave("node1")));
    }

    /** Docker's own chains and FORWARD's rules, which lb must leave as it found them. */
    private static String dockerChains(String save) {
        return String.join("\n", save.lines().filter(l -> l.contains("DOCKER") || l.contains("FORWARD")).toList());
    }

    @Test
    @Order(6)
    void overlayDeleteWaitsForContainersThenLeavesNothing() {
        TestShell.Run blocked = sh.run("overlay delete");
        assertEquals(1, blocked.status(), blocked.out());
        assertTrue(blocked.err().contains("web1"), blocked.err());
        assertTrue(docker("node1", "network", "ls", "--format", "{{.Name}}").contains("nsbr0"));

        assertEquals(0, sh.run("container rm web1").status());
        assertEquals(0, sh.run("container rm web2").status());
        TestShell.Run delete = sh.run("overlay delete");
        assertEquals(0, delete.status(), delete.err());
        for (String node : List.of("node1", "node2")) {
            assertFalse(docker(node, "network", "ls", "--format", "{{.Name}}").contains("nsbr0"));
            assertEquals("", docker(node, "ps", "-aq"));
            String links = sh.sh(node, "ip", "-o", "link").stdout();
            assertFalse(links.contains("nsbr0") || links.contains("vxlan0"), links);
        }
    }
}
