package netshell.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import netshell.command.ArgParser;
import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Timed;
import netshell.core.BadInput;

/**
 * Turns the words of one command into its typed result: resolves the command and verb, takes the
 * flags every command has (--explain, --dry-run, --help, and ? for what comes next), parses the rest
 * and calls the handler. The REPL, -c and Groovy's {@code sh} all come through here.
 */
public final class Invoker {
    /** Lines that are not a registered command: raw node commands, Groovy. First match wins. */
    public interface Fallback {
        boolean handles(List<String> words);

        Object run(List<String> words, Context ctx) throws Exception;

        /** As run(words, ctx), knowing which words were quoted (their indexes in words). */
        default Object run(List<String> words, Set<Integer> quoted, Context ctx) throws Exception {
            return run(words, ctx);
        }

        /**
         * A fallback that reads the line as typed (Groovy), not as shell words: such a line skips the
         * shell grammar (quotes, | and ; mean what Groovy says), and run() gets it as its one word.
         */
        default boolean readsSource() { return false; }

        /**
         * Whether the words are surely this fallback's, decided without creating anything (no target, no
         * Groovy): such lines skip the lib/ commands, whose loading compiles Groovy.
         */
        default boolean claims(List<String> words) { return false; }
    }

    private final Session session;
    private final List<Fallback> fallbacks = new ArrayList<>();

    public Invoker(Session session) {
        this.session = session;
    }

    public Session session() { return session; }

    public Invoker addFallback(Fallback f) {
        fallbacks.add(f);
        return this;
    }

    /**
     * Whether a typed line belongs to a source-reading fallback (Groovy): true when its first word is not
     * help, ?, a command or a word another fallback takes (a node name), or when the shell grammar cannot
     * even split it.
     */
    public boolean wantsSource(String line) {
        if (fallbacks.stream().noneMatch(Fallback::readsSource)) return false;
        List<String> words;
        try {
            var commands = LineParser.parse(line);
            if (commands.isEmpty()) return false;
            words = commands.get(0).words();
        } catch (BadInput e) {
            return true;
        }
        String first = words.get(0);
        if (first.equals("help") || first.equals("?") || words.get(words.size() - 1).equals("?")) return false;
        if (session.registry().has(first) || rawFallback(words)) return false;
        if (session.registry().find(first).isPresent()) return false;
        for (Fallback f : fallbacks) {
            if (!f.readsSource() && f.handles(words)) return false;
        }
        return true;
    }

    /** "net split" for error messages: the command and its verb, as far as they resolve. */
    public String label(List<String> words) {
        if (words.isEmpty() || !registered(words)) return "";
        var spec = session.registry().find(words.get(0));
        if (spec.isEmpty()) return "";
        if (spec.get().hasSubcommands() && words.size() > 1 && spec.get().verb(words.get(1)).isPresent()) {
            return words.get(0) + " " + words.get(1);
        }
        return words.get(0);
    }

    /** Whether the words name a command (built in, or from lib/ unless a fallback surely takes them). */
    public boolean registered(List<String> words) {
        Registry registry = session.registry();
        String first = words.get(0);
        return registry.has(first) || !rawFallback(words) && registry.find(first).isPresent();
    }

    private boolean rawFallback(List<String> words) {
        for (Fallback f : fallbacks) if (f.claims(words)) return true;
        return false;
    }

    public Object invoke(List<String> words, Consumer<Object> live) throws Exception {
        return invoke(words, Set.of(), live);
    }

    /** {@code quoted}: the indexes of the words that were quoted (see CommandLine). */
    public Object invoke(List<String> words, Set<Integer> quoted, Consumer<Object> live) throws Exception {
        if (words.isEmpty()) return null;
        List<String> rest = new ArrayList<>(words);
        boolean explain = session.explainAll();
        boolean dryRun = session.dryRunAll();
        Registry registry = session.registry();
        String first = rest.get(0);
        // Built-ins, then node words (all, on, node1…), then lib/ commands: asking for those compiles lib/
        // with Groovy, which a raw fan-out such as `all true` must not pay for.
        boolean registered = registered(rest);
        if (rest.get(rest.size() - 1).equals("?")) {
            return Help.next(registry, rest.subList(0, rest.size() - 1), session.nodeWords());
        }
        if (first.equals("help")) return help(rest.subList(1, rest.size()));
        if (first.equals("time")) return timed(rest.subList(1, rest.size()), shifted(quoted), live);
        if (!registered) {
            for (Fallback f : fallbacks) {
                if (f.handles(rest))
                    return f.run(rest, quoted, new Context(session, dryRun, explain, live, null, words));
            }
            throw new BadInput("unknown command '" + first + "' (try 'help')");
        }
        CommandSpec spec = registry.find(first).get();
        if (rest.remove("--help") || rest.remove("-h") && !spec.hasSubcommands()) return help(rest);
        explain |= rest.remove("--explain");
        dryRun |= rest.remove("--dry-run");
        Integer confirm = ChangeGuard.takeConfirm(rest);
        Registry.Resolved resolved = registry.resolve(rest);
        Args args = ArgParser.parse(resolved.verb(), rest.subList(resolved.consumed(), rest.size()));
        return resolved.verb().handler().run(args, new Context(session, dryRun, explain, live, confirm, words));
    }

    /** {@code time COMMAND…}: runs the command and reports its wall-clock time after its output. */
    private Object timed(List<String> words, Set<Integer> quoted, Consumer<Object> live) throws Exception {
        if (words.isEmpty()) throw new BadInput("usage: time COMMAND…");
        long start = System.nanoTime();
        Object result = invoke(words, quoted, live);
        double ms = (System.nanoTime() - start) / 1e6;
        String shown = String.join("\n", Renderer.lines(result, Style.PLAIN));
        String text = (shown.isEmpty() ? "" : shown + "\n") + String.format(Locale.ROOT, "time: %.1f ms", ms);
        return new Timed(result, ms, text);
    }

    /** The quoted indexes once the first word is dropped. */
    private static Set<Integer> shifted(Set<Integer> quoted) {
        Set<Integer> out = new HashSet<>();
        for (int i : quoted) {
            if (i > 0) out.add(i - 1);
        }
        return out;
    }

    private String help(List<String> topic) {
        Registry registry = session.registry();
        if (topic.isEmpty()) return Help.overview(registry);
        CommandSpec spec = registry.find(topic.get(0))
                .orElseThrow(() -> new BadInput("no help for '" + topic.get(0) + "' (try 'help')"));
        if (topic.size() > 1 && spec.hasSubcommands()) {
            return Help.verb(spec, spec.verb(topic.get(1))
                    .orElseThrow(() -> new BadInput(spec.name() + ": unknown sub-command '" + topic.get(1) + "'")));
        }
        return Help.command(spec);
    }
}
