package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The echo that times a transport: the fastest of its rounds, over streams that are already open. */
class EchoRoundTripTest {

    /** A node whose answers take the given times (ns) on a clock of the test's own: each write advances it. */
    static final class ScriptedEcho extends OutputStream {
        final AtomicLong clock = new AtomicLong();
        final long[] delays;
        int round;

        ScriptedEcho(long... delays) {
            this.delays = delays;
        }

        @Override
        public void write(int b) {
            clock.addAndGet(delays[round++]);
        }
    }

    @Test
    void takesTheFastestRound() {
        ScriptedEcho echo = new ScriptedEcho(9_000_000, 40_000, 25_000, 300_000, 31_000);
        Duration d = EchoRoundTrip.measure("node1", echo, new ByteArrayInputStream("\n\n\n\n\n".getBytes()),
                Duration.ofSeconds(5), () -> {}, echo.clock::get);
        assertEquals(Duration.ofNanos(25_000), d);
        assertEquals(EchoRoundTrip.ROUNDS, echo.round);
    }

    @Test
    void anEchoThatEndsIsAnErrorNamingTheNode() {
        NodeException e = assertThrows(NodeException.class, () -> EchoRoundTrip.measure("node7",
                new ByteArrayOutputStream(), new ByteArrayInputStream("\n".getBytes()), Duration.ofSeconds(5),
                () -> {}));
        assertTrue(e.getMessage().contains("no echo from node7"), e.getMessage());
    }

    @Test
    void aSilentNodeIsAbortedByTheWatchdog() throws IOException {
        PipedInputStream silent = new PipedInputStream();
        PipedOutputStream writer = new PipedOutputStream(silent);
        NodeException e = assertThrows(NodeException.class, () -> EchoRoundTrip.measure("node2",
                new ByteArrayOutputStream(), silent, Duration.ofMillis(50), () -> {
                    try {
                        writer.close(); // what closing the channel does: the reader sees the end
                    } catch (IOException ignored) {
                        // closed already
                    }
                }));
        assertTrue(e.getMessage().contains("no echo from node2"), e.getMessage());
    }
}
