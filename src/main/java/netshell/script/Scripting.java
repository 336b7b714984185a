package netshell.script;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import netshell.core.DaemonThreads;
import netshell.command.Session;
import netshell.shell.Invoker;
import netshell.shell.Style;

/**
 * How the shell reaches scripting. Nothing here loads Groovy: the classes that do are touched only when a
 * script runs, a Groovy line is typed, a lib command is needed, or the REPL warms up in the background.
 */
public final class Scripting {
    private Scripting() {}

    /** The {@code script} command and the lib/ commands (lazy) for a session. */
    public static void install(Session session, Invoker invoker, Style style) {
        session.registry().add(ScriptCommand.spec(style, invoker));
        session.declarations(new GroovyDeclarations());
        Libraries.install(session, Libraries.dirs());
    }

    /** Lines that are no command are Groovy, printing to {@code out} (-c): the same language as the prompt. */
    public static void lineGroovy(Session session, Invoker invoker, PrintStream out, Style style) {
        session.declarations(new GroovyDeclarations());
        invoker.fallback(new GroovyLines(new ScriptHost(session, invoker, out::println, style, List.of())));
    }

    /**
     * Runs {@code ./shell FILE.groovy ARGS…}; returns the exit code. The script's lines given to {@code sh} or
     * {@code line} that are Groovy share the script's binding.
     */
    public static int runFile(Session session, Invoker invoker, String file, List<String> args, PrintStream out,
            PrintStream err, Style style, boolean debug) {
        ScriptHost host = new ScriptHost(session, invoker, out::println, style, args);
        invoker.fallback(new GroovyLines(host));
        return ScriptRunner.run(Path.of(file), host, err, debug);
    }

    /** Adds the Groovy fallback to a REPL invoker; returns the background warm-up to start after the first prompt. */
    public static Runnable replGroovy(Session session, Invoker invoker, PrintStream out, Style style,
            Consumer<String> report) {
        GroovyLines lines = new GroovyLines(new ScriptHost(session, invoker, out::println, style, List.of()));
        invoker.fallback(lines);
        return () -> DaemonThreads.start("netshell-groovy-warmup", () -> {
            try {
                Thread.sleep(150); // let the prompt draw first
                lines.warmUp();
                session.registry().all(); // lib/ files compile now, not on the first Tab
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | LinkageError e) {
                report.accept("Groovy warm-up failed: " + e);
            }
        });
    }
}
