package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

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
        Thread.sleep(2_500);
        AtomicReference<TestShell.Run> piped = new AtomicReference<>();
        Thread capture = new Thread(() -> piped.set(shell.run("tcpdump vxlan -c 5 | grep ICMP")));
        capture.start();
        pingUntilDone(capture);
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
        pingUntilDone(typed);
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
        long deadline = System.currentTimeMillis() + 15_000;
        while (!namespaces.stream().allMatch(ns -> !tcpdumpsIn(ns).isEmpty())) {
            assertTrue(System.currentTimeMillis() < deadline, "tcpdump never started in both nodes");
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        capture.interrupt();
        capture.join(10_000);
        assertFalse(capture.isAlive(), "capture did not stop");
        long stopped = System.nanoTime();
        while (namespaces.stream().anyMatch(ns -> !tcpdumpsIn(ns).isEmpty())
                && System.nanoTime() - stopped < 3_000_000_000L)
            Thread.sleep(20);
        for (String ns : namespaces) assertEquals(List.of(), tcpdumpsIn(ns), "tcpdump left in " + ns);
        assertEquals(130, result.get().status(), result.get().err());
        System.out.printf("%s: capture on 2 nodes stopped in %d ms, no tcpdump left after %d ms%n",
                sh.node("node1").transport(),
                (stopped - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Pids of tcpdump processes inside a namespace (ip netns pids + /proc/PID/comm). */
    static List<String> tcpdumpsIn(String namespace) {
        List<String> out = new ArrayList<>();
        for (String pid : HOST.run("ip", "netns", "pids", namespace).stdout().lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList()) {
            try {
                if (Files.readString(Path.of("/proc", pid, "comm")).strip().equals("tcpdump")) out.add(pid);
            } catch (IOException gone) {
                // The process ended between listing and reading.
            }
        }
        return out;
    }

    /** Pings c3 from c1 until the capture thread has its packets (at most 20 s). */
    static void pingUntilDone(Thread capture) throws InterruptedException {
        Thread.sleep(700); // let tcpdump start listening on both nodes
        long deadline = System.currentTimeMillis() + 20_000;
        while (capture.isAlive() && System.currentTimeMillis() < deadline) {
            HOST.run("ip", "netns", "exec", setup.container(1), "ping", "-c", "1", "-W", "1", "10.0.0.129");
        }
        capture.join(5_000);
        assertFalse(capture.isAlive(), "capture did not finish");
    }
}
