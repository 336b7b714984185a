package netshell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A sub-command ({@code net split}) or, with an empty name, a command that has none. */
public record Verb(String name, String summary, List<Param> params, Handler handler, String details) {
    public Verb {
        params = List.copyOf(params);
    }

    public static Verb of(String name, String summary, Handler handler, Param... params) {
        return new Verb(name, summary, List.of(params), handler, null);
    }

    public Verb details(String text) { return new Verb(name, summary, params, handler, text); }

    public Optional<Param> option(String longOrShort) {
        return params.stream().filter(Param::isOption)
                .filter(p -> p.name().equals(longOrShort) || longOrShort.equals(p.alias())).findFirst();
    }

    public List<Param> positionals() {
        List<Param> out = new ArrayList<>();
        for (Param p : params) if (p.kind() == Param.Kind.POSITIONAL || p.kind() == Param.Kind.REST) out.add(p);
        return out;
    }

    public List<Param> options() {
        return params.stream().filter(Param::isOption).toList();
    }
}
