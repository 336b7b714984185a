package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.testing.Eventually;
import netshell.testing.TestTimeouts;

/**
 * Ctrl-C on a command that has printed something: its processes go, and what it printed is kept in the outcome
 * (CommandCancelled) instead of being dropped with the pipe.
 */
class CancelledOutputTest {
    @TempDir
    Path tmp;

    @Test
    void aCancelledCommandKeepsWhatItPrintedAndLeavesNoProcess() throws Exception {
        Path mark = tmp.resolve("printed");
        Path pid = tmp.resolve("pid");
        List<String> argv = List.of("sh", "-c", "echo got-it; echo $$ > \"$1\"; touch \"$2\"; exec sleep 60", "sh",
                pid.toString(), mark.toString());
        AtomicReference<FleetResult<ExecResult>> result = new AtomicReference<>();
        try (Fleet fleet = new Fleet(List.of(new LocalNode("node1")))) {
            Thread caller = new Thread(() -> result.set(fleet.each(fleet.nodes(), n -> n.run(argv))));
            caller.start();
            try {
                Eventually.until(Duration.ofSeconds(10), () -> Files.exists(mark), "the command ran");
            } finally {
                caller.interrupt();
            }
            caller.join(TestTimeouts.scaledMillis(10_000));
            assertFalse(caller.isAlive(), "Ctrl-C returns");
        }
        Outcome<ExecResult> o = result.get().outcomes().get(0);
        assertEquals("cancelled", o.error());
        CommandCancelled c = assertInstanceOf(CommandCancelled.class, o.exception());
        assertEquals("got-it\n", c.partial().stdout());
        long shell = Long.parseLong(Files.readString(pid).strip());
        assertFalse(ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false), "its process is gone");
    }
}
