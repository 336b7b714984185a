package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.lab.Lab;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.Node;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.node.Transport;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/**
 * --confirm against real sshd nodes in the lab: a change that cuts the session off heals itself, a confirmed change
 * stays with no job left behind, a node lost before confirm rolls back alone, and so does every node when netshell
 * itself is killed. Kernel state is checked from inside each namespace, not over SSH.
 */
@NeedsRoot("ip netns, sshd")
class ConfirmSshLabTest {
    static Lab lab;
    static TestShell shell;
    static Path journal;
    static final List<String> notices = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void up() throws Exception {
        lab = TestLabs.newLab("ns15-" + UUID.randomUUID().toString().substring(0, 6));
        lab.up(4, true);
        journal = Files.createTempDirectory("ns15-journal");
        shell = shellOn(lab);
    }

    static TestShell shellOn(Lab lab) {
        Fleet fleet = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
        TestShell s = TestShell.on(new Target(Transport.SSH.label(), fleet, null, null));
        s.session().changeGuard(new SafeChanges(new Journal(journal)));
        s.session().notices(notices::add);
        return s;
    }

    @AfterAll
    static void down() {
        if (shell != null) shell.close();
        if (lab != null) lab.down();
        if (journal != null) removeRollbackFiles(new Journal(journal));
        if (journal != null) new LocalNode("l").run("rm", "-rf", journal.toString());
    }

    /** A node's own namespace, reached without SSH. */
    static Node inside(int i) { return lab.nodes().get(i - 1); }

    static String save(int i) {
        return String.join("\n", inside(i).run("iptables-save").stdout().lines().filter(l -> !l.startsWith("#"))
                .toList());
    }

    static boolean hasLink(int i, String name) { return inside(i).run("ip", "link", "show", name).ok(); }

    static void await(String what, BooleanSupplier cond) { Eventually.until(Duration.ofSeconds(60), cond, what); }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean noticed(String text) {
        synchronized (notices) {
            return notices.stream().anyMatch(n -> n.contains(text));
        }
    }

    @Test
    void aChangeThatCutsTheSessionOffIsRolledBackByTheNodeItself() throws Exception {
        String before = save(2);
        String nftBefore = inside(2).run("nft", "list", "ruleset").stdout();
        List<TestShell.Run> runs = Collections.synchronizedList(new ArrayList<>());
        Thread change = new Thread(() -> runs.add(
                shell.run("node2 --confirm 5 iptables -I INPUT -p tcp --dport 22 -j DROP")));
        change.start();
        await("the DROP is in place", () -> save(2).contains("--dport 22 -j DROP"));
        await("node2 restored its ruleset by itself", () -> save(2).equals(before));
        change.join(TestTimeouts.scaledMillis(120_000));
        assertEquals(before, save(2), "iptables-save equals the snapshot");
        assertEquals(nftBefore, inside(2).run("nft", "list", "ruleset").stdout());
        TestShell.Run next = shell.run("node2 echo back");
        assertEquals(0, next.status(), next.out() + next.err());
        assertTrue(next.out().contains("back"), next.out());
        assertTrue(noticed("node2 rolled back change") && noticed("iptables"), notices.toString());
    }

    @Test
    void aChangeThatCutsTheSessionOffReturnsAtOnceSayingWhenTheNodeRollsBack() {
        String before = save(2);
        // 20 s: far longer than the quick probe (1.5 s), so returning before the rollback means it was not waited for.
        TestShell.Run cut = shell.run("node2 --confirm 20 iptables -I INPUT -p tcp --dport 22 -j DROP");
        assertTrue(save(2).contains("--dport 22 -j DROP"), "the command came back while the node was still cut off");
        assertTrue(noticed("node2 unreachable after the change; rolls back at "), notices + cut.err());
        await("node2 restored its ruleset by itself", () -> save(2).equals(before));
        TestShell.Run next = shell.run("node2 echo back");
        assertEquals(0, next.status(), next.out() + next.err());
    }

