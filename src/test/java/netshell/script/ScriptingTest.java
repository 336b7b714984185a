package netshell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Target;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.node.ExecResult;
import netshell.shell.Executor;
import netshell.shell.ShellCompleter;
import netshell.shell.Style;
import netshell.testing.TestShell;

/** Scripts, REPL Groovy lines and lib/ commands reach commands through the same Invoker as typed lines. */
class ScriptingTest {
    @TempDir
    Path dir;

    private final TestShell shell = TestShell.on(Target.dryRun(2));
    private final List<String> printed = new ArrayList<>();

    private Object script(String source, String... args) throws Exception {
        Path file = dir.resolve("t" + System.nanoTime() + ".groovy");
        Files.writeString(file, source);
        return ScriptRunner.execute(file,
                new ScriptHost(shell.session(), shell.invoker(), printed::add, Style.PLAIN, List.of(args)));
    }

    @Test
    void methodsAndShReturnTheSameTypedResultsAsTheShell() throws Exception {
        List<?> r = (List<?>) script(
                """
                        [net.split('10.0.0.0/24', 2), sh('net split 10.0.0.0/24 2'), \
                        net.split('10.0.0.0/24', prefix: 26),
                         net.info('10.0.0.1/24'), net.contains('10.0.0.0/25', '10.0.0.130'), \
                        sh('net overlap 10.0.0.0/24 10.0.0.128/25')]""");
        assertEquals(shell.invoke("net split 10.0.0.0/24 2"), r.get(0));
        assertEquals(shell.invoke("net split 10.0.0.0/24 2"), r.get(1));
        assertEquals(shell.invoke("net split 10.0.0.0/24 --prefix 26"), r.get(2));
        assertEquals(shell.invoke("net info 10.0.0.1/24"), r.get(3));
        assertEquals(shell.invoke("net contains 10.0.0.0/25 10.0.0.130"), r.get(4));
        assertEquals(shell.invoke("net overlap 10.0.0.0/24 10.0.0.128/25"), r.get(5));
        assertEquals(List.of("3"), script("sh 'net split 10.0.0.0/24 2 | count'"));
    }

    @Test
    void failuresThrowTheCommandsOneLineMessage() throws Exception {
        Object r = script("try { net.split('10.0.0.0/24', 3) } catch (BadInput e) { e.message }");
        assertEquals("net split: 3 is not a power of two", r);
        assertEquals("net split: 3 is not a power of two",
                script("try { sh 'net split 10.0.0.0/24 3' } catch (BadInput e) { e.message }"));
        assertTrue(String.valueOf(script("try { net.splat('x') } catch (BadInput e) { e.message }"))
                .startsWith("net: no sub-command 'splat'"));
    }

    @Test
    void nodesArgsAndNodeRuns() throws Exception {
        List<?> r = (List<?>) script(
                "[nodes*.name, need(2)*.name, node1.run('echo \"a b\" c'), node2.run(['ip', '-br', 'addr']), args]",
                "--cleanup");
        assertEquals(List.of("node1", "node2"), r.get(0));
        assertEquals(List.of("node1", "node2"), r.get(1));
        assertEquals(List.of("echo", "a b", "c"), ((ExecResult) r.get(2)).argv());
        assertEquals("node2", ((ExecResult) r.get(3)).node());
        assertEquals(List.of("--cleanup"), r.get(4));
        assertEquals(List.of("node2"), script("nodes*.name", "--nodes", "node2"));
        assertEquals("sh", ((ExecResult) script("node1.sh('ip -br addr | grep eth1')")).argv().get(0),
                "a shell line is asked for by name");
    }

    @Test
    void nodeRunNeverHandsTextOrValuesToAShell() throws Exception {
        assertEquals(List.of("ip", "link", "show", "eth0;reboot"),
                argv("def dev = 'eth0;reboot'; node1.run(\"ip link show ${dev}\")"), "a value is one word");
        assertEquals(List.of("ip", "link", "show", "a b'c\"$(x)"),
                argv("def dev = 'a b\\'c\"$(x)'; node1.run(\"ip link show ${dev}\")"), "spaces and quotes too");
        assertEquals(List.of("echo", "pre-x y-post", ""),
                argv("def v = 'x y'; def e = ''; node1.run(\"echo 'pre-${v}-post' ${e}\")"),
                "a value inside quotes stays in its word; an empty value is an empty word");
        assertEquals(List.of("ip", "-br", "addr", "|", "grep", "eth1;reboot", ">x"),
                argv("node1.run('ip -br addr | grep eth1;reboot >x')"), "a plain string's operators are characters");
        assertEquals(List.of("ip", "link", "show", "x;y"),
                argv("def d = 'x;y'; node1.output(\"ip link show ${d}\"); node1.run(\"ip link show ${d}\")"));
        assertEquals(List.of("sh", "-c", "grep 'a'\"'\"'; reboot' /etc/hosts | wc -l"),
                argv("def p = \"a'; reboot\"; node1.sh(\"grep ${p} /etc/hosts | wc -l\")"),
                "node.sh quotes a GString's values for the shell");
        assertEquals("node.run: unterminated single quote",
                script("try { node1.run(\"echo 'x\") } catch (BadInput e) { e.message }"));
    }

    private List<String> argv(String source) throws Exception {
        return ((ExecResult) script(source)).argv();
    }

