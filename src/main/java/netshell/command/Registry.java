package netshell.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import netshell.net.BadInput;

/** Every command the shell knows, built-in or defined by a lib/ file, by name. */
public final class Registry {
    private final Map<String, CommandSpec> commands = new LinkedHashMap<>();

    public Registry add(CommandSpec spec) {
        commands.put(spec.name(), spec);
        return this;
    }

    public Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public List<String> names() {
        return new ArrayList<>(commands.keySet());
    }

    /** The verb that {@code words} start with, and how many words named it (1 or 2). */
    public record Resolved(CommandSpec command, Verb verb, int consumed) {}

    public Resolved resolve(List<String> words) {
        CommandSpec spec = find(words.get(0)).orElseThrow(() -> new BadInput("unknown command '" + words.get(0) + "' (try 'help')"));
        if (!spec.hasSubcommands()) return new Resolved(spec, spec.verbs().get(0), 1);
        if (words.size() < 2) {
            throw new BadInput(spec.name() + ": missing sub-command (" + String.join(", ", spec.verbs().stream().map(Verb::name).toList()) + ")");
        }
        Verb verb = spec.verb(words.get(1)).orElseThrow(() -> new BadInput(spec.name() + ": unknown sub-command '" + words.get(1)
                + "' (" + String.join(", ", spec.verbs().stream().map(Verb::name).toList()) + ")"));
        return new Resolved(spec, verb, 2);
    }
}
