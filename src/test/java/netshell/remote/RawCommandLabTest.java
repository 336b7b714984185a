package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.TestLabs;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;
import netshell.testing.TestTimeouts;

/** Raw commands on lab nodes: node1 …, all …, on SELECTOR …, through the real shell grammar. */
@NeedsRoot
class RawCommandLabTest {
    static TestShell shell;

    @BeforeAll
    static void up() { shell = TestShell.lab("nsr", 8); }
    @AfterAll
    static void down() { if (shell != null) shell.close(); }

    @Test
    void fanOutPrefixesEveryLineWithItsNode() {
        TestShell.Run r = shell.run("all cat /proc/sys/net/ipv4/ip_forward");
        assertEquals(0, r.status(), r.err());
        for (int i = 1; i <= 8; i++) assertTrue(r.out().contains("node" + i + "| 1\n"), r.out());
        assertEquals(8, r.out().lines().count());
    }

    @Test
    void eachNodeAnswersWithItsOwnAddress() {
        TestShell.Run r = shell.run("on node3,node5 ip -4 -br addr show dev eth1");
        assertTrue(r.out().matches(
                "(?s)node3\\| eth1\\S*\\s+UP\\s+192\\.168\\.56\\.12/24.*"
                        + "node5\\| eth1\\S*\\s+UP\\s+192\\.168\\.56\\.14/24.*"),
                r.out());
        assertEquals("8\n", shell.run("on node* hostname | count").out());
    }

    @Test
    void oneFailingNodeMakesExitOneAndASummary() {
        TestShell.Run r = shell.run("all sh -c 'test \"$(cat /proc/sys/net/ipv4/conf/eth1/forwarding)\" = 1"
                + " && ip -4 -o addr show dev eth1 | grep -q 192.168.56.13/'");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("7 of 8 nodes failed"), r.out());
        assertTrue(!r.out().contains("node4| exit status"), "node4 succeeded: " + r.out());
        assertTrue(r.err().contains("failed on node1, node2, node3, node5"), r.err());
    }

    @Test
    void wordsArriveLiterally() {
        TestShell.Run r = shell.run("node2 printf '%s\\n' '; rm -rf /' '$(id)' '`id`' \"it's\" 'a\nb'");
        assertEquals("node2| ; rm -rf /\nnode2| $(id)\nnode2| `id`\nnode2| it's\nnode2| a\nnode2| b\n", r.out());
    }

    @Test
    void pipesApplyToTheCombinedOutput() {
        assertEquals("8\n", shell.run("all ip -br link | grep eth1 | count").out());
    }

    @Test
    void dryRunAndExplainShowTheCommand() {
        TestShell.Run r = shell.run("node1 printf '%s\\n' --json --dry-run");
        assertEquals("node1| --json\nnode1| --dry-run\n", r.out(), "raw words are never options of ours");
        shell.session().dryRunAll(true);
        try {
            r = shell.run("on node1,node2 ip link add x0 type bridge");
            assertEquals("node1$ ip link add x0 type bridge\nnode2$ ip link add x0 type bridge\n", r.out());
        } finally {
            shell.session().dryRunAll(false);
        }
        assertEquals(1, shell.run("node1 ip link show x0").status(), "nothing was created");
    }

    @Test
    void unknownSelectorIsUsageError() {
        TestShell.Run r = shell.run("on node99 true");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("node99"), r.err());
    }

    @Test
    void interruptCancelsOnEveryNode() throws Exception {
        AtomicInteger status = new AtomicInteger(-1);
        Thread t = new Thread(() -> status.set(shell.run("all sleep 30").status()));
        t.start();
        long start = 0;
        try {
            Eventually.until(Duration.ofSeconds(15), () -> IntStream.rangeClosed(1, 8).filter(i -> sleeps(i) == 0)
                    .boxed().toList(), List::isEmpty, "sleep 30 running on all 8 nodes (nodes without one yet)");
        } finally {
            start = System.nanoTime();
            t.interrupt();
        }
        t.join(TestTimeouts.scaledMillis(10_000));
        assertTrue(!t.isAlive());
        double limit = TestTimeouts.scaled(Duration.ofSeconds(15)).toMillis() / 1e3;
        assertTrue((System.nanoTime() - start) / 1e9 < limit,
                "returned promptly (within " + limit + " s of the interrupt)");
        assertTrue(status.get() != 0, "an interrupted fan-out is not a success");
        for (int i = 1; i <= 8; i++) assertTrue(sleeps(i) == 0, "sleep left in node" + i);
    }

    /** How many sleep processes run in lab node i's namespace. */
    static long sleeps(int i) {
        return TestLabs.pidsIn(shell.lab().name() + "-node" + i, "sleep").size();
    }

    @Test
    void nodesTable() throws Exception {
        @SuppressWarnings("unchecked")
        List<NodeCommands.NodeRow> rows = (List<NodeCommands.NodeRow>) shell.invoke("nodes");
        assertEquals(8, rows.size());
        assertEquals("node8", rows.get(7).name());
        assertEquals("192.168.56.17", rows.get(7).address());
        assertEquals("eth1", rows.get(7).underlay());
        assertTrue(rows.stream().allMatch(r -> r.state().equals("up") && r.rttMs() != null));
    }
}
