package netshell.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.jcraft.jsch.ChannelExec;

/** A remote command's output lines; its first stdout line is the pid of its process group (see SshNode.stream). */
final class SshLineStream implements LineStream {
    private final SshNode node;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Consumer<String> onLine;
    /** Set for a binary stream: stdout (after the pid line) goes here as bytes, stderr lines to onLine. */
    private final Consumer<byte[]> onBytes;
    private final CountDownLatch pidKnown = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(2);
    private volatile int pid = -1;
    private volatile boolean cancelled;
    private ChannelExec channel;
    private boolean ended;

    SshLineStream(SshNode node, ChannelExec channel, InputStream stdout, InputStream stderr, Consumer<String> onLine) {
        this(node, stdout, stderr, onLine, null);
    }

    /** A binary stream: stdout's bytes to onBytes, stderr's lines to onErrorLine. */
    SshLineStream(SshNode node, InputStream stdout, InputStream stderr, Consumer<String> onErrorLine,
            Consumer<byte[]> onBytes) {
        this.node = node;
        this.stdout = stdout;
        this.stderr = stderr;
        this.onLine = onErrorLine;
        this.onBytes = onBytes;
    }

    void start(ChannelExec channel) {
        this.channel = channel;
        if (onBytes != null) Processes.daemon(node.name() + "-ssh-bytes", this::readBytes);
        else
            Processes.daemon(node.name() + "-ssh-stdout", () -> read(stdout, true));
        Processes.daemon(node.name() + "-ssh-stderr", () -> read(stderr, false));
    }

    private void read(InputStream in, boolean firstLineIsPid) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                if (firstLineIsPid && pid < 0 && pidKnown.getCount() > 0) {
                    try {
                        pid = Integer.parseInt(line.strip());
                    } catch (NumberFormatException e) {
                        onLine.accept(line);
                    }
                    pidKnown.countDown();
                    continue;
                }
                if (!cancelled) onLine.accept(line);
            }
        } catch (IOException ignored) {
            // Channel closed by cancel.
        } finally {
            if (firstLineIsPid) pidKnown.countDown();
            done.countDown();
        }
    }

    /** The pid line, then stdout's bytes as they come. */
    private void readBytes() {
        try (stdout) {
            StringBuilder pidLine = new StringBuilder();
            for (int c; (c = stdout.read()) >= 0 && c != '\n';) pidLine.append((char) c);
            try {
                pid = Integer.parseInt(pidLine.toString().strip());
            } catch (NumberFormatException e) {
                onLine.accept(pidLine.toString()); // the wrapper failed (no setsid?): its complaint, not a pid
            }
            pidKnown.countDown();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = stdout.read(buffer)) >= 0;) {
                if (n > 0 && !cancelled) onBytes.accept(Arrays.copyOf(buffer, n));
            }
        } catch (IOException ignored) {
            // Channel closed by cancel.
        } finally {
            pidKnown.countDown();
            done.countDown();
        }
    }

    /**
     * Kills the remote process group, also when the caller was interrupted (Ctrl-C): a cancel is done once, and one
     * cut short would leave the process running. The caller's interrupt is kept for it.
     */
    @Override
    public void cancel() {
        synchronized (this) {
            if (cancelled || ended) return;
            cancelled = true;
        }
        boolean interrupted = Thread.interrupted();
        try {
            pidKnown.await(5, TimeUnit.SECONDS);
            if (pid > 0 && !channel.isClosed()) node.killGroup(pid);
        } catch (InterruptedException e) {
            interrupted = true; // interrupted again while waiting for the pid: nothing is known to kill
        } finally {
            end();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void end() {
        synchronized (this) {
            if (ended) return;
            ended = true;
        }
        node.streamEnded(channel);
    }

    @Override
    public int waitFor() throws InterruptedException {
        while (!channel.isClosed() && !ended) Thread.sleep(10);
        done.await(2, TimeUnit.SECONDS);
        int exit = channel.getExitStatus();
        end();
        return cancelled ? -1 : exit;
    }
}
