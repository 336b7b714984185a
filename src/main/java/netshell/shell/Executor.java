package netshell.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.core.BadInput;
import netshell.node.NodeException;
import netshell.node.RoundTrips;

/**
 * Runs a typed line: each ;-separated command through the Invoker, its result and live rows
 * through the filters, into the terminal or a file. Maps failures to exit codes and one-line errors.
 */
public final class Executor {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERRUPTED = 130;

    private final Invoker invoker;
    private final PrintStream out;
    private final PrintStream err;
    private volatile Style style;
    private final boolean jsonByDefault;
    private volatile boolean debug;
    private final List<Consumer<Transcript>> listeners = new ArrayList<>();

    /** One executed command, for recording: the source text and the lines it printed. */
    public record Transcript(String source, List<String> lines, int status) {}

    public Executor(Invoker invoker, PrintStream out, PrintStream err, Style style, boolean jsonByDefault) {
        this.invoker = invoker;
        this.out = out;
        this.err = err;
        this.style = style;
        this.jsonByDefault = jsonByDefault;
    }

    public Invoker invoker() { return invoker; }
    public void debug(boolean on) { debug = on; }
    public void addListener(Consumer<Transcript> l) { listeners.add(l); }

    /** Runs every command of the line; the status is the worst of them (0, 1 or 2; 130 when interrupted). */
    public int execute(String line) {
        if (invoker.wantsSource(line)) return execute(new CommandLine(List.of(line), List.of(), null, line));
        List<CommandLine> commands;
        try {
            commands = LineParser.parse(line);
        } catch (BadInput e) {
            err.println("netshell: " + oneLine(e.getMessage()));
            return USAGE;
        }
        int worst = OK;
        for (CommandLine c : commands) {
            int status = execute(c);
            worst = Math.max(worst, status);
            if (status == INTERRUPTED) break;
        }
        return worst;
    }

    public int execute(CommandLine command) {
        List<String> words = command.words();
        List<String> printed = new ArrayList<>();
        String label = invoker.label(words);
        Writer file = null;
        int status = OK;
        Object result = null;
        try {
            Invoker.Call call = invoker.prepare(words, command.quoted());
            label = call.label();
            boolean json = jsonByDefault || call.json();
            boolean plain = !command.filters().isEmpty() || command.redirect() != null;
            Consumer<String> lineOut;
            if (command.redirect() != null) {
                Writer w = file = Filters.FileOutput.open(command.redirect().file(), command.redirect().append());
                lineOut = s -> { write(w, s); printed.add(Style.strip(s)); };
            } else {
                lineOut = s -> { out.println(s); printed.add(Style.strip(s)); };
            }
            Sink sink = Filters.terminal(lineOut, plain ? Style.PLAIN : style);
            List<CommandLine.Filter> filters = new ArrayList<>(command.filters());
            if (json) filters.add(0, new CommandLine.Filter("json", List.of()));
            for (int i = filters.size() - 1; i >= 0; i--) sink = Filters.build(filters.get(i), sink);
            Sink pipeline = sink;
            result = call.run(row -> {
                synchronized (pipeline) {
                    pipeline.accept(row);
                }
            });
            synchronized (pipeline) {
                if (result != null) pipeline.accept(result);
                pipeline.finish();
            }
            if (result instanceof CommandOutcome o && o.failed()) {
                err.println(style.red("netshell: " + prefix(label) + oneLine(o.failureSummary())));
                status = o.failedStatus() == USAGE ? USAGE : FAILED;
            }
        } catch (BadInput e) {
            err.println("netshell: " + prefix(label) + oneLine(e.getMessage()));
            status = USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("netshell: " + prefix(label) + "interrupted");
            status = INTERRUPTED;
        } catch (CommandFailed | NodeException e) {
            String where = e instanceof NodeException ne && ne.node() != null && !e.getMessage().startsWith(ne.node())
                    ? ne.node() + ": "
                    : "";
            err.println("netshell: " + prefix(label) + where + oneLine(e.getMessage()));
            if (debug) e.printStackTrace(err);
            status = Thread.currentThread().isInterrupted() ? INTERRUPTED : FAILED;
        } catch (OutOfMemoryError e) {
            // The launcher caps the heap so that a surprise fails here, in one line, not on the operator's machine.
            err.println("netshell: " + prefix(label) + "out of memory (heap cap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB; NETSHELL_HEAP=2g raises it)");
            status = FAILED;
        } catch (Exception | StackOverflowError e) {
            // Anything else is our bug: still one line, with the stack trace only under --debug.
            err.println("netshell: " + prefix(label) + "internal error: " + e);
            if (debug) e.printStackTrace(err);
            status = FAILED;
        } finally {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    err.println("netshell: " + e.getMessage());
                }
            }
            out.flush();
        }
        if (RoundTrips.on()) err.println(RoundTrips.takeLine());
        Transcript t = new Transcript(command.source(), printed, status);
        listeners.forEach(l -> l.accept(t));
        var recorder = invoker.session().recorder();
        if (recorder != null) recorder.record(t.source(), t.lines(), t.status());
        invoker.session().commandEnded(t.source(), t.status(), result);
        return status;
    }

    /** An error is one line: user input echoed in a message may carry newlines or control characters. */
    static String oneLine(String message) {
        if (message == null) return "";
        StringBuilder sb = new StringBuilder();
        message.strip().codePoints().forEach(c -> {
            if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (Character.isISOControl(c)) sb.append(String.format("\\x%02x", c));
            else
                sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    private static String prefix(String label) { return label.isEmpty() ? "" : label + ": "; }

    private static void write(Writer w, String line) {
        try {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void style(Style s) { this.style = s; }
}
