package netshell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sub-command ({@code net split}) or, with an empty name, a command that has none. {@code runsNothing} (see
 * local()): it runs
 * nothing on nodes, so --explain and --dry-run mean nothing to it (they are accepted, not offered).
 */
public record Verb(String name, String summary, List<Param> params, Handler handler, String details,
        boolean runsNothing) {
    public Verb {
        if (selectsNodes(params) && params.stream().noneMatch(p -> p.name().equals(IGNORE_MISSING))) {
            // Every verb with --on SELECTOR also takes --ignore-missing: names that are not nodes are left out.
            List<Param> all = new ArrayList<>(params);
            all.add(Param.flag(IGNORE_MISSING, "leave out names of --on that are not nodes (default: refuse them)"));
            params = all;
            handler = handler == null ? null : new IgnoringMissing(handler);
        }
        params = List.copyOf(params);
    }

    public Verb(String name, String summary, List<Param> params, Handler handler, String details) {
        this(name, summary, params, handler, details, false);
    }

    private static final String IGNORE_MISSING = "ignore-missing";

    /** A verb's handler that leaves out names of --on that are not nodes when given --ignore-missing. */
    private record IgnoringMissing(Handler strict) implements Handler {
        @Override
        public Object run(Args args, Context ctx) throws Exception {
            return strict.run(args, args.flag(IGNORE_MISSING) ? ctx.ignoringMissing() : ctx);
        }
    }

    /**
     * The package of the code that handles the verb (a method reference's class is its declaring class's): the
     * feature a registered command belongs to, so that no list of features is kept by hand. Null without a handler.
     */
    public String handlerPackage() {
        Handler own = handler instanceof IgnoringMissing i ? i.strict() : handler;
        return own == null ? null : own.getClass().getPackageName();
    }

    private static boolean selectsNodes(List<Param> params) {
        return params.stream().anyMatch(p -> p.name().equals("on") && "selector".equals(p.completion()));
    }

    public static Verb of(String name, String summary, Handler handler, Param... params) {
        return new Verb(name, summary, List.of(params), handler, null, false);
    }

    public Verb details(String text) { return new Verb(name, summary, params, handler, text, runsNothing); }

    /** This verb runs nothing on nodes. */
    public Verb local() {
        return new Verb(name, summary, params, handler, details, true);
    }

    /** A declared option by long or short name, else one of the options every command takes. */
    public Optional<Param> option(String longOrShort) {
        Optional<Param> own = params.stream().filter(Param::isOption).filter(p -> named(p, longOrShort)).findFirst();
        if (own.isPresent()) return own;
        return List.of(Param.JSON, Param.EXPLAIN, Param.DRY_RUN, Param.HELP).stream()
                .filter(p -> named(p, longOrShort)).findFirst();
    }

    private static boolean named(Param p, String longOrShort) {
        return p.name().equals(longOrShort) || longOrShort.equals(p.alias());
    }

    public List<Param> positionals() {
        List<Param> out = new ArrayList<>();
        for (Param p : params) if (p.isPositional()) out.add(p);
        return out;
    }

    /** The declared options. */
    public List<Param> options() {
        return params.stream().filter(Param::isOption).toList();
    }

    /**
     * The options offered for this verb: its own, --json, --explain and --dry-run where they mean something, --help.
     */
    public List<Param> offeredOptions() {
        List<Param> out = new ArrayList<>(options());
        out.add(Param.JSON);
        if (!runsNothing) {
            out.add(Param.EXPLAIN);
            out.add(Param.DRY_RUN);
        }
        out.add(Param.HELP);
        return out;
    }

    /** Whether it declares --confirm: it changes nodes. */
    public boolean changesNodes() {
        return params.stream().anyMatch(p -> p.name().equals("confirm") && p.isOption());
    }
}
