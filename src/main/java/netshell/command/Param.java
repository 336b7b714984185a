package netshell.command;

import java.util.List;

/**
 * One argument of a verb: a positional word, an option taking a value ({@code --vni 100}) or a flag.
 * {@code completion} names a live completion source ("node", "selector", "iface", "vip", "container",
 * "file"), or is null; {@code choices} is a fixed list of values; {@code valueName} is how an option's value is
 * shown in usage and hints ({@code --confirm SECONDS}), or null to derive it from the completion source or the name.
 */
public record Param(Kind kind, String name, String alias, String description, boolean required,
        boolean repeatable, String defaultValue, String completion, List<String> choices, String valueName) {

    public enum Kind { POSITIONAL, OPTION, FLAG, REST }

    public Param {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public Param(Kind kind, String name, String alias, String description, boolean required, boolean repeatable,
            String defaultValue, String completion, List<String> choices) {
        this(kind, name, alias, description, required, repeatable, defaultValue, completion, choices, null);
    }

    public static Param positional(String name, String description) {
        return new Param(Kind.POSITIONAL, name, null, description, true, false, null, null, null);
    }

    public static Param optionalPositional(String name, String description) {
        return new Param(Kind.POSITIONAL, name, null, description, false, false, null, null, null);
    }

    /**
     * Every remaining positional word (a tcpdump filter: {@code tcpdump eth1 icmp -c 5}); declared options may
     * stand among them.
     */
    public static Param words(String name, String description) {
        return new Param(Kind.POSITIONAL, name, null, description, false, true, null, null, null);
    }

    /**
     * All remaining words, verbatim (for {@code container exec NAME COMMAND…}): the rest starts at the first word
     * that is not an option, and every word after it, options included, belongs to it.
     */
    public static Param rest(String name, String description) {
        return new Param(Kind.REST, name, null, description, false, true, null, null, null);
    }

    public static Param option(String name, String description) {
        return new Param(Kind.OPTION, name, null, description, false, false, null, null, null);
    }

    /** The one {@code --on SELECTOR} every fan-out command takes: the nodes to work on, all by default. */
    public static Param onNodes() {
        return onNodes("only these nodes: a name, group, comma list or glob (default: all)");
    }

    /** {@code --on SELECTOR} where the command's default is not every node; {@code description} says what it is. */
    public static Param onNodes(String description) {
        return option("on", description).completes("selector");
    }

    /** {@code --on NODE}: the one node a command works on, required. */
    public static Param onNode() {
        return option("on", "the node").completes("node").asRequired();
    }

    /** {@code --confirm SECONDS}, declared by the commands that change nodes. */
    public static Param confirm() {
        return option("confirm", "the nodes roll the change back by themselves unless 'confirm' comes within SECONDS")
                .valueNamed("SECONDS");
    }

    /** Options every command takes; --explain and --dry-run are offered only where a command runs on nodes. */
    public static final Param JSON = flag("json", "print the result as JSON");
    public static final Param EXPLAIN = flag("explain", "show the Linux commands it runs on each node");
    public static final Param DRY_RUN = flag("dry-run", "show the Linux commands it would run; run nothing");
    public static final Param HELP = flag("help", "show this help").alias("h");

    public static Param flag(String name, String description) {
        return new Param(Kind.FLAG, name, null, description, false, false, null, null, null);
    }

    public Param alias(String shortName) {
        return new Param(kind, name, shortName, description, required, repeatable, defaultValue, completion, choices,
                valueName);
    }
    public Param asRequired() {
        return new Param(kind, name, alias, description, true, repeatable, defaultValue, completion, choices,
                valueName);
    }
    public Param asRepeatable() {
        return new Param(kind, name, alias, description, required, true, defaultValue, completion, choices,
                valueName);
    }
    public Param defaultValue(String value) {
        return new Param(kind, name, alias, description, required, repeatable, value, completion, choices,
                valueName);
    }
    public Param completes(String source) {
        return new Param(kind, name, alias, description, required, repeatable, defaultValue, source, choices,
                valueName);
    }
    public Param choices(String... values) {
        return new Param(kind, name, alias, description, required, repeatable, defaultValue, completion,
                List.of(values), valueName);
    }

    /** This option, its value shown as {@code shown} in usage and hints ({@code --confirm SECONDS}). */
    public Param valueNamed(String shown) {
        return new Param(kind, name, alias, description, required, repeatable, defaultValue, completion, choices,
                shown);
    }

    public boolean isOption() { return kind == Kind.OPTION || kind == Kind.FLAG; }

    /** Positional words: one, every remaining one (words), or the verbatim rest. */
    public boolean isPositional() {
        return kind == Kind.POSITIONAL || kind == Kind.REST;
    }

    /** The value's name in usage and hints: {@code SELECTOR} for {@code --on}, {@code ADDR:PORT} for a VIP. */
    public String valueLabel() {
        return isOption() ? shownValue() : name.toUpperCase();
    }

    /** How the parameter looks in a usage line: {@code --vni N}, {@code [--json]}, {@code CIDR}. */
    public String usage() {
        String word = switch (kind) {
            case POSITIONAL -> name.toUpperCase();
            case REST -> name.toUpperCase() + "…";
            case OPTION -> "--" + name + " " + shownValue();
            case FLAG -> "--" + name;
        };
        if (repeatable && (kind == Kind.OPTION || kind == Kind.POSITIONAL)) word += "…";
        return required ? word : "[" + word + "]";
    }

    private String shownValue() {
        if (valueName != null) return valueName;
        if (!choices.isEmpty()) return String.join("|", choices);
        // What the value is, when a completion source says it better than the option's name (--on SELECTOR).
        if (completion != null) return completion.toUpperCase();
        return name.replace('-', '_').toUpperCase();
    }
}
