package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.command.Target;
import netshell.node.Fleet;
import netshell.node.LocalNode;
import netshell.node.Transport;
import netshell.shell.Style;
import netshell.testing.TestShell;

/** node1.run(...) from Groovy honours dry-run and explain exactly as the same line typed at the prompt. */
class ScriptsObeyTheSessionTest {
    @TempDir
    Path dir;

    private final List<String> printed = new ArrayList<>();

    private void script(TestShell shell, String source) throws Exception {
        Path file = dir.resolve("t" + System.nanoTime() + ".groovy");
        Files.writeString(file, source);
        ScriptRunner.execute(file,
                new ScriptHost(shell.session(), shell.invoker(), printed::add, Style.PLAIN, List.of()));
    }

    private static TestShell onThisMachine() {
        return TestShell
                .on(new Target(Transport.LOCAL.label(), new Fleet(List.of(new LocalNode("node1"))), null, null));
    }

    @Test
    void dryRunOnRunsNothing() throws Exception {
        Path marker = dir.resolve("made-by-script");
        try (TestShell shell = onThisMachine()) {
            shell.session().dryRunAll(true);
            script(shell, "node1.run(['touch', '" + marker + "'])");
            assertFalse(Files.exists(marker), "dry-run on: the script's node1.run ran nothing");
            assertTrue(printed.stream().anyMatch(l -> l.contains("touch " + marker)),
                    "and it showed the command: " + printed);

            shell.session().dryRunAll(false);
            script(shell, "node1.run(['touch', '" + marker + "'])");
            assertTrue(Files.exists(marker), "dry-run off: it runs");
        }
    }

    @Test
    void explainShowsTheCommandAndRunsIt() throws Exception {
        try (TestShell shell = onThisMachine()) {
            shell.session().explainAll(true);
            script(shell, "assert node1.run('echo hello').stdout().strip() == 'hello'");
            assertEquals(1, printed.stream().filter(l -> l.contains("echo hello")).count(), printed.toString());
        }
    }
}
