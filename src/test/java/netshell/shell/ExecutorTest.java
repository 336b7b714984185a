package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.app.Commands;
import netshell.command.Session;

/** Runs lines in-process and checks what reaches stdout, stderr and the exit status. */
class ExecutorTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String line, Style style) {
        Executor e = new Executor(new Invoker(Commands.plugIn(new Session(Commands.registry()))),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), style, false);
        return e.execute(line);
    }

    int run(String line) { return run(line, Style.PLAIN); }
    String out() { return out.toString(StandardCharsets.UTF_8); }
    String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void splitPrintsAnAlignedTable() {
        assertEquals(0, run("net split 10.0.0.0/24 2"));
        assertEquals("""
                CIDR           NETWORK     FIRST       LAST        BROADCAST   USABLE
                10.0.0.0/25    10.0.0.0    10.0.0.1    10.0.0.126  10.0.0.127     126
                10.0.0.128/25  10.0.0.128  10.0.0.129  10.0.0.254  10.0.0.255     126
                """, out());
    }

    @Test
    void jsonHasExactlyTheDocumentedKeys() {
        assertEquals(0, run("net split 10.0.0.0/24 2 --json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) new JsonSlurper()
                .parseText(out());
        assertEquals(2, rows.size());
        assertEquals(List.of("cidr", "network", "first", "last", "broadcast", "usable"),
                List.copyOf(rows.get(1).keySet()));
        assertEquals("10.0.0.128/25", rows.get(1).get("cidr"));
        assertEquals(126, ((Number) rows.get(1).get("usable")).intValue());
    }

    @Test
    void pipeIntoJsonEqualsTheFlag() {
        run("net info 10.0.0.1/24 | json");
        String piped = out();
        out.reset();
        run("net info 10.0.0.1/24 --json");
        assertEquals(piped, out());
        assertTrue(piped.contains("\"binary\": \"00001010.00000000.00000000.00000001\""), piped);
    }

    @Test
    void textFilters() {
        run("net split 10.0.0.0/24 8 | grep -v CIDR | count");
        assertEquals("8\n", out());
        out.reset();
        run("net split 10.0.0.0/24 8 | grep '^10.0.0.6' | head 1");
        assertTrue(out().startsWith("10.0.0.64/27"), out());
        out.reset();
        run("net split 10.0.0.0/24 4 | tail 2 | sort");
        assertEquals(2, out().lines().count());
        assertTrue(out().lines().findFirst().get().startsWith("10.0.0.128/26"), out());
        out.reset();
        run("net split 10.0.0.0/24 4 | grep -i cidr");
        assertTrue(out().startsWith("CIDR"), out());
    }

    @Test
    void redirectAndTee(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("split.txt");
        assertEquals(0, run("net split 10.0.0.0/24 2 > " + f));
        assertEquals("", out());
        assertEquals(3, Files.readAllLines(f).size());
        assertEquals(0, run("net split 10.0.0.0/24 2 | grep 128 >> " + f));
        assertEquals(4, Files.readAllLines(f).size());
        Path t = dir.resolve("tee.txt");
        assertEquals(0, run("net info 10.0.0.1/24 | tee " + t + " | grep netmask"));
        assertEquals("netmask:   255.255.255.0\n", out());
        assertEquals(12, Files.readAllLines(t).size());
    }

    @Test
    void colourOnlyOnTheTerminalNeverInPipes() {
        run("net split 10.0.0.0/24 2", new Style(true));
        assertTrue(out().contains("\u001b["), "colour on a terminal");
        out.reset();
        run("net split 10.0.0.0/24 2 | head 5", new Style(true));
        assertFalse(out().contains("\u001b["), "no colour in a pipe: " + out());
    }

    @Test
    void badInputIsExitTwoWithOneLine() {
        assertEquals(2, run("net split 10.0.0.0/24 3"));
        assertEquals("netshell: net split: 3 is not a power of two\n", err());
        err.reset();
        assertEquals(2, run("net split 10.0.0.0/24 2 | frobnicate"));
        assertTrue(err().contains("unknown filter 'frobnicate'"), err());
        assertEquals("", out(), "a bad pipe fails before the command runs");
        err.reset();
        assertEquals(2, run("nosuch thing"));
        assertTrue(err().startsWith("netshell: unknown command 'nosuch'"), err());
        err.reset();
        assertEquals(2, run("net split 10.0.0.0/24 2 --nope"));
        assertTrue(err().contains("unknown option '--nope'"), err());
        err.reset();
        assertEquals(2, run("net 'open"));
        assertEquals(1, err().lines().count());
    }

    @Test
    void semicolonRunsBothAndReportsTheWorst() {
        assertEquals(2, run("net split 10.0.0.0/24 3; net info 10.0.0.1/32"));
        assertTrue(out().contains("10.0.0.1"), out());
    }

    @Test
    void helpAndQuestionMark() {
        assertEquals(0, run("help"));
        assertTrue(out().contains("net "), out());
        out.reset();
        assertEquals(0, run("net split --help"));
        assertTrue(out().startsWith("usage: net split CIDR [PARTS] [--prefix PREFIX]"), out());
        out.reset();
        assertEquals(0, run("net ?"));
        assertTrue(out().contains("diagram") && out().contains("an ASCII picture"), out());
        out.reset();
        assertEquals(0, run("net contains 10.0.0.0/24 ?"));
        assertTrue(out().contains("ADDRESS"), out());
    }
}
