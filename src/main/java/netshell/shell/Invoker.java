package netshell.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import netshell.command.ArgParser;
import netshell.command.Args;
import netshell.command.ChangeGuard;
import netshell.command.CommandSpec;
import netshell.command.Context;
import netshell.command.Param;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Timed;
import netshell.command.Verb;
import netshell.core.BadInput;
import netshell.node.Fleet;

/**
 * Reads one line by the grammar's one rule and turns it into its typed result: a line whose first word is a
 * command is that command; a node or node set followed by more words is a node command (read as
 * {@code on NODES …}); anything else is Groovy. Every command, node commands included, is parsed against its
 * declared spec (ArgParser), --json, --explain, --dry-run, --help and --confirm among its parameters. The REPL,
 * -c, scripts and Groovy's {@code sh} all come through here.
 */
public final class Invoker {
    /** Where lines go that are neither a command nor a node command: Groovy. */
    public interface Fallback {
        /** Evaluates the line as typed. */
        Object run(String source, Context ctx) throws Exception;

        /**
         * Whether Groovy surely knows the word (a keyword, a helper such as println), decided without creating
         * anything: such a line is not asked about nodes, so a Groovy one-liner does not create the target.
         */
        default boolean knows(String word) { return false; }
    }

    /** What a line is, by the grammar's rule. */
    public enum Kind { COMMAND, NODES, GROOVY }

    /** A line read and parsed, ready to run: {@code json} when it asked for --json; {@code label} for its errors. */
    public record Call(String label, boolean json, boolean local, Body body) {
        public Object run(Consumer<Object> live) throws Exception { return body.run(live); }
    }

    /** The work of a Call. */
    public interface Body {
        Object run(Consumer<Object> live) throws Exception;
    }

    private final Session session;
    private volatile Fallback fallback;

    public Invoker(Session session) {
        this.session = session;
        session.registry().add("help", this::helpSpec).add("time", this::timeSpec);
        session.lines(this::runLine);
    }

    /**
     * A line of a file (an exercise's set-up or solution) read as the prompt reads it: each of its commands' typed
     * results. A pipe or a redirect is refused: the caller wants results, not text.
     */
    public List<Object> runLine(String line, Consumer<Object> live) throws Exception {
        if (wantsSource(line)) return java.util.Collections.singletonList(invoke(List.of(line), live));
        List<Object> out = new ArrayList<>();
        for (CommandLine c : LineParser.parse(line)) {
            if (!c.filters().isEmpty() || c.redirect() != null)
                throw new BadInput("'" + line + "': a pipe or a redirect has no place in a line run for its result");
            out.add(invoke(c.words(), c.quoted(), live));
        }
        return out;
    }

    public Session session() { return session; }

    /** Lines that are no command and no node command go to {@code f} (Groovy). */
    public Invoker fallback(Fallback f) {
        fallback = f;
        return this;
    }

    public boolean hasFallback() { return fallback != null; }

    /** The grammar's rule, for the words of one command. */
    public Kind kind(List<String> words) {
        String first = words.get(0);
        Registry registry = session.registry();
        if (registry.has(first)) return Kind.COMMAND;
        // Node words before lib/ commands: asking for those compiles lib/ with Groovy, which `web1 true` must not pay.
        if (words.size() > 1 && !groovyOperator(words.get(1)) && (fallback == null || !fallback.knows(first))
                && session.namesNodes(first)) {
            return Kind.NODES;
        }
        if (registry.find(first).isPresent()) return Kind.COMMAND;
        return Kind.GROOVY;
    }

    /** {@code x = …}, {@code x += 1}, {@code x .size()}: a second word no node command starts with. */
    private static boolean groovyOperator(String word) {
        return word.matches("[=+*/%<>!?:&|^~.(,{].*|-=|--|-|\\+\\+");
    }

    /**
     * Whether a typed line is Groovy source (read as typed, not as shell words): true when its first command is
     * neither a command nor a node command by the rule, or when the shell grammar cannot even split it.
     */
    public boolean wantsSource(String line) {
        if (fallback == null) return false;
        List<String> words;
        try {
            var commands = LineParser.parse(line);
            if (commands.isEmpty()) return false;
            words = commands.get(0).words();
        } catch (BadInput e) {
            return true;
        }
        if (asksWhatNext(words)) return false;
        return kind(words) == Kind.GROOVY;
    }

