package netshell.shell;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

import netshell.core.DaemonThreads;

/**
 * The interactive loop. Each line runs on a worker thread so that Ctrl-C can interrupt it
 * (cancelling the command on every node) and return to the prompt; Ctrl-D or exit leaves.
 */
public final class Repl {
    private final Executor executor;
    private final Terminal terminal;
    private final Path historyFile;
    private final Supplier<String> prompt;
    private final ShellCompleter completer;
    private final Runnable afterFirstPrompt;
    private TailTips tips;

    public Repl(Executor executor, Terminal terminal, Path historyFile, Supplier<String> prompt,
            ShellCompleter completer, Runnable afterFirstPrompt) {
        this.executor = executor;
        this.terminal = terminal;
        this.historyFile = historyFile;
        this.prompt = prompt;
        this.completer = completer;
        this.afterFirstPrompt = afterFirstPrompt;
    }

    public LineReader reader() {
        TerminalLines.prepare(terminal);
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEscapeChars(new char[]{'\\'});
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("netshell")
                .completer(completer)
                .parser(parser)
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, 5000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_GROUP, true)
                .option(LineReader.Option.GROUP, true)
                .build();
        reader.setAutosuggestion(LineReader.SuggestionType.HISTORY);
        if (!Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            tips = TailTips.install(reader, executor.invoker().session());
        }
        return reader;
    }

    /** Runs until exit, quit or Ctrl-D; returns the status of the last command. */
    public int run() {
        LineReader reader = reader();
        ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("netshell-command", false));
        int last = Executor.OK;
        boolean first = true;
        PromptClock clock = new PromptClock(reader, prompt);
        try {
            while (true) {
                String line;
                try {
                    if (first && afterFirstPrompt != null) {
                        first = false;
                        afterFirstPrompt.run();
                    }
                    if (tips != null) tips.apply(executor.invoker().session().tailTips());
                    String shown = prompt.get();
                    clock.showing(shown);
                    line = reader.readLine(shown);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                String trimmed = line.strip();
                if (trimmed.equals("exit") || trimmed.equals("quit")) break;
                if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
                last = runInterruptibly(worker, line);
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (Exception ignored) {
                /* history is a convenience */ }
            worker.shutdownNow();
            clock.close();
        }
        return last;
    }

    /** How long a cancelled command may take to print what it had and its summary before the prompt returns. */
    private static final long CANCEL_GRACE_SECONDS = 10;

    private int runInterruptibly(ExecutorService worker, String line) {
        // The Ctrl-C handler is in place before the command starts, so no early Ctrl-C is lost.
        CountDownLatch finished = new CountDownLatch(1);
        FutureTask<Integer> running = new FutureTask<>(() -> {
            try {
                return executor.execute(line);
            } finally {
                finished.countDown();
            }
        });
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> running.cancel(true));
        worker.execute(running);
        try {
            return running.get();
        } catch (CancellationException e) {
            // The command prints what it had received, a line per node it cancelled and its summary: all of
            // that before the next prompt, not after it.
            try {
                finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            terminal.flush();
            return Executor.INTERRUPTED;
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return Executor.INTERRUPTED;
        } catch (ExecutionException e) {
            terminal.writer().println("netshell: " + e.getCause());
            return Executor.FAILED;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }
}
