package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.app.Launch;
import netshell.command.ArgParser;
import netshell.command.Args;
import netshell.command.Explained;
import netshell.command.Session;
import netshell.command.Target;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.script.Scripting;

/**
 * The grammar's one rule and its one parser, in-process on a dry run of two nodes with Groovy behind the shell as
 * at the prompt and in -c: commands, node commands and Groovy lines, options read only before a node's command,
 * repeatable options, --confirm where a command changes nodes, typos, {@code ?} and {@code time}.
 */
class GrammarTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Session session = Commands.session(() -> Target.dryRun(2));
    final Invoker invoker = Launch.newInvoker(session);
    final Executor executor;

    GrammarTest() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Scripting.install(session, invoker, Style.PLAIN);
        Scripting.lineGroovy(session, invoker, o, Style.PLAIN);
        executor = new Executor(invoker, o, new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN, false);
    }

    int run(String line) {
        out.reset();
        err.reset();
        return executor.execute(line);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }
    String err() { return err.toString(StandardCharsets.UTF_8).strip(); }

    static List<String> words(String line) { return LineParser.parse(line).get(0).words(); }

    @Test
    void theRuleCommandsNodeCommandsAndEverythingElseGroovy() {
        assertEquals(Invoker.Kind.COMMAND, invoker.kind(words("net split 10.0.0.0/24 2")));
        assertEquals(Invoker.Kind.COMMAND, invoker.kind(words("all hostname")));
        assertEquals(Invoker.Kind.NODES, invoker.kind(words("node1 df -h")));
        assertEquals(Invoker.Kind.NODES, invoker.kind(words("node[1-2] hostname")));
        assertEquals(Invoker.Kind.NODES, invoker.kind(words("node* hostname")));
        assertEquals(Invoker.Kind.GROOVY, invoker.kind(words("x[1].first")));
        assertEquals(Invoker.Kind.GROOVY, invoker.kind(words("x[0]")));
        assertEquals(Invoker.Kind.GROOVY, invoker.kind(List.of("node1.run('hostname').out")));
        assertEquals(Invoker.Kind.GROOVY, invoker.kind(words("node1 = 3")), "an assignment is Groovy");
        assertEquals(Invoker.Kind.GROOVY, invoker.kind(words("node1")), "a node alone is Groovy (its handle)");
    }

    @Test
    void groovyLinesAfterASplitAsAtThePrompt() {
        assertEquals(0, run("x = net.split('10.0.0.0/24', 2)"), err());
        assertEquals(0, run("x[1].first"), err());
        assertEquals("10.0.0.129", out().strip());
        assertEquals(0, run("x[0]"), err());
        assertTrue(out().contains("10.0.0.0/25"), out());
        assertEquals(0, run("x = 2 + 2; println x"), err());
        assertEquals("4", out().strip());
    }

    @Test
    void aGroovyErrorNamesTheGroovyProblem() {
        assertEquals(1, run("node1.run('hostname').out"));
        assertTrue(err().startsWith("netshell: no property 'out' on ExecResult; it has "), err());
        assertTrue(err().contains("stdout") && err().contains("stderr") && err().contains("exit"), err());
        assertEquals(0, run("node1.run('hostname').stdout"), err());
    }

    @Test
    void aNodesCommandKeepsItsOwnOptions() throws Exception {
        List<Object> live = new ArrayList<>();
        invoker.invoke(words("node1 --literal df -h"), live::add);
        assertEquals(List.of("df", "-h"), ((Explained) live.get(0)).argv());
        live.clear();
        invoker.invoke(words("all -x node2 ls --json -l"), live::add);
        assertEquals(1, live.size(), "node2 left out: " + live);
        assertEquals(List.of("ls", "--json", "-l"), ((Explained) live.get(0)).argv());
        Verb exec = Commands.registry().find("container").get().verb("exec").get();
        assertEquals(List.of("df", "-h"), ArgParser.parse(exec, List.of("c1", "df", "-h")).all("command"));
        assertEquals(2, run("all --strem true"));
        assertEquals("netshell: unknown option '--strem' (did you mean '--stream'?)", err());
    }

    @Test
    void aRepeatableOptionTakesEveryFormItsUsageShows() {
        Verb addVip = Commands.registry().find("lb").get().verb("add-vip").get();
        for (String line : List.of("192.168.56.100:80 --backend 10.0.0.2:80 --backend 10.0.0.3:80",
                "192.168.56.100:80 --backend 10.0.0.2:80,10.0.0.3:80",
                "192.168.56.100:80 --backend 10.0.0.2:80 10.0.0.3:80",
                "--backend 10.0.0.2:80 10.0.0.3:80 192.168.56.100:80")) {
            Args a = ArgParser.parse(addVip, words(line));
            assertEquals(List.of("10.0.0.2:80", "10.0.0.3:80"), a.all("backend"), line);
            assertEquals("192.168.56.100:80", a.get("vip"), line);
        }
        assertTrue(ArgParser.usage(addVip).contains("[--backend BACKEND…]"), ArgParser.usage(addVip));
    }

    @Test
    void confirmOnlyWhereACommandChangesNodes() {
        Verb show = Commands.registry().find("lb").get().verb("show").get();
        Verb delete = Commands.registry().find("lb").get().verb("delete").get();
        Verb capture = Commands.registry().find("tcpdump").get().verbs().get(0);
        assertThrows(BadInput.class, () -> ArgParser.parse(show, words("--confirm 5")));
        assertThrows(BadInput.class, () -> ArgParser.parse(capture, words("vxlan --confirm 5")));
        assertEquals("5", ArgParser.parse(delete, words("1.2.3.4:80 --confirm 5")).get("confirm"));
        assertFalse(show.offeredOptions().stream().anyMatch(p -> p.name().equals("confirm")));
        assertTrue(delete.offeredOptions().stream().anyMatch(p -> p.name().equals("confirm")));
        Args cap = ArgParser.parse(capture, words("eth1 udp port 4789 -c 5 --raw"));
        assertEquals(List.of("udp", "port", "4789"), cap.all("expr"));
        assertEquals("5", cap.get("count"));
    }

    @Test
    void typosGetOneSuggestionAndOnePrefix() {
        assertEquals(2, run("net splt 10.0.0.0/24 2"));
        assertEquals("netshell: net: unknown sub-command 'splt' (did you mean 'split'?)", err());
        assertEquals(2, run("nett split 10.0.0.0/24 2"));
        assertEquals("netshell: unknown command 'nett' (did you mean 'net'?)", err());
        assertEquals(2, run("net split 10.0.0.0/24 --prefx 25"));
        assertEquals("netshell: net split: unknown option '--prefx' (did you mean '--prefix'?)", err());
        assertEquals(2, run("nod1 hostname"));
        assertEquals("netshell: unknown command 'nod1' (did you mean 'node1'?)", err());
        assertEquals(2, run("on nod1 hostname"));
        assertEquals("netshell: no such node: nod1 (did you mean 'node1'? --ignore-missing leaves it out)", err());
    }

    @Test
    void aQuestionMarkAfterAPrefixListsWhatStartsWithIt() {
        assertEquals(0, run("ne?"), err());
        List<String> firstWords = out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
        assertEquals(List.of("net"), firstWords, out());
        assertEquals(0, run("no?"), err());
        assertTrue(out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList().containsAll(List.of("nodes", "node1")),
                out());
        assertEquals(0, run("net s?"), err());
        assertTrue(out().contains("split") && !out().contains("info"), out());
        assertEquals(0, run("node1 echo what?"), "the node's words are the node's: " + err());
        assertEquals(0, run("node1 echo ''"), "an empty last word: " + err());
    }

    @Test
    void timePrintsTheResultThenItsWallTime() {
        assertEquals(0, run("time net split 10.0.0.0/24 2"), err());
        List<String> lines = out().lines().toList();
        assertTrue(lines.get(0).startsWith("CIDR"), out());
        assertTrue(lines.get(lines.size() - 1).matches("time: \\d+\\.\\d ms"), out());
        assertEquals(2, run("time net splt 1"));
        assertEquals("netshell: net: unknown sub-command 'splt' (did you mean 'split'?)", err());
    }

    @Test
    void aMarkdownRecordingHasNoEscapeCodes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Executor coloured = new Executor(invoker, new PrintStream(screen, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Style(true), false);
        java.nio.file.Path md = dir.resolve("s.md");
        assertEquals(0, coloured.execute("record " + md));
        assertEquals(0, coloured.execute("nodes"));
        assertEquals(0, coloured.execute("net split 10.0.0.0/24 2"));
        assertEquals(0, coloured.execute("record stop"));
        assertTrue(screen.toString(StandardCharsets.UTF_8).contains("\u001b["), "the screen has colour");
        String text = java.nio.file.Files.readString(md);
        assertTrue(text.contains("10.0.0.128/25") && !text.contains("\u001b"), text);
    }

    @Test
    void helpSyntaxStatesTheRule() {
        assertEquals(0, run("help syntax"), err());
        assertTrue(out().contains("first word is a command") && out().contains("node set followed by more words")
                && out().contains("Anything else is Groovy"), out());
    }
}