    /** "net split" for error messages: the command and its verb, as far as they resolve; none for node commands. */
    public String label(List<String> words) {
        if (words.isEmpty() || !session.registry().has(words.get(0)) && kind(words) != Kind.COMMAND) return "";
        var spec = session.registry().find(words.get(0));
        if (spec.isEmpty() || Set.of("on", "all", "help", "time").contains(spec.get().name())) return "";
        if (spec.get().hasSubcommands() && words.size() > 1 && spec.get().verb(words.get(1)).isPresent()) {
            return words.get(0) + " " + words.get(1);
        }
        return words.get(0);
    }

    public Object invoke(List<String> words, Consumer<Object> live) throws Exception {
        return invoke(words, Set.of(), live);
    }

    /** {@code quoted}: the indexes of the words that were quoted (see CommandLine). */
    public Object invoke(List<String> words, Set<Integer> quoted, Consumer<Object> live) throws Exception {
        return prepare(words, quoted).run(live);
    }

    /** Reads and parses the words (BadInput when they are wrong); the returned Call runs them. */
    public Call prepare(List<String> words, Set<Integer> quoted) {
        if (words.isEmpty()) return new Call("", false, true, live -> null);
        Registry registry = session.registry();
        if (asksWhatNext(words)) return new Call("", false, true, live -> whatNext(words));
        Kind kind = kind(words);
        if (kind == Kind.GROOVY) {
            if (fallback == null) throw registry.unknownCommand(words.get(0), nodeNames());
            String source = words.size() == 1 ? words.get(0) : LineParser.join(words, quoted);
            Fallback f = fallback;
            return new Call("", false, false, live -> f.run(source,
                    new Context(session, session.dryRunAll(), session.explainAll(), live, null, words)));
        }
        List<String> line = new ArrayList<>(words);
        Set<Integer> lineQuoted = quoted;
        if (kind == Kind.NODES) {
            line.add(0, "on");
            lineQuoted = shifted(quoted, -1);
        }
        String label = label(line);
        CommandSpec spec = registry.find(line.get(0)).orElseThrow();
        if (spec.hasSubcommands() && line.size() > 1 && isHelp(line.get(1)))
            return new Call(label, false, true, live -> Help.command(spec));
        Registry.Resolved resolved = registry.resolve(line);
        Verb verb = resolved.verb();
        int consumed = resolved.consumed();
        Args args = ArgParser.parse(verb, line.subList(consumed, line.size()), shifted(lineQuoted, consumed));
        if (args.flag(Param.HELP.name())) return new Call(label, false, true, live -> Help.verb(spec, verb));
        boolean explain = session.explainAll() || args.flag(Param.EXPLAIN.name());
        boolean dryRun = session.dryRunAll() || args.flag(Param.DRY_RUN.name());
        Integer confirm = args.has("confirm") ? ChangeGuard.confirmSeconds(args.get("confirm")) : null;
        return new Call(label, args.flag(Param.JSON.name()), verb.runsNothing(), live -> verb.handler().run(args,
                new Context(session, dryRun, explain, live, confirm, words)));
    }

    private static boolean isHelp(String word) { return word.equals("--help") || word.equals("-h"); }

    /** {@code net split ?} or {@code ne?}: the line asks what may come next. */
    private boolean asksWhatNext(List<String> words) {
        String last = words.get(words.size() - 1);
        if (last.equals("?")) return true;
        if (last.isEmpty()) return false;
        String prefix = last.substring(0, last.length() - 1);
        if (!last.endsWith("?") || !prefix.matches("-{0,2}[A-Za-z0-9][\\w-]*")) return false;
        if (words.size() == 1) return true;
        var spec = session.registry().find(words.get(0));
        if (spec.isEmpty() || Set.of("help", "time").contains(words.get(0))) return false;
        return words.size() == 2 && spec.get().hasSubcommands() || last.startsWith("-") && !inRest(words);
    }

    /** Whether the last word falls in a verbatim rest (a node's command), where '?' is the node's. */
    private boolean inRest(List<String> words) {
        var spec = session.registry().find(words.get(0)).orElseThrow();
        Verb v = spec.hasSubcommands() ? spec.verb(words.get(1)).orElse(null) : spec.verbs().get(0);
        if (v == null) return false;
        int consumed = spec.hasSubcommands() ? 2 : 1;
        return ArgParser.position(v, words.subList(consumed, words.size() - 1)).inRest();
    }

