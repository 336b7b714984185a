package netshell.shell;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;

/**
 * Redraws the prompt while the user types when its text changes by itself: a --confirm countdown ticks each
 * second and goes when the change is confirmed or its deadline passes. Costs nothing while the prompt is steady.
 */
final class PromptClock implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "netshell-prompt-clock");
        t.setDaemon(true);
        return t;
    });
    private volatile String shown;

    PromptClock(LineReader reader, Supplier<String> prompt) {
        timer.scheduleAtFixedRate(() -> tick(reader, prompt), 1, 1, TimeUnit.SECONDS);
    }

    /** The prompt a readLine is about to show. */
    void showing(String prompt) {
        shown = prompt;
    }

    private void tick(LineReader reader, Supplier<String> prompt) {
        try {
            String now = prompt.get();
            if (now.equals(shown) || !reader.isReading() || !(reader instanceof LineReaderImpl impl)) return;
            shown = now;
            impl.setPrompt(now);
            reader.callWidget(LineReader.REDRAW_LINE);
            reader.callWidget(LineReader.REDISPLAY);
        } catch (RuntimeException e) {
            // the reader finished the line meanwhile: the next prompt is drawn fresh anyway
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
