package netshell.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netshell.command.Target;
import netshell.testing.ShellProcess;
import netshell.testing.TestShell;

/** A node set naming nodes that are not there is refused, all of them in one line, unless --ignore-missing. */
class MissingNodesTest {

    @Test
    void rawCommandOnMissingNodesIsRefusedNamingThem() {
        try (TestShell sh = TestShell.on(Target.dryRun(3))) {
            TestShell.Run r = sh.run("on node[1-5] hostname");
            assertEquals(2, r.status(), r.err());
            assertEquals("", r.out());
            assertTrue(r.err().contains("no such nodes: node[4-5]"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());

            TestShell.Run x = sh.run("all -x node9 hostname");
            assertEquals(2, x.status(), x.err());
            assertTrue(x.err().contains("no such node: node9"), x.err());
        }
    }

    @Test
    void ignoreMissingRunsOnTheNodesThatAreThere() {
        try (TestShell sh = TestShell.on(Target.dryRun(3))) {
            TestShell.Run r = sh.run("on node[1-5] --ignore-missing hostname");
            assertEquals(0, r.status(), r.err());
            for (String n : new String[]{"node1", "node2", "node3"})
                assertTrue(r.out().contains(n + "$ hostname"), r.out());
            assertFalse(r.out().contains("node4"), r.out());
            TestShell.Run none = sh.run("on node[7-9] --ignore-missing hostname");
            assertEquals(2, none.status(), none.err());
            assertTrue(none.err().contains("no node matches 'node[7-9]'"), none.err());
        }
    }

    @Test
    void optionOnTakesIgnoreMissingToo() {
        try (TestShell sh = TestShell.on(Target.dryRun(3))) {
            TestShell.Run r = sh.run("vxlan create --on node[2-4]");
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("no such node: node4"), r.err());
            TestShell.Run ok = sh.run("vxlan create --on node[2-4] --ignore-missing");
            assertEquals(0, ok.status(), ok.err());
            assertTrue(ok.out().contains("node3$ ip link add"), ok.out());
            assertFalse(ok.out().contains("node1$") || ok.out().contains("node4"), ok.out());
            assertTrue(sh.run("help vxlan create").out().contains("--ignore-missing"));
        }
    }

    @Test
    void oneShotExitsTwoNamingTheMissingNodes() throws Exception {
        ShellProcess.Run r = ShellProcess.shell("--dry-run", "-c", "on node[1-5] hostname");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("no such nodes: node[3-5]"), r.err());
    }
}