    private Object whatNext(List<String> words) {
        String last = words.get(words.size() - 1);
        List<String> before = new ArrayList<>(words.subList(0, words.size() - 1));
        String prefix = last.equals("?") ? "" : last.substring(0, last.length() - 1);
        if (!before.isEmpty() && !session.registry().has(before.get(0)) && session.namesNodes(before.get(0)))
            before.add(0, "on");
        if (before.isEmpty()) session.target(); // the nodes are words that may start a line
        List<Help.Next> next = Help.next(session.registry(), before, session.nodeWords());
        if (prefix.isEmpty()) return next;
        List<Help.Next> matching = next.stream().filter(n -> n.word().startsWith(prefix)).toList();
        if (matching.isEmpty()) throw new BadInput("nothing here starts with '" + prefix + "'");
        return matching;
    }

    private List<String> nodeNames() {
        return session.peekTarget().map(t -> t.fleet().names()).orElse(List.of());
    }

    /** The quoted indexes once {@code by} words are dropped from the front (negative: added). */
    private static Set<Integer> shifted(Set<Integer> quoted, int by) {
        Set<Integer> out = new HashSet<>();
        for (int i : quoted) {
            if (i - by >= 0) out.add(i - by);
        }
        return out;
    }

    private CommandSpec helpSpec() {
        return CommandSpec.of("help", "show help: help, help COMMAND [SUB-COMMAND], help syntax",
                new Verb("", "show help for a command, or how a line is read (help syntax)",
                        List.of(Param.words("topic", "a command and its sub-command, or 'syntax'")),
                        (a, ctx) -> help(a.all("topic")), null).local());
    }

    private CommandSpec timeSpec() {
        return CommandSpec.of("time", "run a command and report its wall time, in total and per node",
                new Verb("", "run COMMAND…, then print its wall time in total and per node",
                        List.of(Param.rest("command", "the line to time, as typed at the prompt").asRequired()),
                        (a, ctx) -> timed(a.all("command"), a.quoted("command"), ctx), null).local());
    }

    /**
     * {@code time COMMAND…}: the command's result, then its wall time in total and, for each node it ran on, the
     * time its commands took there.
     */
    private Object timed(List<String> words, Set<Integer> quoted, Context ctx) throws Exception {
        Call inner;
        try {
            inner = prepare(words, quoted);
        } catch (BadInput e) {
            String label = label(words);
            throw new BadInput(label.isEmpty() ? e.getMessage() : label + ": " + e.getMessage());
        }
        Map<String, Duration> perNode = new LinkedHashMap<>();
        // A command that runs nothing on nodes does not create the target just to be timed.
        Fleet fleet = inner.local() ? session.peekTarget().map(t -> t.fleet()).orElse(null) : session.target().fleet();
        long start = System.nanoTime();
        Object result;
        Fleet.Watch watching = fleet == null ? () -> {} : fleet.observe((node, took) -> {
            synchronized (perNode) {
                perNode.merge(node, took, Duration::plus);
            }
        });
        try (watching) {
            result = inner.run(ctx::emit);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        List<String> lines = new ArrayList<>(Renderer.lines(result, Style.PLAIN));
        lines.add(String.format(java.util.Locale.ROOT, "time: %.1f ms", ms));
        Map<String, Double> nodes = new LinkedHashMap<>();
        synchronized (perNode) {
            int w = perNode.keySet().stream().mapToInt(String::length).max().orElse(0);
            // In the inventory's order, not the order the nodes finished in: a session replays line for line.
            Map<String, Duration> sorted = new LinkedHashMap<>();
            for (String n : fleet == null ? List.<String>of() : fleet.names()) {
                if (perNode.containsKey(n)) sorted.put(n, perNode.get(n));
            }
            new java.util.TreeMap<>(perNode).forEach(sorted::putIfAbsent); // any other node, by name
            sorted.forEach((n, d) -> {
                nodes.put(n, d.toNanos() / 1e6);
                lines.add(String.format(java.util.Locale.ROOT, "  %-" + w + "s  %.1f ms", n, d.toNanos() / 1e6));
            });
        }
        return new Timed(result, ms, nodes, String.join("\n", lines));
    }

    private String help(List<String> topic) {
        Registry registry = session.registry();
        if (topic.isEmpty()) return Help.overview(registry);
        if (topic.size() == 1 && topic.get(0).equals("syntax")) return Help.syntax();
        String first = topic.get(0);
        CommandSpec spec = registry.find(first).orElseGet(() -> session.namesNodes(first)
                ? registry.find("on").orElse(null)
                : null);
        if (spec == null) {
            throw new BadInput("no help for '" + first + "'"
                    + netshell.core.Suggest.didYouMean(first, registry.names()) + " (try 'help')");
        }
        if (topic.size() > 1 && spec.hasSubcommands()) {
            Verb verb = registry.resolve(List.of(spec.name(), topic.get(1))).verb();
            return Help.verb(spec, verb);
        }
        return Help.command(spec);
    }
}
