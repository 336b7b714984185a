package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.node.Fleet;
import netshell.node.Inventory;
import netshell.node.LocalNode;
import netshell.node.Node;
import netshell.node.SshNode;
import netshell.node.TestLabs;
import netshell.remote.NodeCommands;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * {@code nodes} shows the transport's round trip over an open connection: an echo through {@code cat} on the node,
 * after the login and the process start, which are not counted. Over SSH it reuses the session and leaves no
 * channel open; on a lab node it leaves no process in the namespace.
 */
@NeedsRoot
class RoundTripLabTest {
    static final LocalNode HOST = new LocalNode("local");
    static Lab lab;
    static Fleet ssh;

    @BeforeAll
    static void up() {
        lab = TestLabs.newLab(TestLabs.uniqueName());
        lab.up(2, true);
        ssh = Fleet.of(Inventory.load(lab.sshConfig()), SshNode.Options.defaults());
    }

    @AfterAll
    static void down() {
        if (ssh != null) ssh.close();
        if (lab != null) lab.down();
    }

    @Test
    void sshRoundTripUsesTheOpenSession() {
        SshNode node = (SshNode) ssh.nodes().get(0);
        Duration first = node.roundTrip(); // logs in first, untimed
        Duration second = node.roundTrip();
        assertTrue(!first.isNegative() && !first.isZero() && !second.isZero(), first + " " + second);
        assertEquals(1, node.logins(), "one login for both");
        assertEquals(0, node.openChannels(), "the echo's channel is closed");
    }

    @Test
    void labRoundTripLeavesNoProcessBehind() {
        Node node = lab.nodes().get(1);
        assertTrue(node.roundTrip().toNanos() > 0);
        // sshd runs there too: the echo's cat is what must be gone (it is killed as the echo ends).
        List<String> cats = HOST.run("ip", "netns", "pids", lab.namespace(2)).orThrow().stdout().lines()
                .filter(pid -> HOST.run("cat", "/proc/" + pid.strip() + "/comm").stdout().strip().equals("cat"))
                .toList();
        assertEquals(List.of(), cats, "the echo's cat is gone");
    }

    @Test
    void nodesCommandShowsTheRoundTrip() throws Exception {
        try (TestShell sh = TestShell.on(Target.lab(lab, null))) {
            @SuppressWarnings("unchecked")
            List<NodeCommands.NodeRow> rows = (List<NodeCommands.NodeRow>) sh.invoke("nodes");
            assertEquals(2, rows.size());
            for (NodeCommands.NodeRow r : rows) {
                assertEquals("up", r.state());
                assertNotNull(r.rttMs(), r.toString());
            }
        }
    }
}
