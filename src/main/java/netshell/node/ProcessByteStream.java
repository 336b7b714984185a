package netshell.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A local process whose stdout is delivered as bytes, as they arrive (a binary stream such as {@code tcpdump -w -}),
 * and whose stderr lines are delivered apart; cancel kills it with its descendants.
 */
final class ProcessByteStream implements LineStream {
    private final Process process;
    private final Thread out;
    private final Thread err;
    private volatile boolean cancelled;

    ProcessByteStream(String node, Process process, Consumer<byte[]> onBytes, Consumer<String> onErrorLine) {
        this.process = process;
        this.out = Processes.daemon(node + "-bytes", () -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    if (n > 0 && !cancelled) onBytes.accept(Arrays.copyOf(buffer, n));
                }
            } catch (IOException ignored) {
                // Stream closed by cancel.
            }
        });
        this.err = Processes.daemon(node + "-stderr", () -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    if (!cancelled) onErrorLine.accept(line);
                }
            } catch (IOException ignored) {
                // Stream closed by cancel.
            }
        });
    }

    @Override
    public void cancel() {
        cancelled = true;
        Processes.killTree(process.toHandle());
    }

    @Override
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        out.join();
        err.join();
        return cancelled ? -1 : exit;
    }
}
