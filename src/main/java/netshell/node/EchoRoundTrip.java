package netshell.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import netshell.core.DaemonThreads;

/**
 * A transport's round trip: a line sent to a process on the node that copies its input to its output ({@code cat})
 * and read back, over a channel that is already open, so neither a login nor a process start is counted. The
 * fastest of a few rounds is the answer, as ping's minimum: the others waited on a loaded machine, not the link.
 */
final class EchoRoundTrip {
    static final int ROUNDS = 5;
    private static final ScheduledExecutorService WATCHDOG = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("echo-watchdog", true));

    private EchoRoundTrip() {}

    /** {@code abort} ends the echo (closes the channel, kills the process) when no answer comes within timeout. */
    static Duration measure(String node, OutputStream toNode, InputStream fromNode, Duration timeout,
            Runnable abort) {
        return measure(node, toNode, fromNode, timeout, abort, System::nanoTime);
    }

    /** As above, timed by {@code clock} (nanoseconds). */
    static Duration measure(String node, OutputStream toNode, InputStream fromNode, Duration timeout,
            Runnable abort, LongSupplier clock) {
        var watchdog = WATCHDOG.schedule(abort, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < ROUNDS; i++) {
                long start = clock.getAsLong();
                toNode.write('\n');
                toNode.flush();
                int c = fromNode.read();
                if (c != '\n')
                    throw new NodeException(node, "no echo from " + node + " within " + timeout.toSeconds()
                            + " s");
                best = Math.min(best, clock.getAsLong() - start);
            }
            return Duration.ofNanos(best);
        } catch (IOException e) {
            throw new NodeException(node, "no echo from " + node + ": " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }
}
