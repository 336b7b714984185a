package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import netshell.command.Target;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.InventoryExport;
import netshell.node.LocalNode;
import netshell.node.NodeSpec;
import netshell.node.SshNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * {@code lab up FILE --hosts}: three namespaces with sshd (an SSH lab) play the hosts, each making its part of a
 * six-node topology whose links cross hosts (a bridge among them); pingall passes over two and over three hosts,
 * every link carries traffic, the tunnels are in the lab's LAN namespaces (none in a host's own), status names each
 * node's host, and down leaves nothing on any host.
 */
@NeedsRoot("ip netns, sshd, vxlan")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiHostLabTest {
    private final LocalNode local = new LocalNode("local");
    private Lab hosts;
    private Path dir;
    private TestShell sh;

    @BeforeAll
    void up() throws IOException {
        hosts = new Lab("nsmh-" + UUID.randomUUID().toString().substring(0, 6));
        try {
            hosts.up(3, true);
            dir = Files.createTempDirectory(hosts.name());
            sh = TestShell.on(onHosts());
        } catch (RuntimeException | IOException e) {
            down();
            throw e;
        }
    }

    /** The session on the hosts' inventory, as a shell started with -i on it: --hosts names its nodes. */
    private Target onHosts() {
        return Target.inventory(Fleet.of(Inventory.load(hosts.sshConfig()), SshNode.Options.defaults()));
    }

    @AfterAll
    void down() {
        if (sh != null) sh.close();
        if (hosts != null) hosts.down();
        if (dir != null) local.run("rm", "-rf", dir.toString());
    }

    /** Six nodes in a chain n1…n6, n1–n3 besides, n5 and n6 on bridge s1; n3 pinned to the last host. */
    private Path topology(String name, String lastHost) throws IOException {
        String file = """
                name: %s
                topology:
                  nodes:
                    n1: {kind: linux, exec: ["ip addr add 10.9.1.1/30 dev eth1", "ip addr add 10.9.7.1/30 dev eth2"]}
                    n2: {kind: linux, exec: ["ip addr add 10.9.1.2/30 dev eth1", "ip addr add 10.9.2.1/30 dev eth2"]}
                    n3:
                      kind: linux
                      host: %s
                      exec: ["ip addr add 10.9.2.2/30 dev eth1", "ip addr add 10.9.3.1/30 dev eth2",
                             "ip addr add 10.9.7.2/30 dev eth3"]
                    n4: {kind: linux, exec: ["ip addr add 10.9.3.2/30 dev eth1", "ip addr add 10.9.4.1/30 dev eth2"]}
                    n5: {kind: linux, exec: ["ip addr add 10.9.4.2/30 dev eth1", "ip addr add 10.9.5.1/30 dev eth2",
                                             "ip addr add 10.9.9.5/24 dev eth3"]}
                    n6: {kind: linux, exec: ["ip addr add 10.9.5.2/30 dev eth1", "ip addr add 10.9.9.6/24 dev eth2"]}
                    s1: {kind: bridge}
                  links:
                    - endpoints: ["n1:eth1", "n2:eth1"]
                    - endpoints: ["n2:eth2", "n3:eth1"]
                    - endpoints: ["n3:eth2", "n4:eth1"]
                    - endpoints: ["n4:eth2", "n5:eth1"]
                    - endpoints: ["n5:eth2", "n6:eth1"]
                    - endpoints: ["n1:eth2", "n3:eth3"]
                    - endpoints: ["n5:eth3", "s1:p5"]
                    - endpoints: ["n6:eth2", "s1:p6"]
                """.formatted(name, lastHost);
        Path p = dir.resolve(name + ".clab.yml");
        Files.writeString(p, file);
        return p;
    }

    /** From each node, the far end of each of its links (and across the bridge). */
    private static final Map<String, String> LINK_PINGS = new LinkedHashMap<>(Map.of("n1", "10.9.1.2", "n2",
            "10.9.2.2", "n3", "10.9.3.2", "n4", "10.9.4.2", "n5", "10.9.5.2", "n6", "10.9.9.5"));

    @Test
    void sixNodesOverTwoHosts() throws Exception {
        // Round-robin over the nodes without host: (n3 is pinned to node2): n1 n4 n6 on node1, n2 n5 on node2.
        sh.session().target(onHosts());
        spread(List.of("node1", "node2"), "", Map.of("n1", "node1", "n2", "node2", "n3", "node2", "n4", "node1", "n5",
                "node2", "n6", "node1"), 6);
    }

    @Test
    void sixNodesOverThreeHosts() throws Exception {
        // The hosts from an ssh_config given with --inventory (the session is on no SSH nodes).
        sh.session().target(Target.lab(hosts, null));
        spread(List.of("node1", "node2", "node3"), " --inventory " + hosts.sshConfig(),
                Map.of("n1", "node1", "n2", "node2", "n3", "node3", "n4", "node3",
                        "n5", "node1", "n6", "node2"),
                6);
    }

    private void spread(List<String> hostNames, String inventory, Map<String, String> placed, int crossLinks)
            throws Exception {
        String name = "nsmhl" + UUID.randomUUID().toString().substring(0, 6);
        Path file = topology(name, hostNames.get(hostNames.size() - 1));
        long start = System.nanoTime();
        try {
            TestShell.Run up = sh.run("lab up " + file + " --hosts " + String.join(",", hostNames) + inventory);
            assertEquals(0, up.status(), up.err());
            System.out.printf("lab over %d hosts up in %.1f s%n", hostNames.size(), (System.nanoTime() - start) / 1e9);
            Map<String, String> where = new TreeMap<>();
            for (Object row : (List<?>) sh.invoke("lab status")) {
                Lab.HostedNodeStatus s = (Lab.HostedNodeStatus) row;
                assertTrue(s.exists(), s.toString());
                where.put(s.node(), s.host());
                int k = hostNames.indexOf(s.host()) + 1;
                assertTrue(s.namespace().startsWith(name + "-h" + k + "-node"), s.toString());
                assertTrue(namespaces().contains(s.namespace()), s.namespace() + " exists");
            }
            assertEquals(new TreeMap<>(placed), where, "each node on its host");
            assertTrue(sh.run("lab status").out().contains("node2"), "status shows the hosts");

            TestShell.Run ping = sh.run("pingall");
            assertEquals(0, ping.status(), ping.out() + ping.err());
            for (Map.Entry<String, String> p : LINK_PINGS.entrySet()) {
                assertTrue(sh.node(p.getKey()).run("ping", "-c", "1", "-W", "3", p.getValue()).ok(),
                        p.getKey() + " reaches " + p.getValue() + " over its link");
            }
            assertTrue(sh.node("n1").run("ping", "-c", "1", "-W", "3", "10.9.7.2").ok(), "n1–n3");

            int tunnels = 0;
            for (int k = 1; k <= hostNames.size(); k++) {
                String lan = name + "-h" + k + "-lan";
                tunnels += vxlans(List.of("ip", "-n", lan, "-o", "-d", "link", "show", "type", "vxlan"));
                assertEquals(0, vxlans(inHost(k, "ip", "-o", "link", "show", "type", "vxlan")),
                        "no tunnel left in host node" + k + "'s own namespace");
            }
            assertEquals(2 * crossLinks + hostNames.size(), tunnels, "two ends per link across hosts, a LAN each");
        } finally {
            TestShell.Run down = sh.run("lab down --name " + name);
            assertEquals(0, down.status(), down.err());
        }
        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith(name)), namespaces().toString());
        for (int k = 1; k <= hostNames.size(); k++) {
            assertEquals(0, vxlans(inHost(k, "ip", "-o", "link", "show", "type", "vxlan")), "node" + k);
            assertFalse(Files.exists(Path.of("/var/lib/netshell/labs", name + "-h" + k)), "state dir on node" + k);
        }
        assertFalse(Files.exists(Lab.defaultStateDir(name)), "the lab's state here");
        System.out.printf("lab over %d hosts up and down in %.1f s%n", hostNames.size(),
                (System.nanoTime() - start) / 1e9);
    }

    @Test
    void refusalsInOneLineBeforeAnythingIsMade() throws Exception {
        sh.session().target(onHosts());
        String name = "nsmhr" + UUID.randomUUID().toString().substring(0, 6);
        Path file = topology(name, "node2");
        TestShell.Run unknown = sh.run("lab up " + file + " --hosts node1,nosuch");
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().strip().lines().count() == 1 && unknown.err().contains("unknown host 'nosuch'"),
                unknown.err());
        TestShell.Run pinned = sh.run("lab up " + file + " --hosts node1,node3");
        assertNotEquals(0, pinned.status());
        assertTrue(pinned.err().contains("host 'node2' is not one of --hosts node1,node3"), pinned.err());
        // The Groovy drawing takes its hosts as --hosts does, and a node its host: as the file does.
        TestShell.Run groovy = sh
                .run("lab(name: '" + name + "', hosts: ['node1', 'node2']) { node 'a', host: 'node3' }");
        assertNotEquals(0, groovy.status());
        assertTrue(groovy.err().contains("host 'node3' is not one of --hosts node1,node2"), groovy.err());
        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith(name)), namespaces().toString());
        assertFalse(Files.exists(Lab.defaultStateDir(name)));
    }

    @Test
    void aLabThatFailsHalfWayIsRemovedFromEveryHost() throws Exception {
        sh.session().target(onHosts());
        String name = "nsmhf" + UUID.randomUUID().toString().substring(0, 6);
        Path file = dir.resolve(name + ".clab.yml");
        Files.writeString(file, """
                name: %s
                topology:
                  nodes:
                    a: {kind: linux}
                    b: {kind: linux, exec: ["ip addr add 10.9.1.2/30 dev eth1", "false"]}
                  links:
                    - endpoints: ["a:eth1", "b:eth1"]
                """.formatted(name));
        TestShell.Run up = sh.run("lab up " + file + " --hosts node1,node2");
        assertNotEquals(0, up.status());
        assertTrue(up.err().contains("exec of b: false failed"), up.err());
        assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith(name)), namespaces().toString());
        for (int k = 1; k <= 2; k++) {
            assertEquals(0, vxlans(inHost(k, "ip", "-o", "link", "show", "type", "vxlan")), "node" + k);
            assertFalse(Files.exists(Path.of("/var/lib/netshell/labs", name + "-h" + k)), "state dir on node" + k);
        }
        assertFalse(Files.exists(Lab.defaultStateDir(name)), "the lab's state here");
    }

    @Test
    void aHostThatIsNotRootIsRefused() throws Exception {
        String name = "nsmhu" + UUID.randomUUID().toString().substring(0, 6);
        NodeSpec root = Inventory.load(hosts.sshConfig()).node("node1").orElseThrow();
        // A login that may not sudo: the hosts' sshd takes the lab's key for any user.
        local.run("useradd", "-M", "-d", "/", "-s", "/bin/sh", name).orThrow();
        try {
            local.run("usermod", "-p", "*", name).orThrow();
            NodeSpec user = new NodeSpec(root.name(), root.host(), root.port(), name, root.identityFiles(),
                    root.knownHostsFile(), root.strictHostKeyChecking(), root.proxyCommand(), root.underlay());
            Path inventory = dir.resolve(name + ".ssh");
            Files.writeString(inventory, InventoryExport.write("ssh-config", new Inventory(List.of(user), Map.of()),
                    "test"));
            TestShell.Run up = sh.run("lab up " + topology(name, "node1") + " --hosts node1 --inventory " + inventory);
            assertNotEquals(0, up.status());
            assertTrue(up.err().strip().lines().count() == 1
                    && up.err().contains("host node1 is not root: " + name + " cannot run the lab's steps as root"),
                    up.err());
            assertTrue(namespaces().stream().noneMatch(ns -> ns.startsWith(name)), namespaces().toString());
        } finally {
            // Once its SSH session has ended on the host.
            Eventually.until(TestTimeouts.scaled(Duration.ofSeconds(10)), () -> local.run("userdel", name).ok(),
                    "userdel " + name);
        }
    }

    private List<String> inHost(int k, String... argv) {
        List<String> out = new java.util.ArrayList<>(List.of("ip", "netns", "exec", hosts.name() + "-node" + k));
        out.addAll(List.of(argv));
        return out;
    }

    private int vxlans(List<String> argv) {
        var r = local.run(argv);
        assertTrue(r.ok(), argv + ": " + r.stderr());
        return (int) r.stdout().lines().filter(l -> !l.isBlank()).count();
    }

    private List<String> namespaces() {
        return local.run("ip", "netns", "list").stdout().lines().map(l -> l.split("\\s+")[0]).toList();
    }
}
