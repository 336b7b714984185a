package netshell.lab;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.app.Commands;
import netshell.command.Target;
import netshell.lab.topo.TopoLink;
import netshell.lab.topo.TopoNode;
import netshell.lab.topo.Topology;
import netshell.lab.topo.TopologyParser;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * Live changes to a running lab, a file lab and a plain one: a node added and removed leaves the other nodes' links,
 * addresses and routes byte-identical as `ip -j` prints them, the new node is a node of the session at once and passes
 * pingall and an overlay made again, `lab save` writes it, links come and go between running nodes, and what is
 * refused makes nothing.
 */
@NeedsRoot
class LiveLabTest {
    private final LocalNode host = new LocalNode("localhost");

    @Test
    void aFileLabGrowsAndShrinksLeavingTheOtherNodesAsTheyWere(@TempDir Path dir) throws Exception {
        String name = "nsll-" + UUID.randomUUID().toString().substring(0, 6);
        Path file = dir.resolve("lab.clab.yml");
        Files.writeString(file, """
                topology:
                  nodes:
                    r1: {kind: linux, exec: ['ip addr add 10.9.1.1/24 dev eth1']}
                    h1: {kind: linux, exec: ['ip addr add 10.9.1.10/24 dev eth1']}
                    h2: {kind: linux}
                    sw1: {kind: bridge}
                  links:
                    - endpoints: ["r1:eth1", "h1:eth1"]
                    - endpoints: ["r1:eth2", "sw1:sw1-r1"]
                """);
        String r1 = name + "-node1";
        String h1 = name + "-node2";
        String h2 = name + "-node3";
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            sh.session().notices(n -> {});
            try {
                ok(sh, "lab up " + file + " --name " + name);
                Map<String, String> before = state(List.of(r1, h1, h2));

                TestShell.Run add = ok(sh, "lab add-node db --link r1 --link sw1");
                assertTrue(add.out().contains("db added (" + name + "-node4, 192.168.56.13 on eth0), linked "
                        + "db:eth1-r1:eth3, db:eth2-sw1:sw1-db"), add.out());
                String db = name + "-node4";
                assertEquals(Map.of(h1, before.get(h1), h2, before.get(h2)), state(List.of(h1, h2)),
                        "the nodes the new one is not linked to are byte-identical");
                assertNotEquals(before.get(r1), state(List.of(r1)).get(r1), "r1 has the new link: the dump shows it");
                assertTrue(ok(sh, "db ip -br addr show dev eth0").out().contains("192.168.56.13/24"),
                        "the session's target has the new node at once");
                TestShell.Run pingall = ok(sh, "pingall --underlay");
                assertTrue(pingall.out().contains("12/12 reachable"), pingall.out());
                host.run("ip", "-n", r1, "addr", "add", "10.9.4.1/24", "dev", "eth3").orThrow();
                host.run("ip", "-n", db, "addr", "add", "10.9.4.2/24", "dev", "eth1").orThrow();
                assertTrue(host.run("ip", "netns", "exec", db, "ping", "-c", "1", "-W", "2", "10.9.4.1").ok(),
                        "the new node reaches r1 over its link");

                Path saved = dir.resolve("saved.clab.yml");
                ok(sh, "lab save " + saved);
                Topology t = TopologyParser.parse(saved.toString(), Files.readString(saved)).topology();
                assertEquals(List.of("r1", "h1", "h2", "db"), t.linuxNodes().stream().map(TopoNode::name).toList());
                assertEquals(List.of("r1:eth1 h1:eth1", "r1:eth2 sw1:sw1-r1", "db:eth1 r1:eth3",
                        "db:eth2 sw1:sw1-db"), t.links().stream().map(LiveLabTest::text).toList());
                assertTrue(t.nodes().get(3).exec().contains("ip addr add 10.9.4.2/24 dev eth1"), t.toString());

                ok(sh, "lab link add h2:eth1 db:eth3 --mtu 1400");
                assertTrue(host.run("ip", "-n", h2, "-o", "link", "show", "dev", "eth1").stdout().contains("mtu 1400"));
                refused(sh, "lab link add h1:eth1 db:eth4", "h1:eth1 is in use: h1 has eth1 already");
                refused(sh, "lab link rm h1:eth1 db:eth3", "h1:eth1 and db:eth3 are not the two ends of one link");
                refused(sh, "lab add-node db", "name taken: lab " + name + " has db already");
                refused(sh, "lab add-node web", "node name 'web' is a command");
                refused(sh, "lab add-node db2 --link nope",
                        "no node 'nope' in lab " + name + " (it has r1, h1, h2, db, sw1)");
                assertFalse(host.run("ip", "netns", "list").stdout().contains(name + "-node5"), "nothing made");
                ok(sh, "lab link rm db:eth3 h2:eth1");
                assertEquals(before.get(h2), state(List.of(h2)).get(h2), "h2 is as it was once the link is gone");

                ok(sh, "lab rm-node db");
                assertEquals(before, state(List.of(r1, h1, h2)), "every other node is as before, byte for byte");
                assertFalse(host.run("ip", "netns", "list").stdout().contains(db), "db's namespace is gone");
                assertFalse(sh.session().target().fleet().names().contains("db"), "the session sees it gone");
                ok(sh, "pingall --underlay");
            } finally {
                new Lab(name).down();
            }
            assertFalse(host.run("ip", "netns", "list").stdout().contains(name), "no namespace of the lab is left");
        }
    }

    @Test
    void aPlainLabTakesANodeAndGivesItBack() throws Exception {
        try (TestShell sh = TestShell.lab("nsll", 2)) {
            sh.session().notices(n -> {});
            String lab = sh.lab().name();
            List<String> nodes = List.of(lab + "-node1", lab + "-node2");
            Map<String, String> before = state(nodes);
            TestShell.Run add = ok(sh, "lab add-node node3 --link node1");
            assertTrue(add.out().contains("node3 added (" + lab + "-node3, 192.168.56.12 on eth1), linked "
                    + "node3:eth2-node1:eth2"), add.out());
            assertEquals(before.get(lab + "-node2"), state(List.of(lab + "-node2")).get(lab + "-node2"));
            assertTrue(ok(sh, "pingall --underlay").out().contains("6/6 reachable"));
            assertTrue(ok(sh, "lab status").out().contains(lab + "-node3"));
            ok(sh, "doctor --on node3");
            ok(sh, "lab rm-node node3");
            assertEquals(before, state(nodes), "node1 and node2 are as before, byte for byte");
            assertEquals(2, sh.session().target().fleet().nodes().size(), "the session sees the node gone");

            // An overlay made again takes the new node in: its containers reach the others'.
            ok(sh, "overlay create 10.41.0.0/24");
            ok(sh, "container run w1 --on node1");
            ok(sh, "lab add-node db");
            ok(sh, "overlay create 10.41.0.0/24");
            ok(sh, "container run w3 --on db");
            assertTrue(ok(sh, "pingall --overlay").out().contains("2/2 reachable"));
        }
    }

    private static String text(TopoLink l) { return l.a() + " " + l.b(); }

    private static TestShell.Run ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
        return r;
    }

    private static void refused(TestShell sh, String line, String message) {
        TestShell.Run r = sh.run(line);
        assertNotEquals(0, r.status(), line + ":\n" + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(message), line + ": " + r.err());
    }

    /**
     * Each namespace's links, addresses and routes (both families) as `ip -j` prints them (no counters asked for),
     * once no address is still tentative (IPv6 duplicate address detection ends by itself a moment after a link is up).
     */
    private Map<String, String> state(List<String> namespaces) {
        Map<String, String> out = new TreeMap<>();
        for (String ns : namespaces) {
            String addr = Eventually.until(Duration.ofSeconds(5),
                    () -> host.run("ip", "-n", ns, "-j", "addr", "show").orThrow().stdout(),
                    a -> !a.contains("tentative"), ns + ": addresses settled");
            out.put(ns, String.join("\n", host.run("ip", "-n", ns, "-j", "link", "show").orThrow().stdout(), addr,
                    host.run("ip", "-n", ns, "-j", "route", "show").orThrow().stdout(),
                    host.run("ip", "-n", ns, "-j", "-6", "route", "show").orThrow().stdout()));
        }
        return out;
    }
}
