package netshell.script;

import java.util.Set;

import netshell.command.Context;
import netshell.shell.Invoker;

/**
 * Where the shell sends a line that is neither a command nor a node command: Groovy, evaluated with one binding
 * for the whole session (so {@code x = net.split('10.0.0.0/24', 2)} then {@code x[1].first} works). This class
 * stays free of Groovy types so that the REPL reaches its prompt without loading Groovy; the evaluator is created
 * on first use or by warmUp() in the background.
 */
final class GroovyLines implements Invoker.Fallback {
    /** Words Groovy surely owns: a line starting with one is not asked about nodes. */
    private static final Set<String> GROOVY_WORDS = Set.of("def", "var", "if", "for", "while", "switch", "try",
            "assert", "return", "import", "new", "throw", "class", "println", "print", "printf", "sleep", "sh",
            "say", "show", "step", "check", "need", "data", "flag", "line");

    private final ScriptHost host;
    private GroovyEval eval;

    GroovyLines(ScriptHost host) {
        this.host = host;
    }

    ScriptHost host() { return host; }

    synchronized GroovyEval eval() {
        if (eval == null) eval = new GroovyEval(host);
        return eval;
    }

    /**
     * Loads Groovy and runs its compiler once, off the prompt's thread (a line new to the cache then compiles fast).
     */
    void warmUp() {
        eval().warmUp();
    }

    @Override
    public boolean knows(String word) { return GROOVY_WORDS.contains(word); }

    @Override
    public Object run(String source, Context ctx) {
        return eval().evaluate(source);
    }
}
