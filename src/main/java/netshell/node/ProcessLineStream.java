package netshell.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A local process whose output is delivered as it arrives, each stream read on a thread of its own: merged
 * stdout/stderr as lines ({@link #lines}), or stdout as bytes (a binary stream such as {@code tcpdump -w -}) with
 * stderr lines apart ({@link #bytes}). Cancel kills the process with its descendants.
 */
final class ProcessLineStream implements LineStream {
    private final Process process;
    private final List<Thread> readers;
    private volatile boolean cancelled;

    private ProcessLineStream(Process process, List<Thread> readers) {
        this.process = process;
        this.readers = readers;
    }

    static ProcessLineStream lines(String node, Process process, Consumer<String> onLine) {
        ProcessLineStream s = new ProcessLineStream(process, new ArrayList<>());
        s.readers.add(Processes.daemon(node + "-stream", () -> s.readLines(process.getInputStream(), onLine)));
        return s;
    }

    static ProcessLineStream bytes(String node, Process process, Consumer<byte[]> onBytes,
            Consumer<String> onErrorLine) {
        ProcessLineStream s = new ProcessLineStream(process, new ArrayList<>());
        s.readers.add(Processes.daemon(node + "-bytes", () -> s.readBytes(process.getInputStream(), onBytes)));
        s.readers.add(Processes.daemon(node + "-stderr", () -> s.readLines(process.getErrorStream(), onErrorLine)));
        return s;
    }

    private void readLines(InputStream stream, Consumer<String> onLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (!cancelled) onLine.accept(line);
            }
        } catch (IOException ignored) {
            // Stream closed by cancel.
        }
    }

    private void readBytes(InputStream stream, Consumer<byte[]> onBytes) {
        try (InputStream in = stream) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (n > 0 && !cancelled) onBytes.accept(Arrays.copyOf(buffer, n));
            }
        } catch (IOException ignored) {
            // Stream closed by cancel.
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Processes.killTree(process.toHandle());
    }

    @Override
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        for (Thread t : readers) t.join();
        return cancelled ? -1 : exit;
    }
}
