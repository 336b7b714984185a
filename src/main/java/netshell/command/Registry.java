package netshell.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import netshell.core.BadInput;
import netshell.core.Suggest;

/** Every command the shell knows, built-in or defined by a lib/ file, by name. */
public final class Registry {
    private final Map<String, Deferred> commands = new LinkedHashMap<>();
    private final List<Supplier<Collection<CommandSpec>>> lazy = new ArrayList<>();
    private final List<Predicate<String>> lazyNames = new ArrayList<>();

    /** A spec built on first use: a one-line command builds only its own command, not all of them. */
    private static final class Deferred {
        private Supplier<CommandSpec> build;
        private CommandSpec spec;

        Deferred(Supplier<CommandSpec> build) { this.build = build; }

        synchronized CommandSpec get() {
            if (spec == null) {
                spec = build.get();
                build = null;
            }
            return spec;
        }
    }

    public synchronized Registry add(CommandSpec spec) {
        commands.put(spec.name(), new Deferred(() -> spec));
        return this;
    }

    /** A built-in command under its name, its spec built the first time it is looked up. */
    public synchronized Registry add(String name, Supplier<CommandSpec> spec) {
        commands.put(name, new Deferred(spec));
        return this;
    }

    /**
     * Commands that cost something to know (lib/ files compile Groovy): asked for on the first lookup of a
     * name that is not built in, or when every command is listed (help, Tab), never for a built-in line.
     * A name that is already taken keeps its first owner.
     */
    public synchronized Registry addLazy(Supplier<Collection<CommandSpec>> source) {
        return addLazy(name -> true, source);
    }

    /**
     * As addLazy(source), where {@code mayDefine} tells cheaply (without compiling) whether the source may define a
     * name: a lookup of any other name does not load it (a Groovy line {@code x = 2} does not compile lib/).
     */
    public synchronized Registry addLazy(Predicate<String> mayDefine, Supplier<Collection<CommandSpec>> source) {
        lazy.add(source);
        lazyNames.add(mayDefine);
        return this;
    }

    private synchronized void loadLazy() {
        lazyNames.clear();
        while (!lazy.isEmpty()) {
            for (CommandSpec spec : lazy.remove(0).get()) commands.putIfAbsent(spec.name(), new Deferred(() -> spec));
        }
    }

    public synchronized Optional<CommandSpec> find(String name) {
        Deferred found = commands.get(name);
        if (found == null && lazyNames.stream().anyMatch(p -> p.test(name))) {
            loadLazy();
            found = commands.get(name);
        }
        return Optional.ofNullable(found).map(Deferred::get);
    }

    /** Whether a name is taken already, without asking the lazy sources. */
    public synchronized boolean has(String name) {
        return commands.containsKey(name);
    }

    public synchronized Collection<CommandSpec> all() {
        loadLazy();
        return commands.values().stream().map(Deferred::get).toList();
    }

    /** The built-in commands, without asking the lazy sources (lib/ files are not compiled for this). */
    public synchronized List<CommandSpec> builtIn() {
        return commands.values().stream().map(Deferred::get).toList();
    }

    public synchronized List<String> names() {
        loadLazy();
        return new ArrayList<>(commands.keySet());
    }

    /** "unknown command 'nett' (did you mean 'net'?)", the names of {@code others} (nodes) counted too. */
    public BadInput unknownCommand(String word, List<String> others) {
        List<String> known = new ArrayList<>(names());
        known.addAll(others);
        String near = Suggest.didYouMean(word, known);
        return new BadInput("unknown command '" + word + "'" + (near.isEmpty() ? " (try 'help')" : near));
    }

    /** The verb that {@code words} start with, and how many words named it (1 or 2). */
    public record Resolved(CommandSpec command, Verb verb, int consumed) {}

    public Resolved resolve(List<String> words) {
        CommandSpec spec = find(words.get(0)).orElseThrow(() -> unknownCommand(words.get(0), List.of()));
        if (!spec.hasSubcommands()) return new Resolved(spec, spec.verbs().get(0), 1);
        List<String> verbs = spec.verbs().stream().map(Verb::name).toList();
        if (words.size() < 2 || words.get(1).startsWith("-") && !words.get(1).equals("-")) {
            throw new BadInput("missing sub-command (" + String.join(", ", verbs) + ")");
        }
        Verb verb = spec.verb(words.get(1)).orElseThrow(() -> {
            String near = Suggest.didYouMean(words.get(1), verbs);
            return new BadInput("unknown sub-command '" + words.get(1) + "'"
                    + (near.isEmpty() ? " (" + String.join(", ", verbs) + ")" : near));
        });
        return new Resolved(spec, verb, 2);
    }
}
