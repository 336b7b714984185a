package netshell.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import netshell.core.DaemonThreads;

/** Runs local processes for LocalNode and NetnsNode: stdin fed, stdout/stderr drained on their own threads. */
final class Processes {
    /** How long a kill waits for the killed processes to be gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(1);

    private Processes() {}

    static ExecResult run(String node, List<String> argv, List<String> command, String stdin) {
        long start = System.nanoTime();
        Process process = start(node, command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Separate drains: a process that fills one pipe while we wait on the other would deadlock.
        Thread outDrain = drain(process.getInputStream(), out, node + "-stdout");
        Thread errDrain = drain(process.getErrorStream(), err, node + "-stderr");
        Thread feeder = feed(process.getOutputStream(), stdin, node + "-stdin");
        try {
            int exit = process.waitFor();
            outDrain.join();
            errDrain.join();
            feeder.join();
            return new ExecResult(node, argv, exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            // The pipes close with the processes: take in what they had written (briefly), then say cancelled.
            joinBriefly(outDrain);
            joinBriefly(errDrain);
            Thread.currentThread().interrupt();
            throw new CommandCancelled(node, new ExecResult(node, argv, -1, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start)), e);
        }
    }

    private static void joinBriefly(Thread drain) {
        try {
            drain.join(DRAIN_WAIT.toMillis());
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt(); // cancelled twice: give up on the rest
        }
    }

    /** How long a cancelled command's output is still taken in once its processes are killed. */
    private static final Duration DRAIN_WAIT = Duration.ofMillis(300);

    static Process start(String node, List<String> command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NodeException(node, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Kills a process and everything it started (descendants first, so none is re-parented and missed). */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        // SIGKILL is delivered at once but a process is gone only when reaped: wait (briefly) for that, so that
        // whoever cancelled may count on nothing being left.
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle p : concat(process, descendants)) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // cancelled again: stop waiting
            } catch (ExecutionException | TimeoutException e) {
                return; // not gone in time: nothing more to do here
            }
        }
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static Thread drain(InputStream in, OutputStream sink, String name) {
        return daemon(name, () -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // The process was killed; what was read so far is kept.
            }
        });
    }

    private static Thread feed(OutputStream stdin, String text, String name) {
        return daemon(name, () -> {
            try (stdin) {
                if (text != null) stdin.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The command exited without reading all of its input; its exit status tells.
            }
        });
    }

    static Thread daemon(String name, Runnable body) {
        return DaemonThreads.start(name, body);
    }
}
