package netshell.script;

import java.io.PrintStream;
import java.util.List;

import netshell.command.Context;
import netshell.command.Session;
import netshell.shell.Invoker;
import netshell.shell.Style;

/**
 * The REPL's last fallback: a line that is neither a command nor a node name is Groovy, evaluated with one
 * binding for the whole session (so {@code x = net.split('10.0.0.0/24', 2)} then {@code x.size()} works).
 * This class stays free of Groovy types so that the REPL reaches its prompt without loading Groovy; the
 * evaluator is created on first use or by warmUp() in the background.
 */
final class GroovyLines implements Invoker.Fallback {
    private final ScriptHost host;
    private GroovyEval eval;

    GroovyLines(Session session, Invoker invoker, PrintStream out, Style style) {
        this.host = new ScriptHost(session, invoker, out::println, style, List.of());
    }

    private synchronized GroovyEval eval() {
        if (eval == null) eval = new GroovyEval(host);
        return eval;
    }

    /** Loads and compiles Groovy once, off the prompt's thread. */
    void warmUp() {
        eval().evaluate("1 + 1");
    }

    @Override
    public boolean handles(List<String> words) { return true; }

    @Override
    public boolean readsSource() { return true; }

    @Override
    public Object run(List<String> words, Context ctx) {
        return eval().evaluate(words.size() == 1 ? words.get(0) : String.join(" ", words));
    }
}
