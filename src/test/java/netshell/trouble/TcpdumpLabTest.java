package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.capture.CapturedPacket;
import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * tcpdump vxlan on a real overlay, and no tcpdump left behind after cancelling, over the lab transport and over SSH.
 */
@NeedsRoot("ip netns, tcpdump")
class TcpdumpLabTest {
    static final LocalNode HOST = new LocalNode("local");
    static Walkthrough2 setup;
    static TestShell shell;

    @BeforeAll
    static void up() {
        shell = TestShell.lab("nst2", 2);
        setup = new Walkthrough2(shell).overlay().containers();
    }

    @AfterAll
    static void down() {
        if (setup != null) setup.close();
        else if (shell != null) shell.close();
    }

    @Test
    void capturesAPingBetweenContainersAcrossTheOverlay() throws Exception {
        // Fresh interfaces send IPv6 neighbour and MLD packets for a second or two; let them pass first.
        HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "2", "10.0.0.129");
        awaitQuietOverlay();
        AtomicReference<TestShell.Run> piped = new AtomicReference<>();
        Thread capture = new Thread(() -> piped.set(shell.run("tcpdump vxlan -c 5 | grep ICMP")));
        capture.start();
        pingUntilDone(capture, "node1", "node2");
        TestShell.Run r = piped.get();
        assertEquals(0, r.status(), r.err());
        System.out.println("tcpdump vxlan -c 5 | grep ICMP\n" + r.out());
        List<String> lines = r.out().lines().filter(l -> l.matches(".*\\sICMP\\s.*")).toList(); // IPv4 ICMP, not ICMP6
        assertFalse(lines.isEmpty(), "no ICMP row: " + r.out() + r.err());
        for (String l : lines) {
            assertTrue(l.contains("vni 100") && l.contains("ICMP"), l);
            assertTrue(l.contains("192.168.56.10 → 192.168.56.11") || l.contains("192.168.56.11 → 192.168.56.10"), l);
            assertTrue(l.contains("10.0.0.65 → 10.0.0.129") || l.contains("10.0.0.129 → 10.0.0.65"), l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains(" node1 "))
                && lines.stream().anyMatch(l -> l.contains(" node2 ")), r.out());

