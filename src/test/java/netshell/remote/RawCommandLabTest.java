package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

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
        long start = System.nanoTime();
        t.start();
        Thread.sleep(1500);
        t.interrupt();
        t.join(10_000);
        assertTrue(!t.isAlive());
        assertTrue((System.nanoTime() - start) / 1e9 < 15, "returned promptly");
        assertTrue(status.get() != 0, "an interrupted fan-out is not a success");
        for (int i = 1; i <= 8; i++) {
            String pids = shell.lab() == null
                    ? ""
                    : new LocalNode("h").run("ip", "netns", "pids", shell.lab().name() + "-node" + i)
                            .stdout();
            for (String pid : pids.lines().toList()) {
                String comm = new LocalNode("h").run("cat", "/proc/" + pid + "/comm").stdout().strip();
                assertTrue(!comm.equals("sleep"), "sleep left in node" + i);
            }
        }
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