    @Test
    void aFailingStepNamesTheStepAndExitsNonZero() throws Exception {
        Path file = dir.resolve("fails.groovy");
        Files.writeString(file, """
                step('Split in two') { net.split('10.0.0.0/24', 2) }
                step('Check the halves') { check net.split('10.0.0.0/24', 2).size() == 3, 'three halves' }
                step('Never reached') { }
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScriptRunner.run(file,
                new ScriptHost(shell.session(), shell.invoker(), printed::add, Style.PLAIN, List.of()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(1, status);
        assertEquals("netshell: fails.groovy: step 'Check the halves' failed: check failed: three halves",
                err.toString(StandardCharsets.UTF_8).strip());
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("✓ Split in two")), String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(l -> l.startsWith("✗ Check the halves")), String.join("\n", printed));
        assertFalse(printed.stream().anyMatch(l -> l.contains("Never reached")));

        Files.writeString(file, "step('Bad input') { net.split('10.0.0.0/24', 3) }\n");
        err.reset();
        status = ScriptRunner.run(file,
                new ScriptHost(shell.session(), shell.invoker(), printed::add, Style.PLAIN, List.of()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .contains("step 'Bad input' failed: net split: 3 is not a power of two"));

        Files.writeString(file, "say 'x'\nnet.split('10.0.0.0/24', 2\n");
        err.reset();
        status = ScriptRunner.run(file,
                new ScriptHost(shell.session(), shell.invoker(), printed::add, Style.PLAIN, List.of()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("fails.groovy:"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void replLinesAreGroovyWithAPersistentBinding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Scripting.replGroovy(shell.session(), shell.invoker(), o, Style.PLAIN, s -> {});
        Executor e = new Executor(shell.invoker(), o, new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN,
                false);
        assertEquals(0, e.execute("def halves = net.split('10.0.0.0/24', 2)"));
        out.reset();
        assertEquals(0, e.execute("halves.size() + [1, 2].sum { it * 10 }"));
        assertEquals("32", out.toString(StandardCharsets.UTF_8).strip());
        out.reset();
        assertEquals(0, e.execute("net split 10.0.0.0/24 4 | count"), "commands still go through the shell grammar");
        assertEquals("5", out.toString(StandardCharsets.UTF_8).strip());
        assertEquals(2, e.execute("nett split 10.0.0.0/24"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'nett'"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void callWordsMapNamesOptionsAndLists() {
        var spec = CommandSpec.of("lb", "x", Verb.of("add-vip", "x", (a, c) -> null,
                Param.positional("vip", "v"), Param.option("on", "n"),
                Param.option("backend", "b").asRepeatable(),
                Param.flag("no-address", "f")));
        Object[] args = {Map.of("backends", List.of("10.0.0.2:80", "10.0.0.130:80")), "192.168.56.100:80"};
        assertEquals(
                List.of("lb", "add-vip", "--backend", "10.0.0.2:80", "--backend", "10.0.0.130:80", "192.168.56.100:80"),
                CallWords.of(spec, "addVip", args));
        Object[] flags = {new LinkedHashMap<>(Map.of("noAddress", true)), "-1"};
        assertEquals(List.of("lb", "add-vip", "--no-address", "--", "-1"), CallWords.of(spec, "addVip", flags));
        assertInstanceOf(BadInput.class,
                Assertions.assertThrows(RuntimeException.class,
                        () -> CallWords.of(spec, "nope", new Object[0])));
    }

    @Test
    void aLibCommandIsLikeABuiltIn() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("greet.groovy"),
                """
                        command('greet', 'greetings from a lib file') {
                            verb('hello', 'greet someone, N times') {
                                arg 'name', 'who to greet'
                                option 'times', 'how often', default: '1'
                                option 'peer', 'a peer', completes: { ['alpha', 'beta'] }
                                flag 'loud', 'shout'
                                run { a, ctx -> (1..a.integer('times', 1, 10)).collect { \
                        [name: a.loud ? a.name.toUpperCase() : a.name, n: it] } }
                            }
                        }
                        """);
        Files.writeString(lib.resolve("broken.groovy"), "// a lib file with a syntax error on line 2\ndef x = ;\n");
        List<String> notices = new ArrayList<>();
        shell.session().notices(notices::add);
        Libraries.install(shell.session(), List.of(lib));

        assertTrue(shell.run("help").out().contains("greet  "), shell.run("help").out());
        assertTrue(notices.stream().anyMatch(n -> n.contains("broken.groovy:2:")), notices.toString());
        ShellCompleter completer = new ShellCompleter(shell.session());
        assertTrue(completer.suggest(List.of()).stream().anyMatch(s -> s.value().equals("greet")));
        assertEquals(List.of("hello"),
                completer.suggest(List.of("greet")).stream().map(ShellCompleter.Suggestion::value).toList());
        assertEquals(List.of("alpha", "beta"), completer.suggest(List.of("greet", "hello", "bob", "--peer")).stream()
                .map(ShellCompleter.Suggestion::value).toList());
        assertTrue(
                completer.suggest(List.of("greet", "hello", "bob")).stream().anyMatch(s -> s.value().equals("--loud")));

        TestShell.Run piped = shell.run("greet hello bob --times 3 | grep bob | count");
        assertEquals("3", piped.out().strip(), piped.err());
        TestShell.Run json = shell.run("greet hello bob --loud --json");
        assertEquals(0, json.status(), json.err());
        assertTrue(json.out().contains("\"name\": \"BOB\""), json.out());
        assertEquals(2, shell.run("greet hello bob --times 11").status());

        assertEquals(shell.invoke("greet hello bob --times 2"), script("greet.hello('bob', times: 2)"));
        assertEquals(shell.invoke("greet hello bob --loud"), script("sh 'greet hello bob --loud'"));
    }
}
