package netshell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A sub-command ({@code net split}) or, with an empty name, a command that has none. */
public record Verb(String name, String summary, List<Param> params, Handler handler, String details) {
    public Verb {
        if (selectsNodes(params) && params.stream().noneMatch(p -> p.name().equals(IGNORE_MISSING))) {
            // Every verb with --on SELECTOR also takes --ignore-missing: names that are not nodes are left out.
            List<Param> all = new ArrayList<>(params);
            all.add(Param.flag(IGNORE_MISSING, "leave out names of --on that are not nodes (default: refuse them)"));
            params = all;
            Handler strict = handler;
            handler = strict == null ? null
                    : (args, ctx) -> strict.run(args, args.flag(IGNORE_MISSING) ? ctx.ignoringMissing() : ctx);
        }
        params = List.copyOf(params);
    }

    private static final String IGNORE_MISSING = "ignore-missing";

    private static boolean selectsNodes(List<Param> params) {
        return params.stream().anyMatch(p -> p.name().equals("on") && "selector".equals(p.completion()));
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
