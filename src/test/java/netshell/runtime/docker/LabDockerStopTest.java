package netshell.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.node.LocalNode;
import netshell.testing.TestTimeouts;

/** Stopping node1's engine touches what names node1's directory, never node10's … node19's. */
class LabDockerStopTest {
    @TempDir
    Path state;

    @Test
    void pathsMatchWholeDirectoryNamesOnly() {
        String dir = "/var/lib/netshell/labs/x/docker/node1";
        assertTrue(LabDocker.namesDirectory("dockerd\0--data-root\0" + dir + "/data\0", dir));
        assertTrue(LabDocker.namesDirectory("containerd\0--config=" + dir + "/exec/containerd.toml\0", dir));
        assertTrue(LabDocker.namesDirectory("x\0" + dir + "\0", dir));
        assertFalse(LabDocker.namesDirectory("dockerd\0--data-root\0" + dir + "0/data\0", dir));
        assertFalse(LabDocker.namesDirectory("containerd-shim\0-address\0" + dir + "9/exec/c.sock\0", dir));
        assertFalse(LabDocker.namesDirectory("dockerd\0--data-root\0" + dir + "x\0", dir));
    }

    @Test
    void stoppingNode1LeavesNode10sProcessesAlone() throws Exception {
        Path root = state.resolve("docker");
        List<Process> started = new ArrayList<>();
        try {
            Process node1 = stand(root.resolve("node1/exec/containerd.sock"), started);
            Process node10 = stand(root.resolve("node10/exec/containerd.sock"), started);
            Process node19 = stand(root.resolve("node19"), started);
            new LabDocker("t", state, new LocalNode("local")).stop(1);
            assertTrue(node1.waitFor(TestTimeouts.scaledMillis(10_000), java.util.concurrent.TimeUnit.MILLISECONDS),
                    "node1's process is killed");
            assertTrue(node10.isAlive(), "node10's process is not node1's");
            assertTrue(node19.isAlive(), "node19's process is not node1's");
            assertFalse(Files.exists(root.resolve("node1")));
            assertTrue(Files.isDirectory(root.resolve("node10")));
        } finally {
            for (Process p : started) p.destroyForcibly().waitFor();
        }
    }

    /**
     * A process standing for an engine's: its command line names the path, as dockerd's and containerd's do; it waits
     * on its stdin with a shell builtin, so it has no child to leave behind when killed.
     */
    private static Process stand(Path path, List<Process> started) throws Exception {
        Files.createDirectories(path.getParent());
        Process p = new ProcessBuilder("sh", "-c", "read x", path.toString()).start();
        started.add(p);
        return p;
    }
}
