package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.script.Scripting;
import netshell.shell.Executor;
import netshell.shell.Repl;
import netshell.shell.ShellCompleter;
import netshell.shell.Style;
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;
import netshell.testing.TestShell;

/**
 * The lines of issue 22's "Why" that are the shell's language, typed into the REPL (on a terminal, with Groovy
 * behind it as a user has it) in a lab of its own, and given to ./shell -c: each does what a user means.
 */
@NeedsRoot
class LanguageReplLabTest {

    /** Runs {@code input} through the REPL on the lab; the screen. */
    static String repl(TestShell shell, String input, Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            PrintStream ps = new PrintStream(t.output(), true, StandardCharsets.UTF_8);
            var session = shell.session();
            Executor ex = new Executor(shell.invoker(), ps, ps, Style.PLAIN, false);
            Scripting.replGroovy(session, shell.invoker(), ps, Style.PLAIN, session::notice);
            new Repl(ex, t, dir.resolve("history"), () -> "netshell> ", new ShellCompleter(session), null).run();
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theWhyLinesAtThePromptAndInDashC(@TempDir Path dir) throws Exception {
        try (TestShell shell = TestShell.lab("nslg", 2)) {
            String screen = repl(shell, String.join("\n",
                    "x = net.split('10.0.0.0/24', 2)",
                    "x[1].first",
                    "x[0]",
                    "node1.run('hostname').out",
                    "time node1 true",
                    "node1 df -h /",
                    "net splt 10.0.0.0/24 2",
                    "ne?",
                    "lb show --confirm 5",
                    "exit", ""), dir);
            assertTrue(screen.contains("> 10.0.0.129\n"), "x[1].first is Groovy: " + screen);
            assertTrue(screen.contains("10.0.0.0/25"), "x[0] is Groovy: " + screen);
            assertTrue(!screen.contains("no command to run on"), screen);
            assertTrue(screen.contains("no property 'out' on ExecResult; it has ") && screen.contains("stdout"),
                    screen);
            assertTrue(screen.matches("(?s).*time: \\d+\\.\\d ms\\n  node1  \\d+\\.\\d ms.*"), "per node: " + screen);
            assertTrue(screen.contains("Size"), "df kept -h: " + screen);
            assertTrue(screen.contains("netshell: net: unknown sub-command 'splt' (did you mean 'split'?)"), screen);
            assertTrue(screen.matches("(?s).*\\nnet +address maths.*") && !screen.contains("unknown command 'ne'"),
                    screen);
            assertTrue(screen.contains("netshell: lb show: unknown option '--confirm'"), screen);

            Map<String, String> env = Map.of("NETSHELL_LAB", shell.lab().name());
            ShellProcess.Run groovy = ShellProcess.shell(env, "-c", "x = 2 + 2; println x");
            assertEquals(0, groovy.status(), groovy.err());
            assertEquals("4", groovy.out().strip());
            ShellProcess.Run words = ShellProcess.shell(env, "net", "split", "10.0.0.0/24", "2");
            assertEquals(0, words.status(), words.err());
            assertTrue(words.out().contains("10.0.0.128/25"), words.out());
            ShellProcess.Run timed = ShellProcess.shell(env, "-c", "time all true");
            assertEquals(0, timed.status(), timed.err());
            assertTrue(timed.out().contains("  node1  ") && timed.out().contains("  node2  "), timed.out());
            ShellProcess.Run exec = ShellProcess.shell(env, "-c", "node1 df -h /");
            assertTrue(exec.out().contains("Size"), exec.out());
            ShellProcess.Run typo = ShellProcess.shell(env, "-c", "net splt 10.0.0.0/24 2");
            assertEquals(2, typo.status());
            assertTrue(typo.err().strip().endsWith("netshell: net: unknown sub-command 'splt' (did you mean 'split'?)"),
                    typo.err());
        }
    }
}
