package netshell.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A local process whose merged stdout/stderr lines are delivered; cancel kills it with its descendants. */
final class ProcessLineStream implements LineStream {
    private final Process process;
    private final Thread reader;
    private volatile boolean cancelled;

    ProcessLineStream(String node, Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = Processes.daemon(node + "-stream", () -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    if (!cancelled) onLine.accept(line);
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
        reader.join();
        return cancelled ? -1 : exit;
    }
}
