package netshell.script;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import netshell.command.CommandFailed;
import netshell.command.CommandOutcome;
import netshell.command.Session;
import netshell.command.Target;
import netshell.core.BadInput;
import netshell.node.Node;
import netshell.node.NodeException;
import netshell.shell.CommandLine;
import netshell.shell.Executor;
import netshell.shell.Invoker;
import netshell.shell.LineParser;
import netshell.shell.Renderer;
import netshell.shell.Style;

/**
 * What scripts (and Groovy lines in the REPL) may do, independent of Groovy itself: run commands through
 * the shell's Invoker (the one way in), narrate, group steps, and pick their nodes from the target.
 * Output goes to one line printer: stdout for ./shell FILE, the REPL's terminal, or a command's live rows.
 */
public final class ScriptHost {
    private final Session session;
    private final Invoker invoker;
    private final Consumer<String> printer;
    private final Style style;
    private final List<String> args;
    private Object groovyState;

    public ScriptHost(Session session, Invoker invoker, Consumer<String> printer, Style style, List<String> args) {
        this.session = session;
        this.invoker = invoker;
        this.printer = printer;
        this.style = style;
        this.args = List.copyOf(args);
    }

    public Session session() { return session; }
    public Style style() { return style; }
    public List<String> args() { return args; }
    public void print(String line) { printer.accept(line); }

    /** Groovy's state for this host (its binding), made by {@code make} on first use; Object keeps Groovy out. */
    synchronized Object groovyState(java.util.function.Supplier<Object> make) {
        if (groovyState == null) groovyState = make.get();
        return groovyState;
    }

    /**
     * Runs one command line. A single command returns its typed result; a line with pipes or ; runs like
     * the REPL and returns the printed lines. Failure throws: BadInput (bad input, exit 2) or CommandFailed,
     * with the command's one-line message.
     */
    public Object sh(String line) {
        if (invoker.wantsSource(line)) return call(List.of(line));
        List<CommandLine> commands = LineParser.parse(line);
        if (commands.isEmpty()) return null;
        if (commands.size() == 1 && commands.get(0).filters().isEmpty() && commands.get(0).redirect() == null) {
            return call(commands.get(0).words(), commands.get(0).quoted());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Executor executor = new Executor(invoker, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Style.PLAIN, false);
        int status = executor.execute(line);
        String problem = err.toString(StandardCharsets.UTF_8).strip().replaceFirst("^netshell: ", "");
        if (status == Executor.USAGE) throw new BadInput(problem);
        if (status != Executor.OK)
            throw new CommandFailed(problem.isEmpty() ? "'" + line + "' exited " + status : problem);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Runs a line as the prompt does and prints what the prompt would: {@code record FILE.groovy} writes one call per
     * line typed. A line that fails stops the script, with the line's own message.
     */
    public int line(String text) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new LineOutput(printer), true, StandardCharsets.UTF_8);
        Executor executor = new Executor(invoker, out, new PrintStream(err, true, StandardCharsets.UTF_8), style,
                false);
        int status = executor.execute(text);
        out.flush();
        String problem = err.toString(StandardCharsets.UTF_8).strip().replaceFirst("^netshell: ", "");
        if (status == Executor.USAGE) throw new BadInput(problem);
        if (status != Executor.OK)
            throw new CommandFailed(problem.isEmpty() ? "'" + text + "' exited " + status : problem);
        return status;
    }

