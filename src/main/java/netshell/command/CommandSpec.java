package netshell.command;

import java.util.List;
import java.util.Optional;

/** A command group ({@code net}, {@code vxlan}) with its verbs; a single verb named "" means no sub-commands. */
public record CommandSpec(String name, String summary, List<Verb> verbs) {
    public CommandSpec {
        verbs = List.copyOf(verbs);
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
