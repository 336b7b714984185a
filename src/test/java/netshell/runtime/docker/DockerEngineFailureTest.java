package netshell.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import netshell.node.LocalNode;
import netshell.node.NetnsNode;
import netshell.testing.NeedsRoot;
import netshell.testing.TestShell;

/**
 * An engine that cannot start (here: the node already has a docker0 that is no bridge, as a hand-made setup may
 * leave): lab up --docker fails in one line with the engine's own last log line and leaves no engine behind.
 */
@NeedsRoot("ip netns, Docker")
class DockerEngineFailureTest {
    private TestShell sh;

    @BeforeEach
    void up() {
        sh = TestShell.lab("nsdf", 1);
    }

    @AfterEach
    void down() {
        if (sh != null) sh.close();
    }

    @Test
    void engineThatCannotStartSaysWhyAndLeavesNothing() {
        String ns = ((NetnsNode) sh.node("node1")).namespace();
        assertEquals(0, new LocalNode("l").run("ip", "-n", ns, "link", "add", "docker0", "type", "veth", "peer", "name",
                "xdocker0").exit());
        TestShell.Run r = sh.run("lab up --docker --nodes 1");
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("node1: dockerd did not start")
                && r.err().contains("existing interface docker0 is not a bridge"), r.err());
        String procs = new LocalNode("l").run("ps", "-eo", "args").stdout();
        assertFalse(procs.contains(sh.lab().stateDir().toString()), procs);
        assertFalse(Files.exists(sh.lab().stateDir().resolve("docker")), "engine state left behind");
        assertFalse(new LocalNode("l").run("cat", "/proc/self/mounts").stdout()
                .contains(sh.lab().stateDir().toString()));
        assertTrue(sh.lab().exists(), "the lab that was up stays up");
    }
}
