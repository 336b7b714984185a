package netshell.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.command.Target;
import netshell.testing.TestShell;

/** record writes its own regular file, 0600, and never through a symbolic link. */
class RecordFileTest {
    @TempDir
    Path dir;

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = dir.resolve("passwd");
        Files.writeString(target, "root:x:0:0\n");
        Path link = dir.resolve("session.md");
        Files.createSymbolicLink(link, target);
        try (TestShell shell = TestShell.on(Target.dryRun(1))) {
            TestShell.Run r = shell.run("record " + link);
            assertEquals(2, r.status(), r.err());
            assertEquals("netshell: record: " + link + " is a symbolic link; record writes only to a regular file",
                    r.err().strip());
            assertTrue(shell.run("record stop").err().contains("not recording"), "nothing is being recorded");
        }
        assertEquals("root:x:0:0\n", Files.readString(target));
    }

    @Test
    void transcriptsAreTheOwnersAlone() throws Exception {
        Path fresh = dir.resolve("fresh.md");
        Path old = dir.resolve("old.groovy");
        Files.writeString(old, "stale text that is longer than the header\n".repeat(20));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestShell shell = TestShell.on(Target.dryRun(1))) {
            for (Path p : new Path[]{fresh, old}) {
                assertEquals(0, shell.run("record " + p).status());
                assertEquals(0, shell.run("net split 10.0.0.0/24 2").status());
                assertEquals(0, shell.run("record stop").status());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                        p.toString());
                assertTrue(Files.readString(p).contains("net split 10.0.0.0/24 2"), Files.readString(p));
            }
            assertTrue(!Files.readString(old).contains("stale text"), "an existing file is truncated");
        }
    }
}
