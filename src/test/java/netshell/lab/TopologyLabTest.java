package netshell.lab;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import groovy.json.JsonSlurper;
import netshell.app.Commands;
import netshell.command.Target;
import netshell.node.LocalNode;
import netshell.script.Scripting;
import netshell.shell.Style;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * `lab up FILE` with the shipped three-segment topology (linux and bridge nodes, an mtu): exec ran, traffic crosses
 * the router and the bridge, `lab save` → `lab down` → `lab up` of the saved file gives the same links, addresses
 * and routes (compared from `ip -j`), and `lab down` leaves nothing.
 */
@NeedsRoot
class TopologyLabTest {
    private static final Path EXAMPLE = Path.of("scripts/topologies/three-segments.clab.yml");
    private final LocalNode host = new LocalNode("localhost");

    @Test
    void threeSegmentsComeUpSaveAndComeBackTheSame(@TempDir Path dir) throws Exception {
        String name = "tf" + UUID.randomUUID().toString().substring(0, 6);
        Path saved = dir.resolve("saved.clab.yml");
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            List<String> notices = new ArrayList<>();
            sh.session().notices(notices::add);
            try {
                TestShell.Run up = sh.run("lab up " + EXAMPLE + " --name " + name);
                assertEquals(0, up.status(), up.err());
                assertTrue(up.out().contains("r1") && up.out().contains("h3"),
                        "nodes by the file's names:\n" + up.out());
                assertTrue(notices.stream().anyMatch(n -> n.contains("r1: image alpine:3 noted")), notices.toString());
                String h1 = name + "-node2";
                assertTrue(host.run("ip", "-n", h1, "-4", "-o", "addr", "show", "dev", "eth1").stdout()
                        .contains("inet 10.1.1.10/24"), "h1's exec set its address");
                assertTrue(host.run("ip", "-n", name + "-node1", "-o", "link", "show", "dev", "eth3").stdout()
                        .contains("mtu 1400"), "the link's mtu");
                for (String to : List.of("10.1.2.10", "10.1.3.10")) {
                    assertTrue(host.run("ip", "netns", "exec", h1, "ping", "-c", "1", "-W", "2", to).ok(),
                            "h1 reaches " + to + " through r1");
                }
                assertTrue(host.run("ip", "netns", "exec", h1, "ping", "-c", "1", "-W", "2", Lab.address(3)).ok(),
                        "h1 reaches h2 on the lab LAN (eth0)");
                TestShell.Run byName = sh.run("r1 ip -br addr show dev eth3");
                assertTrue(byName.out().contains("10.1.3.1/24"), "a node is reached by the file's name:\n" + byName);
                TestShell.Run pingall = sh.run("pingall --underlay");
                assertEquals(0, pingall.status(), "every node reaches every node on the lab LAN:\n" + pingall);
                Map<String, String> before = state(name);

                TestShell.Run save = sh.run("lab save " + saved + " --name " + name);
                assertEquals(0, save.status(), save.err());
                assertEquals(0, sh.run("lab down --name " + name).status());
                assertGone(name);

                TestShell.Run again = sh.run("lab up " + saved + " --name " + name);
                assertEquals(0, again.status(), again.err() + "\n" + Files.readString(saved));
                assertEquals(before, state(name), "the saved file brings up the same lab:\n" + Files.readString(saved));
            } finally {
                new Lab(name).down();
            }
            assertGone(name);
        }
    }

    /** eth0 on the lab LAN is the underlay: an overlay, its containers and the doctor work on a file lab. */
    @Test
    void overlayAndDoctorWorkOnAFileLab(@TempDir Path dir) throws Exception {
        String name = "tf" + UUID.randomUUID().toString().substring(0, 6);
        Path file = dir.resolve("two.clab.yml");
        Files.writeString(file, """
                name: two
                topology:
                  nodes:
                    left: {kind: linux}
                    right: {kind: linux}
                  links:
                    - endpoints: ["left:eth1", "right:eth1"]
                """);
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            sh.session().notices(n -> {});
            try {
                for (String line : List.of("lab up " + file + " --name " + name, "overlay create 10.200.0.0/24",
                        "container run web1 --on left", "container run web2 --on right", "pingall --overlay",
                        "doctor")) {
                    TestShell.Run r = sh.run(line);
                    assertEquals(0, r.status(), line + ":\n" + r.out() + r.err());
                }
            } finally {
                new Lab(name).down();
            }
            assertGone(name);
        }
    }

    /** The Groovy form draws the same kind of lab: nodes, a bridge, links with mtu, exec. */
    @Test
    void groovyDrawsALab(@TempDir Path dir) throws Exception {
        String name = "tf" + UUID.randomUUID().toString().substring(0, 6);
        Path script = dir.resolve("draw.groovy");
        Files.writeString(script, """
                lab(name: '%s') {
                    node 'a', exec: ['ip addr add 10.7.0.1/24 dev eth1']
                    node 'b', exec: ['ip addr add 10.7.0.2/24 dev eth1']
                    bridge 'sw'
                    link 'a:eth1', 'sw:sw-a', mtu: 1400
                    link 'b:eth1', 'sw:sw-b', mtu: 1400
                }
                check a.run('ping -c 1 -W 2 10.7.0.2').exit == 0, 'a reaches b across the bridge'
                """.formatted(name));
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            sh.session().notices(n -> {});
            try {
                var err = new java.io.ByteArrayOutputStream();
                int status = Scripting.runFile(sh.session(), sh.invoker(), script.toString(), List.of(),
                        System.out, new java.io.PrintStream(err, true), Style.PLAIN, false);
                assertEquals(0, status, err.toString());
                assertTrue(host.run("ip", "-n", name + "-node2", "-o", "link", "show", "dev", "eth1").stdout()
                        .contains("mtu 1400"), "the drawn link's mtu");
            } finally {
                new Lab(name).down();
            }
            assertGone(name);
        }
    }

    /** A refused file makes nothing; a lab whose exec fails half way is removed whole; both in one line. */
    @Test
    void refusedOrFailedFilesLeaveNothing(@TempDir Path dir) throws Exception {
        String name = "tf" + UUID.randomUUID().toString().substring(0, 6);
        Path srl = dir.resolve("srl.clab.yml");
        Files.writeString(srl, "topology:\n  nodes:\n    a: {kind: linux}\n    s: {kind: nokia_srlinux}\n");
        Path failing = dir.resolve("failing.clab.yml");
        Files.writeString(failing, """
                topology:
                  nodes:
                    a: {kind: linux}
                    b: {kind: linux, exec: ['ip addr add 10.8.0.2/24 dev eth9']}
                  links:
                    - endpoints: ["a:eth1", "b:eth1"]
                """);
        try (TestShell sh = TestShell.on(Target.dryRun(1), Commands.registry())) {
            sh.session().notices(n -> {});
            try {
                TestShell.Run refused = sh.run("lab up " + srl + " --name " + name);
                assertEquals(2, refused.status());
                assertEquals("netshell: lab up: " + srl
                        + ": unsupported kinds: s (nokia_srlinux, line 4); the lab makes kind "
                        + "linux (a namespace) and kind bridge nodes only", refused.err().strip());
                assertGone(name);
                TestShell.Run failed = sh.run("lab up " + failing + " --name " + name);
                assertNotEquals(0, failed.status());
                assertEquals(1, failed.err().strip().lines().count(), failed.err());
                assertTrue(failed.err().contains("exec of b: ip addr add 10.8.0.2/24 dev eth9 failed"), failed.err());
                assertGone(name);
            } finally {
                new Lab(name).down();
            }
        }
    }

    private void assertGone(String name) {
        assertFalse(host.run("ip", "netns", "list").stdout().contains(name), "no namespace of the lab is left");
        String links = host.run("ip", "-o", "link", "show").stdout();
        for (String dev : List.of("sw1", "sw1-r1", "sw1-h2"))
            assertFalse(links.matches("(?s).*\\d+: " + dev + "[@:].*"), dev + " left in the root namespace");
    }

    /**
     * Each namespace's links (name, kind, mtu, master, set up or not: a bridge's operstate moves by itself while its
     * ports learn), global addresses and routes, as `ip -j` tells them.
     */
    private Map<String, String> state(String lab) {
        Map<String, String> out = new TreeMap<>();
        for (String ns : host.run("ip", "netns", "list").stdout().lines().map(l -> l.split("\\s+")[0])
                .filter(n -> n.startsWith(lab + "-")).toList()) {
            List<String> facts = new ArrayList<>();
            for (Object o : json(host.run("ip", "-n", ns, "-j", "-d", "link", "show").stdout())) {
                Map<?, ?> l = (Map<?, ?>) o;
                Object kind = l.get("linkinfo") instanceof Map<?, ?> i ? i.get("info_kind") : null;
                facts.add("link " + l.get("ifname") + " " + kind + " mtu " + l.get("mtu") + " master " + l.get("master")
                        + (((List<?>) l.get("flags")).contains("UP") ? " up" : " down"));
            }
            for (Object o : json(host.run("ip", "-n", ns, "-j", "addr", "show").stdout())) {
                Map<?, ?> l = (Map<?, ?>) o;
                for (Object a : (List<?>) l.get("addr_info")) {
                    Map<?, ?> m = (Map<?, ?>) a;
                    if ("global".equals(m.get("scope")) || "host".equals(m.get("scope")))
                        facts.add("addr " + l.get("ifname") + " " + m.get("local") + "/" + m.get("prefixlen"));
                }
            }
            for (Object o : json(host.run("ip", "-n", ns, "-j", "route", "show").stdout())) {
                Map<?, ?> r = (Map<?, ?>) o;
                facts.add("route " + r.get("dst") + " via " + r.get("gateway") + " dev " + r.get("dev"));
            }
            facts.sort(null);
            out.put(ns, String.join("\n", facts));
        }
        assertTrue(out.size() >= 5, "four nodes and the LAN: " + out.keySet());
        return out;
    }

    private static List<?> json(String text) {
        return text.isBlank() ? List.of() : (List<?>) new JsonSlurper().parseText(text);
    }
}
