package netshell.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;
import netshell.node.TestLabs;
import netshell.testing.CtrlC;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * Ctrl-C at ten moments spread over {@code lab up --nodes 3 --ssh}: each time the lab is either whole (it had
 * finished) or gone, never half made. Before, a Ctrl-C while the nodes were wired left the lab's namespaces and state
 * behind ("lab up: localhost: cancelled").
 */
@NeedsRoot("ip netns, sshd")
class LabUpCtrlCLabTest {
    private static final String UP = "lab up --nodes 3 --ssh --name ";

    @Test
    void aLabIsWholeOrGone() throws Exception {
        String name = TestLabs.uniqueName();
        Lab lab = new Lab(name);
        try (TestShell sh = TestShell.lab("nsuc", 1)) {
            long start = System.nanoTime();
            ok(sh, UP + name);
            long whole = (System.nanoTime() - start) / 1_000_000;
            ok(sh, "lab down --name " + name);
            assertEquals("", leftOf(lab), "lab down");
            for (int k = 0; k < 10; k++) {
                long at = whole * k / 10;
                TestShell.Run r = CtrlC.after(at, () -> sh.run(UP + name));
                String said = "Ctrl-C at " + at + " ms of " + whole + ": " + r.out() + r.err();
                if (lab.exists()) {
                    List<Lab.NodeStatus> nodes = lab.status();
                    assertEquals(3, nodes.size(), said);
                    assertTrue(nodes.stream().allMatch(n -> n.exists() && n.sshdRunning()), nodes + " " + said);
                    ok(sh, "lab down --name " + name);
                } else {
                    assertEquals(130, r.status(), said);
                }
                assertEquals("", leftOf(lab), said);
            }
        } finally {
            lab.down();
        }
    }

    /** What is left of the lab on this machine: namespaces, links named after it, its state, its processes. */
    private static String leftOf(Lab lab) {
        String name = lab.name();
        String out = new LocalNode("local").run(List.of("sh", "-c", "ip netns list | grep -F -- \"$1\"; ip -o link"
                + " | grep -F -- \"$1\"; ps -eo args | grep -F -- \"$2\" | grep -v grep; true", "sh", name,
                lab.stateDir().toString()), null).stdout();
        return out + (Files.exists(lab.stateDir()) ? "state directory " + lab.stateDir() : "");
    }

    private static void ok(TestShell sh, String line) {
        TestShell.Run r = sh.run(line);
        assertEquals(0, r.status(), line + " → " + r.out() + r.err());
    }
}