    @Test
    void aConfirmedChangeStaysAndLeavesNoJobBehind() {
        TestShell.Run r = shell.run("node1 --confirm 30 ip link add ns15keep type bridge");
        try {
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(hasLink(1, "ns15keep"));
            String ns = lab.name() + "-node1";
            assertTrue(TestLabs.commandsIn(ns).stream().anyMatch(c -> c.contains("sleep 30")), "armed");
            TestShell.Run c = shell.run("confirm");
            assertEquals(0, c.status(), c.out() + c.err());
            assertTrue(c.out().matches("(?s)node1: change \\d+: confirmed\\s*"), c.out());
            sleep(4_000);
            assertTrue(hasLink(1, "ns15keep"), "the change stays");
            assertTrue(TestLabs.commandsIn(ns).stream().noneMatch(cmd -> cmd.contains("sleep")),
                    TestLabs.commandsIn(ns).toString());
            assertEquals("nothing awaits confirmation", shell.run("confirm").out().strip());
        } finally {
            inside(1).run("ip", "link", "del", "ns15keep");
        }
    }

    @Test
    void aNodeLostBeforeConfirmRollsBackAloneAndIsReportedWhenBack() {
        TestShell.Run r = shell.run("on node3,node4 --confirm 20 ip link add ns15gone type bridge");
        try {
            assertEquals(0, r.status(), r.out() + r.err());
            String ns = lab.name() + "-node4";
            LocalNode host = new LocalNode("l");
            host.run("ip", "netns", "pids", ns).stdout().lines().map(p -> ProcessHandle.of(Long.parseLong(p.strip())))
                    .flatMap(java.util.Optional::stream)
                    .filter(p -> p.info().commandLine().orElse("").contains("sshd"))
                    .forEach(ProcessHandle::destroyForcibly);
            TestShell.Run c = shell.run("confirm");
            assertEquals(1, c.status(), c.out() + c.err());
            assertTrue(c.out().contains("node3: change") && c.out().contains(": confirmed"), c.out());
            assertTrue(c.out().contains("node4: change") && c.out().contains("not reachable"), c.out());
            await("node4 rolled back by itself", () -> !hasLink(4, "ns15gone"));
            sleep(1_500);
            assertTrue(hasLink(3, "ns15gone"), "node3 was confirmed");
            lab.up(4, true); // sshd back
            TestShell.Run next = shell.run("node4 true");
            assertEquals(0, next.status(), next.out() + next.err());
            assertTrue(noticed("node4 rolled back change") && noticed("-link:ns15gone"), notices.toString());
        } finally {
            inside(3).run("ip", "link", "del", "ns15gone");
            inside(4).run("ip", "link", "del", "ns15gone");
        }
    }

    @Test
    void killingNetshellLeavesTheRollbackToTheNodes() throws Exception {
        assumeTrue(Files.exists(Path.of("target/netshell.jar")), "needs target/netshell.jar (mvn package)");
        ProcessBuilder pb = new ProcessBuilder("java", "-Dnetshell.journal=" + journal, "-jar", "target/netshell.jar",
                "-i", lab.sshConfig().toString()).redirectErrorStream(true);
        Process p = pb.start();
        try {
            // The deadline must outlast the after-snapshot and journal on a cold, loaded JVM: with 3 s the node
            // could roll back before "armed" was printed, and the links were gone when the test looked.
            p.getOutputStream().write("on node1,node2 --confirm 12 ip link add ns15kill type bridge\n"
                    .getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            String seen = printedUntil(p, "rollback armed on", 120);
            assertTrue(seen.contains("rollback armed on"), "the change was made and armed:\n" + seen);
            assertTrue(hasLink(1, "ns15kill") && hasLink(2, "ns15kill"));
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        await("both nodes rolled back without netshell", () -> !hasLink(1, "ns15kill") && !hasLink(2, "ns15kill"));
        assertFalse(hasLink(1, "ns15kill"));
    }

    /**
     * What {@code p} printed until a line holding {@code text}, or until {@code seconds} passed: the REPL waits on its
     * open standard input for ever, so a change that never arms must fail this test, not hang the run.
     */
    static String printedUntil(Process p, String text, int seconds) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.contains(text)) return;
                }
            } catch (java.io.IOException closed) {
                // the process was killed: what it printed is in seen
            }
        });
        reader.setDaemon(true);
        reader.start();
        reader.join(TestTimeouts.scaledMillis(seconds * 1000L));
        synchronized (seen) {
            return seen.toString();
        }
    }

    /** The markers (.done, .lock) and scripts the tests' rollbacks leave in /run/netshell/rollback of this host. */
    static void removeRollbackFiles(Journal journal) {
        for (var r : journal.all()) {
            for (var n : r.nodes()) {
                if (n.rollbackId() == null) continue;
                new LocalNode("l").run("sh", "-c", "rm -rf /run/netshell/rollback/\"$1\".*", "sh", n.rollbackId());
            }
        }
    }
}
