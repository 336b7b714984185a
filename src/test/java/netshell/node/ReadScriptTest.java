package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Several reads in one process give, per argv, what each would have given alone. */
class ReadScriptTest {
    static final List<List<String>> READS = List.of(List.of("echo", "a b"),
            List.of("sh", "-c", "echo out; echo \"it's bad\" >&2; exit 3"), List.of("printf", "%s", "no newline"),
            List.of("printf", ""), List.of("sh", "-c", "printf '[1]\\n[2]\\n'"), List.of("no-such-command-ns13"));

    @Test
    void oneProcessSameResultsAsOneByOne() {
        LocalNode local = new LocalNode("local");
        List<ExecResult> together = local.runAll(READS);
        assertEquals(READS.size(), together.size());
        // Alone, a missing program cannot even start; in the script it is exit 127 like in any shell.
        assertEquals(127, together.get(READS.size() - 1).exit());
        for (int i = 0; i < READS.size() - 1; i++) {
            ExecResult alone = local.run(READS.get(i));
            ExecResult one = together.get(i);
            assertEquals(alone.stdout(), one.stdout(), "stdout of " + READS.get(i));
            assertEquals(alone.ok(), one.ok(), "status of " + READS.get(i));
            if (i == 1) assertEquals(3, one.exit());
            if (i == 1) assertEquals("it's bad", one.stderr());
            assertEquals(READS.get(i), one.argv());
        }
    }

    @Test
    void aScriptThatCannotRunFailsEveryRead() {
        ExecResult whole = new ExecResult("n", List.of("sh"), 255, "", "ssh: connection lost", Duration.ZERO);
        List<ExecResult> r = ReadScript.split("n", READS.subList(0, 2), whole);
        assertEquals(List.of(255, 255), r.stream().map(ExecResult::exit).toList());
        assertEquals("ssh: connection lost", r.get(1).stderr());
    }
}
