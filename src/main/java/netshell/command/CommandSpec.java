package netshell.command;

import java.util.List;
import java.util.Optional;

/**
 * A command group ({@code net}, {@code vxlan}) with its verbs; a single verb named "" means no sub-commands.
 * {@code sources}: the live completion sources it declares (its parameters' values read from the nodes).
 */
public record CommandSpec(String name, String summary, List<Verb> verbs, List<LiveSource> sources) {
    public CommandSpec {
        verbs = List.copyOf(verbs);
        sources = List.copyOf(sources);
    }

    public CommandSpec(String name, String summary, List<Verb> verbs) {
        this(name, summary, verbs, List.of());
    }

    /** This command, declaring live completion sources besides those it has. */
    public CommandSpec completing(LiveSource... more) {
        List<LiveSource> all = new java.util.ArrayList<>(sources);
        all.addAll(List.of(more));
        return new CommandSpec(name, summary, verbs, all);
    }

    public static CommandSpec of(String name, String summary, Verb... verbs) {
        return new CommandSpec(name, summary, List.of(verbs));
    }

    public boolean hasSubcommands() {
        return !(verbs.size() == 1 && verbs.get(0).name().isEmpty());
    }

    public Optional<Verb> verb(String name) {
        return verbs.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
