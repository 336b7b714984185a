package netshell.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import netshell.node.LocalNode;
import netshell.node.TestLabs;

/** A lab of the test's own with sshd in its nodes, and a scratch directory for the files a test writes. */
record SshLab(Lab lab, Path dir) implements AutoCloseable {
    static SshLab up(int nodes) throws IOException {
        Lab lab = TestLabs.newLab(TestLabs.uniqueName());
        try {
            lab.up(nodes, true);
            return new SshLab(lab, Files.createTempDirectory(lab.name()));
        } catch (RuntimeException | IOException e) {
            lab.down();
            throw e;
        }
    }

    @Override
    public void close() {
        lab.down();
        new LocalNode("local").run("rm", "-rf", dir.toString());
    }
}
