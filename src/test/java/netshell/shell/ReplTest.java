package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.app.Commands;
import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Verb;
import netshell.testing.TestTimeouts;

/** The REPL in-process on a dumb terminal with injected streams. */
class ReplTest {
    static Terminal dumb(InputStream in, OutputStream out) throws Exception {
        return new DumbTerminal("test", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }

    @Test
    void runsLinesKeepsHistoryAndExits(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String input = "net split 10.0.0.0/24 2\nnet split 10.0.0.0/24 3\nexit\nnet info 1.2.3.4/8\n";
        try (Terminal t = dumb(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen)) {
            Session session = Commands.plugIn(new Session(Commands.registry()));
            PrintStream ps = new PrintStream(t.output(), true, StandardCharsets.UTF_8);
            Executor ex = new Executor(new Invoker(session), ps, ps, Style.PLAIN, false);
            int status = new Repl(ex, t, history, () -> "netshell> ", new ShellCompleter(session), null).run();
            assertEquals(2, status, "status of the last command before exit");
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("10.0.0.128/25"), text);
        assertTrue(text.contains("3 is not a power of two"), text);
        assertTrue(!text.contains("1.0.0.0"), "nothing runs after exit");
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.contains("net split 10.0.0.0/24 2")), saved.toString());
    }

    @Test
    void endOfInputLeavesTheShell(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = dumb(new ByteArrayInputStream("net info 10.0.0.1/24\n".getBytes()), screen)) {
            Session session = Commands.plugIn(new Session(Commands.registry()));
            PrintStream ps = new PrintStream(t.output(), true);
            int status = new Repl(new Executor(new Invoker(session), ps, ps, Style.PLAIN, false), t, dir.resolve("h"),
                    () -> "> ", new ShellCompleter(session), null).run();
            assertEquals(0, status);
        }
    }

    /** A command that blocks until interrupted stands in for a long capture; Ctrl-C must return to the prompt. */
    @Test
    void ctrlCCancelsTheRunningCommandNotTheShell(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        Registry registry = Commands.registry().add(CommandSpec.of("block", "blocks until interrupted",
                Verb.of("", "blocks", (a, c) -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                    return "never";
                })));
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal t = dumb(in, screen)) {
            Session session = new Session(registry);
            PrintStream ps = new PrintStream(t.output(), true);
            Repl repl = new Repl(new Executor(new Invoker(session), ps, ps, Style.PLAIN, false), t, dir.resolve("h"),
                    () -> "> ", new ShellCompleter(session), null);
            AtomicInteger status = new AtomicInteger(-1);
            Thread loop = new Thread(() -> status.set(repl.run()));
            loop.start();
            keys.write("block\n".getBytes());
            keys.flush();
            assertTrue(started.await(TestTimeouts.scaledMillis(10_000), TimeUnit.MILLISECONDS), "command started");
            t.raise(Terminal.Signal.INT);
            keys.write("net info 10.0.0.1/24\nexit\n".getBytes());
            keys.flush();
            loop.join(TestTimeouts.scaledMillis(10_000));
            assertTrue(!loop.isAlive(), "the shell went on and then exited");
            assertEquals(1, interrupted.get(), "the command saw the interrupt");
            assertEquals(0, status.get(), "the line after Ctrl-C ran");
        }
        assertTrue(screen.toString().contains("255.255.255.0"), screen.toString());
    }

    @Test
    void completionCandidates() {
        Session session = Commands.plugIn(new Session(Commands.registry()));
        new Invoker(session); // help and time belong to the shell's grammar
        session.completions().register("node", () -> List.of("node1", "node2"));
        ShellCompleter c = new ShellCompleter(session);
        assertTrue(words(c.suggest(List.of())).containsAll(List.of("net", "help", "time", "all", "on", "node1")));
        assertEquals(List.of("info", "split", "diagram", "contains", "overlap"), words(c.suggest(List.of("net"))));
        assertTrue(words(c.suggest(List.of("net", "split", "10.0.0.0/24"))).contains("--prefix"));
        assertTrue(words(c.suggest(List.of("net", "split", "10.0.0.0/24", "|")))
                .containsAll(List.of("grep", "json", "count")));
        assertTrue(words(c.suggest(List.of("net", "info", "1.2.3.4", ";"))).contains("net"), "a new command after ;");
    }

    @Test
    void completionUsesLiveSourcesAndChoices() {
        Registry r = new Registry().add(CommandSpec.of("vx", "test", Verb.of("make", "x", (a, c) -> null,
                Param.option("on", "where").completes("node"),
                Param.option("mode", "how").choices("iptables", "nft"))));
        Session session = new Session(r);
        session.completions().register("node", () -> List.of("node1", "node2"));
        ShellCompleter c = new ShellCompleter(session);
        assertEquals(List.of("node1", "node2"), words(c.suggest(List.of("vx", "make", "--on"))));
        assertEquals(List.of("iptables", "nft"), words(c.suggest(List.of("vx", "make", "--mode"))));
        session.completions().register("node", () -> { throw new IllegalStateException("down"); });
        assertEquals(List.of(), words(c.suggest(List.of("vx", "make", "--on"))),
                "a broken source yields nothing, not an error");
    }

    private static List<String> words(List<ShellCompleter.Suggestion> s) {
        return s.stream().map(ShellCompleter.Suggestion::value).toList();
    }
}
