package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netshell.app.Commands;
import netshell.command.Session;
import netshell.core.BadInput;

/**
 * Throws generated argument strings (random bytes, shell metacharacters, unicode, huge numbers,
 * near-valid mutations) at every net command and at the line parser, through the whole shell:
 * every line must end in success or one clean error line, never an exception or an internal error.
 */
class BadInputFuzzTest {
    static final List<String> VERBS = List.of("net info", "net split", "net diagram", "net contains", "net overlap",
            "net split --prefix");
    static final String[] PIECES = {"10.0.0.0/24", "10.0.0.1", "/", "33", "256", "-1", "0", "2", "4",
            "99999999999999999999999",
            "'", "\"", ";", "|", ">", ">>", "#", "$(id)", "`id`", "\\", "&&", "*", "?", "--json", "--", "-", "é", "🙂",
            "\u0000",
            "\n", "\t", " ", "..", "0x10", "1e9", "+1", "10.0.0.0/", "/24", "255.255.255.255/32", "0.0.0.0/0", "grep",
            "count"};

    @Test
    void tenThousandGeneratedLinesOnlyEverFailCleanly() {
        Random random = new Random(20261126L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Executor executor = new Executor(new Invoker(Commands.plugIn(new Session(Commands.registry()))),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN, false);
        int ok = 0;
        int usage = 0;
        for (int i = 0; i < 10_000; i++) {
            String line = VERBS.get(random.nextInt(VERBS.size())) + " " + args(random);
            if (line.contains(">")) continue; // redirects would write files: the parser test below covers them
            err.reset();
            out.reset();
            int status = executor.execute(line);
            String e = err.toString(StandardCharsets.UTF_8);
            if (status == 0) ok++;
            else if (status == 2) usage++;
            else
                fail("status " + status + " for " + printable(line) + ": " + e);
            assertTrue(!e.contains("internal error") && !e.contains("Exception"), printable(line) + " → " + e);
            if (status == 2) {
                long commands = commandsIn(line);
                assertTrue(e.lines().count() >= 1 && e.lines().count() <= Math.max(1, commands),
                        "one error line per command for " + printable(line) + ": " + e);
            }
        }
        assertTrue(ok > 50 && usage > 5000, "both outcomes occur: ok=" + ok + " usage=" + usage);
    }

    @Test
    void theParserRejectsOnlyWithBadInput() {
        Random random = new Random(7L);
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            String line = random.nextBoolean() ? args(random) : randomBytes(random);
            try {
                LineParser.parse(line);
                parsed++;
            } catch (BadInput e) {
                assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() == 1, e.getMessage());
            } catch (RuntimeException e) {
                fail("parser threw " + e + " for " + printable(line));
            }
        }
        assertTrue(parsed > 1000 && parsed < 10_000, "parsed " + parsed);
    }

    static long commandsIn(String line) {
        try {
            return LineParser.parse(line).size();
        } catch (BadInput e) {
            return 1;
        }
    }

    static String args(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            switch (r.nextInt(4)) {
                case 0 -> sb.append(PIECES[r.nextInt(PIECES.length)]);
                case 1 ->
                    sb.append(r.nextInt(300)).append('.').append(r.nextInt(300)).append('.').append(r.nextInt(300))
                            .append('.').append(r.nextInt(300)).append('/').append(r.nextInt(40) - 3);
                case 2 -> sb.append(PIECES[r.nextInt(PIECES.length)]).append(PIECES[r.nextInt(PIECES.length)]);
                default -> sb.append(Long.toString(r.nextLong()));
            }
        }
        return sb.toString();
    }

    static String randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String printable(String s) {
        return s.replace("\n", "\\n").replace("\u0000", "\\0");
    }
}