    /** Bytes printed by the Executor, handed on line by line. */
    private static final class LineOutput extends java.io.OutputStream {
        private final Consumer<String> printer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineOutput(Consumer<String> printer) { this.printer = printer; }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                printer.accept(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            } else {
                pending.write(b);
            }
        }
    }

    /** Runs a command given as words, through the Invoker; live rows (explain lines, packets) are printed. */
    public Object call(List<String> words) {
        return call(words, Set.of());
    }

    /** As call(words), knowing which words were quoted (node commands do not read them as names). */
    public Object call(List<String> words, Set<Integer> quoted) {
        String label = invoker.label(words);
        String prefix = label.isEmpty() ? "" : label + ": ";
        Object result;
        try {
            result = invoker.invoke(words, quoted, this::live);
        } catch (BadInput e) {
            throw new BadInput(prefix + e.getMessage());
        } catch (NodeException e) {
            String where = e.node() != null && !e.getMessage().startsWith(e.node()) ? e.node() + ": " : "";
            throw new CommandFailed(prefix + where + e.getMessage(), e);
        } catch (CommandFailed e) {
            throw new CommandFailed(prefix + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed(prefix + "interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailed(prefix + e.getMessage(), e);
        }
        if (result instanceof CommandOutcome o && o.failed()) throw new CommandFailed(prefix + o.failureSummary());
        return result;
    }

    void live(Object row) {
        synchronized (printer) {
            if (row instanceof String s) printer.accept(s);
            else
                Renderer.lines(row, style).forEach(printer);
        }
    }

    /** Narration: what the walkthrough would tell the reader at this point. */
    public void say(String text) {
        for (String line : text.strip().split("\n", -1)) printer.accept(style.cyan(line.strip().isEmpty() ? "" : line));
    }

    /** Prints a result the way the shell does (a table, key/values, text). */
    public void show(Object result) {
        Renderer.lines(result, style).forEach(printer);
    }

    /** Runs one walkthrough step, reports ✓ or ✗ with its time, and names the step when it fails. */
    public Object step(String title, Callable<?> body) {
        printer.accept(style.bold("▶ " + title));
        long start = System.nanoTime();
        try {
            Object r = body.call();
            printer.accept(style.green("✓ " + title) + style.dim(" (" + seconds(start) + ")"));
            return r;
        } catch (StepFailed inner) {
            printer.accept(style.red("✗ " + title) + style.dim(" (" + seconds(start) + ")"));
            throw inner; // the innermost step is the one to name
        } catch (Throwable t) {
            printer.accept(
                    style.red("✗ " + title + ": " + ScriptErrors.message(t)) + style.dim(" (" + seconds(start) + ")"));
            throw new StepFailed(title, t);
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** A verification: throws CheckFailed (exit 1) naming what did not hold. */
    public void check(boolean ok, String what) {
        if (!ok) throw new CheckFailed("check failed: " + what);
        printer.accept(style.green("  ✓ ") + what);
    }

    /**
     * As check(ok, what), saying on failure what was expected and what was seen: {@code check ok, 'both backends
     * answer on the VIP', expected: …, saw: …}. Only a failure prints them: a pass is the claim, ticked.
     */
    public void check(boolean ok, String what, Object expected, Object saw) {
        if (!ok) throw new CheckFailed("check failed: " + what + ": expected " + expected + ", saw " + saw);
        printer.accept(style.green("  ✓ ") + what);
    }

    /**
     * The script's nodes: those named by {@code --nodes a,b} in its arguments, else every node of the target.
     */
    public List<NodeHandle> nodes() {
        List<String> named = namedNodes();
        List<NodeHandle> out = new ArrayList<>();
        if (named != null) {
            for (String n : named) out.add(new NodeHandle(one(n), this));
        } else {
            for (Node n : session.fleet().nodes()) out.add(new NodeHandle(n, this));
        }
        return out;
    }

    /**
     * The first {@code count} nodes of the script: on the lab, brings it up (or grows it) first; elsewhere a
     * clear error when the target has too few.
     */
    public List<NodeHandle> need(int count) {
        List<String> named = namedNodes();
        if (named == null) {
            Target t = session.target();
            boolean docker = flag("docker");
            if (t.isLab() && t.fleet().nodes().size() < count) {
                say("The lab has " + t.fleet().nodes().size() + " node(s); bringing it up with " + count
                        + " (lab up --nodes " + count + (docker ? " --docker" : "") + ").");
                call(docker
                        ? List.of("lab", "up", "--nodes", String.valueOf(count), "--docker")
                        : List.of("lab", "up", "--nodes", String.valueOf(count)));
            } else if (t.isLab() && docker && !t.fleet().nodes().stream().limit(count).allMatch(
                    n -> n.ownDockerHost().isPresent())) {
                say("Giving the lab's nodes a Docker engine each (lab up --nodes " + count + " --docker).");
                call(List.of("lab", "up", "--nodes", String.valueOf(count), "--docker"));
            }
        }
        List<NodeHandle> all = nodes();
        if (all.size() < count) {
            throw new BadInput("this script needs " + count + " nodes; "
                    + (named != null ? "--nodes names " : "the target has ") + all.size());
        }
        return all.subList(0, count);
    }

    private Node one(String name) {
        List<Node> found = session.select(name);
        if (found.size() != 1) throw new BadInput("--nodes: '" + name + "' names " + found.size() + " nodes");
        return found.get(0);
    }

    /** The value of --nodes a,b (or --nodes=a,b) in the script's arguments, or null. */
    List<String> namedNodes() {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--nodes") && i + 1 < args.size()) return Arrays.asList(args.get(i + 1).split(","));
            if (a.startsWith("--nodes=")) return Arrays.asList(a.substring(8).split(","));
        }
        return null;
    }

    /** Whether {@code --name} is among the script's arguments. */
    public boolean flag(String name) {
        return args.contains("--" + name);
    }

    /**
     * What a free name means in a script: the node list, a command (net, lb, a lib command), or a node;
     * null when it is none of these.
     */
    public Object resolve(String name) {
        if (name.equals("nodes")) return nodes();
        var spec = session.registry().find(CallWords.kebab(name));
        if (spec.isPresent()) return new CommandHandle(spec.get(), this);
        if (session.fleet().names().contains(name)) return new NodeHandle(session.select(name).get(0), this);
        return null;
    }
}