        List<Object> rows = new ArrayList<>();
        Thread typed = new Thread(() -> {
            try {
                shell.invoke("tcpdump vxlan -c 3 --on node2 --vni 100", rows);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        typed.start();
        pingUntilDone(typed, "node2");
        List<CapturedPacket> packets = rows.stream().filter(CapturedPacket.class::isInstance)
                .map(CapturedPacket.class::cast).toList();
        assertEquals(3, packets.size(), rows.toString());
        assertTrue(packets.stream().allMatch(p -> p.node().equals("node2") && Integer.valueOf(100).equals(p.vni())),
                packets.toString());
    }

    @Test
    void anInterfaceCaptureTakesFilterWordsAndOptionsInAnyOrder() throws Exception {
        var dry = shell.run("tcpdump eth1 udp port 4789 --on node1 -c 2 --dry-run");
        assertEquals(0, dry.status(), dry.err());
        assertEquals("node1$ tcpdump -l -nn -e -i eth1 -c 2 udp port 4789", dry.out().strip());
        var vx = shell.run("tcpdump vxlan --vni 100 -c 1 --dry-run");
        assertTrue(vx.out().contains(
                "node2$ tcpdump -l -nn -e -i eth1 -c 1 'udp port 4789 and (udp[12:4] & 0xffffff00 = 0x00006400"
                        + " or ip6[52:4] & 0xffffff00 = 0x00006400)'"),
                vx.out());
        assertEquals(2, shell.run("tcpdump vxlan --vni 0").status());
        assertEquals(2, shell.run("tcpdump eth1 --vni 5").status());
        var missing = shell.run("tcpdump nosuch0 -c 1 --on node1");
        assertEquals(1, missing.status(), missing.out() + missing.err());
        assertTrue(missing.err().contains("node1"), missing.err());
    }

    @Test
    void cancellingOverTheLabTransportLeavesNoTcpdump() throws Exception {
        cancelAndCheck(shell, shell.lab());
    }

    @Test
    void cancellingOverSshLeavesNoTcpdump() throws Exception {
        Lab lab = new Lab("nst2-" + UUID.randomUUID().toString().substring(0, 6),
                Path.of("/tmp", "nst2-ssh-" + UUID.randomUUID()));
        try {
            lab.up(2, true);
            Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
            try (TestShell ssh = TestShell.on(new Target("ssh", fleet, null, null))) {
                assertEquals("ssh", ssh.node("node1").transport());
                cancelAndCheck(ssh, lab);
            }
        } finally {
            lab.down();
        }
    }

    /**
     * Starts an endless capture on both nodes, waits until both tcpdumps run, interrupts it, and looks for survivors.
     */
    static void cancelAndCheck(TestShell sh, Lab lab) throws Exception {
        List<String> namespaces = List.of(lab.name() + "-node1", lab.name() + "-node2");
        AtomicReference<TestShell.Run> result = new AtomicReference<>();
        Thread capture = new Thread(() -> result.set(sh.run("tcpdump vxlan")));
        capture.start();
        try {
            Eventually.until(Duration.ofSeconds(15),
                    () -> namespaces.stream().allMatch(ns -> !tcpdumpsIn(ns).isEmpty()),
                    "tcpdump started in both nodes");
        } finally {
            capture.interrupt();
        }
        long t0 = System.nanoTime();
        capture.join(TestTimeouts.scaledMillis(10_000));
        assertFalse(capture.isAlive(), "capture did not stop");
        long stopped = System.nanoTime();
        Eventually.until(Duration.ofSeconds(3), () -> namespaces.stream().filter(ns -> !tcpdumpsIn(ns).isEmpty())
                .toList(), List::isEmpty, "no tcpdump left (namespaces with one)");
        assertEquals(130, result.get().status(), result.get().err());
        System.out.printf("%s: capture on 2 nodes stopped in %d ms, no tcpdump left after %d ms%n",
                sh.node("node1").transport(),
                (stopped - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Pids of tcpdump processes inside a namespace (ip netns pids + /proc/PID/comm). */
    static List<String> tcpdumpsIn(String namespace) {
        return TestLabs.pidsIn(namespace, "tcpdump");
    }

    /**
     * Pings c3 from c1 until the capture thread has its packets (at most 20 s, scaled), starting once tcpdump
     * listens on each of {@code nodes}.
     */
    static void pingUntilDone(Thread capture, String... nodes) throws InterruptedException {
        for (String node : nodes) {
            String ns = shell.lab().name() + "-" + node;
            Eventually.until(Duration.ofSeconds(15), () -> TestLabs.capturingIn(ns, "tcpdump"),
                    "tcpdump listening in " + ns);
        }
        long deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(20)).toNanos();
        while (capture.isAlive() && System.nanoTime() - deadline < 0) {
            HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "1", "10.0.0.129");
        }
        capture.join(TestTimeouts.scaledMillis(5_000));
        assertFalse(capture.isAlive(), "capture did not finish");
    }

    /**
     * Waits until no packet has crossed the VXLAN device of either node for a second: the new interfaces' IPv6
     * start-up chatter (neighbour discovery, MLD) is over and a short capture sees the test's own packets.
     */
    static void awaitQuietOverlay() {
        long[] since = {System.nanoTime()};
        String[] last = {""};
        Eventually.until(Duration.ofSeconds(20), () -> {
            String now = overlayPackets();
            if (!now.equals(last[0])) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= 1_000_000_000L;
        }, "a second with no packet over the overlay");
    }

    /** The packet counters (rx, tx) of vxlan0 in node1 and node2. */
    static String overlayPackets() {
        StringBuilder out = new StringBuilder();
        for (String node : List.of("node1", "node2"))
            for (String dir : List.of("rx_packets", "tx_packets"))
                out.append(HOST.run("ip", "netns", "exec", shell.lab().name() + "-" + node, "cat",
                        "/sys/class/net/vxlan0/statistics/" + dir).stdout().strip()).append(' ');
        return out.toString();
    }
}
