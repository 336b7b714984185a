package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;
import netshell.node.NetnsNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * Names as addresses, pingall and iperf on a real 3-node lab: an overlay 10.0.0.0/24 with web1..web3, one per
 * node. The tests run in one order-free way: the one that breaks a container repairs it before it ends.
 */
@NeedsRoot
class ReachLabTest {
    static TestShell sh;
    static final LocalNode LOCAL = new LocalNode("local");

    @BeforeAll
    static void up() throws Exception {
        assumeTrue(LOCAL.run("sh", "-c", "command -v iperf3").ok(), "skipped: no iperf3 (./shell installs it)");
        sh = TestShell.lab("ns16", 3);
        ok("overlay create 10.0.0.0/24");
        for (int i = 1; i <= 3; i++) ok("container run web" + i + " --on node" + i);
    }

    @AfterAll
    static void down() {
        if (sh != null) sh.close();
    }

    static String ok(String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
        return r.out();
    }

    @Test
    void nodeAndContainerNamesStandForTheirAddresses() {
        assertTrue(ok("node1 ping -c 1 -W 2 node2").contains("from 192.168.56.11"));
        assertTrue(ok("node1 ping -c 1 -W 2 web3").contains("from 10.0.0.193"));
        assertEquals("node1| 192.168.56.12 10.0.0.129 node3 web2x node3\n",
                ok("node1 echo node3 web2 'node3' web2x \"node3\""));
        assertEquals("node2| node3 web1\n", ok("node2 --literal echo node3 web1"));
        assertTrue(ok("time node1 echo 'web1' web1").startsWith("node1| web1 10.0.0.65\n"));
        assertEquals("node1| 192.168.56.11\nnode2| 192.168.56.11\n", ok("on node1,node2 echo node2"));
        TestShell.Run dry = sh.run("all --dry-run ping -c 1 web1");
        assertEquals(0, dry.status(), dry.err());
        assertTrue(dry.out().contains("node3$ ping -c 1 10.0.0.65\n"), dry.out());
        assertTrue(ok("node2 --explain echo web3").contains("node2$ echo 10.0.0.193\n"));
        String next = ok("on node1 ?");
        assertTrue(next.contains("--literal") && next.contains("--stream") && next.contains("COMMAND…"), next);
    }

    @Test
    void aNameOfBothANodeAndAContainerIsAnError() {
        ok("container run node3 --on node1");
        try {
            TestShell.Run r = sh.run("node1 ping -c 1 node3");
            assertEquals(2, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("'node3' is both node node3 (192.168.56.12) and container node3 (10.0.0.66)"),
                    r.err());
            assertEquals("node1| node3\n", ok("node1 --literal echo node3"));
        } finally {
            ok("container rm node3");
        }
    }

    @Test
    void pingallReachesEveryPairAndNamesExactlyTheBrokenOnes() throws Exception {
        long start = System.nanoTime();
        String out = ok("pingall");
        System.out.printf("pingall, 3 nodes and 3 containers: %.0f ms%n", (System.nanoTime() - start) / 1e6);
        assertTrue(out.strip().endsWith("12/12 reachable"), out);
        assertEquals(6, out.lines().filter(l -> l.matches("(node|web)\\d .*")).count(), out);
        assertFalse(out.contains("✗"), out);

        String ns3 = ((NetnsNode) sh.node("node3")).namespace() + "-web3";
        assertTrue(LOCAL.run("ip", "-n", ns3, "link", "set", "eth0", "down").ok());
        try {
            TestShell.Run r = sh.run("pingall --overlay --json");
            assertEquals(1, r.status(), r.out() + r.err());
            String dropped4 = "4 of 6 pairs dropped: web1→web3, web2→web3, web3→web1, web3→web2";
            assertTrue(r.err().contains(dropped4), r.err());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pairs = (List<Map<String, Object>>) new JsonSlurper().parseText(r.out());
            List<String> dropped = new ArrayList<>();
            for (var p : pairs) {
                if (!(Boolean) p.get("ok")) dropped.add(p.get("from") + "→" + p.get("to"));
                else
                    assertNotNull(p.get("rttMs"));
            }
            assertEquals(List.of("web1→web3", "web2→web3", "web3→web1", "web3→web2"), dropped);
            assertTrue(ok("pingall --underlay").strip().endsWith("6/6 reachable"));
        } finally {
            LOCAL.run("ip", "-n", ns3, "link", "set", "eth0", "up");
            LOCAL.run("ip", "-n", ns3, "route", "replace", "default", "via", "10.0.0.3");
        }
    }

    @Test
    void iperfBetweenContainersOnTwoNodesLeavesNoServer() throws Exception {
        String out = ok("iperf web1 web2 --time 1 --mtu-probe");
        System.out.println("iperf web1 → web2: " + out.strip());
        assertTrue(out.matches("(?s)web1 → web2  tcp 1 s: [1-9][0-9.]* [kMGT]?bit/s sent.*"), out);
        assertTrue(out.contains("largest packet that crosses with do-not-fragment: 1450 bytes (1451 does not)"),
                out);
        assertEquals(List.of(), iperfProcesses());
        assertTrue(ok("iperf node1 node3 --time 1 --udp").contains("udp 1 s"));
        assertEquals(List.of(), iperfProcesses());
    }

    @Test
    void interruptedIperfLeavesNoServer() throws Exception {
        Thread run = new Thread(() -> {
            try {
                sh.invoke("iperf web3 web1 --time 30");
            } catch (Exception e) {
                // interrupted, as meant
            }
        });
        run.start();
        try {
            Eventually.until(Duration.ofSeconds(10), ReachLabTest::iperfProcesses, l -> l.size() >= 2,
                    "iperf3 started (server and client or its guard)");
        } finally {
            run.interrupt(); // what Ctrl-C does to the running command
        }
        run.join(TestTimeouts.scaledMillis(10_000));
        assertFalse(run.isAlive());
        assertEquals(List.of(), iperfProcesses());
    }

    /** iperf3 (and its timeout guard) running in any namespace of this lab. */
    static List<String> iperfProcesses() throws Exception {
        List<String> out = new ArrayList<>();
        for (String ns : LOCAL.run("ip", "netns", "list").stdout().lines().map(l -> l.split(" ")[0]).toList()) {
            if (!ns.startsWith(sh.lab().name())) continue;
            for (String pid : LOCAL.run("ip", "netns", "pids", ns).stdout().strip().lines().toList()) {
                Path comm = Path.of("/proc", pid.strip(), "comm");
                String name = Files.exists(comm) ? Files.readString(comm).strip() : "";
                if (name.equals("iperf3") || name.equals("timeout")) out.add(ns + ":" + pid.strip() + ":" + name);
            }
        }
        return out;
    }
}
