package netshell.shell;

import java.util.ArrayList;
import java.util.List;

import netshell.command.ArgParser;
import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Registry;
import netshell.command.Verb;

/** Help texts and the "what may come next" lists behind {@code ?}, all generated from the command specs. */
public final class Help {
    private Help() {}

    /** A word that may come next, and what it means. */
    public record Next(String word, String description) {}

    public static String overview(Registry registry) {
        StringBuilder sb = new StringBuilder("Commands:\n");
        int w = registry.names().stream().mapToInt(String::length).max().orElse(4);
        for (CommandSpec c : registry.all())
            sb.append("  ").append(pad(c.name(), w)).append("  ").append(c.summary()).append('\n');
        sb.append("""

                On nodes:
                  NODE COMMAND…        run a command on one node (node1 ip -br addr); node sets too (node[1-3] …)
                  all COMMAND…         run it on every node
                  on SELECTOR COMMAND… on a comma list, a group or a glob (node*)
                  netshell's options (--stream, --gather, --literal, -x, --forks, --ignore-missing, --confirm,
                  --explain …) come right after the target; every word after belongs to the node's command
                  ('help on').

                Exit or quit (or Ctrl-D) leaves; Ctrl-C cancels a command.
                Every command takes --json and --help; those that run on nodes --explain and --dry-run;
                those that change nodes --confirm SECONDS (see 'help confirm', 'changes', 'undo').
                Type 'help syntax' for how a line is read, 'help COMMAND', 'COMMAND --help', or '?' after any
                word (or 'ne?') to see what may come next.""");
        return sb.toString();
    }

    /** {@code help syntax}: the grammar's one rule and the shell's operators. */
    public static String syntax() {
        return """
                How a line is read (the same at the prompt, in -c, in scripts' sh '…' and in record replays):
                  1. A line whose first word is a command is that command: net split 10.0.0.0/24 2
                  2. A node or node set followed by more words is a node command: node1 df -h,
                     node[1-2] hostname, @web uptime (all … and on SELECTOR … are commands)
                  3. Anything else is Groovy, with variables that persist between lines:
                     x = net.split('10.0.0.0/24', 2)   x[1].first   node1.run('hostname').stdout

                Options: a command's options may stand anywhere among its words, except in a command given
                to a node or container (node1 …, container exec NAME …): there netshell's options come first,
                and every word from the node's command on is the node's (node1 df -h keeps -h).
                A repeatable option takes --backend A --backend B, --backend A,B or --backend A B.

                Words: 'single' and "double" quotes, \\ escapes, # comment, ; between commands.
                Filters: | grep [-v] [-i] RE, | head [N], | tail [N], | count, | sort, | uniq, | json, | table,
                  | tee FILE, | gather; redirects > FILE, >> FILE.
                Help: '?' after a word lists what may come next; 'ne?' the words that start with ne.
                time COMMAND… prints the command's result, then its wall time in total and per node.""";
    }

    public static String command(CommandSpec spec) {
        if (!spec.hasSubcommands()) return verb(spec, spec.verbs().get(0));
        StringBuilder sb = new StringBuilder(spec.name()).append(" — ").append(spec.summary())
                .append("\n\nSub-commands:\n");
        int w = spec.verbs().stream().mapToInt(v -> v.name().length()).max().orElse(4);
        for (Verb v : spec.verbs())
            sb.append("  ").append(pad(v.name(), w)).append("  ").append(v.summary()).append('\n');
        sb.append("\nType '").append(spec.name()).append(" SUB-COMMAND --help' for its options.");
        return sb.toString();
    }

    public static String verb(CommandSpec spec, Verb verb) {
        String full = (spec.name() + " " + verb.name()).strip();
        StringBuilder sb = new StringBuilder("usage: ").append(full);
        for (Param p : verb.params()) sb.append(' ').append(p.usage());
        sb.append("\n\n").append(verb.summary()).append('\n');
        if (!verb.params().isEmpty()) {
            sb.append('\n');
            int w = verb.params().stream().mapToInt(p -> label(p).length()).max().orElse(4);
            for (Param p : verb.params()) {
                sb.append("  ").append(pad(label(p), w)).append("  ").append(p.description());
                if (p.defaultValue() != null) sb.append(" (default ").append(p.defaultValue()).append(')');
                sb.append('\n');
            }
        }
        if (verb.details() != null) sb.append('\n').append(verb.details().strip()).append('\n');
        return sb.toString().stripTrailing();
    }

    private static String label(Param p) {
        return switch (p.kind()) {
            case POSITIONAL, REST -> p.name().toUpperCase();
            case OPTION -> "--" + p.name() + (p.alias() != null ? ", -" + p.alias() : "") + " " + p.valueLabel()
                    + (p.repeatable() ? "…" : "");
            case FLAG -> "--" + p.name() + (p.alias() != null ? ", -" + p.alias() : "");
        };
    }

    /** What may follow {@code words} (the words typed before a {@code ?}), read as the parser reads them. */
    public static List<Next> next(Registry registry, List<String> words, List<String> nodeWords) {
        List<Next> out = new ArrayList<>();
        if (words.isEmpty()) {
            for (CommandSpec c : registry.all()) out.add(new Next(c.name(), c.summary()));
            for (String n : nodeWords) {
                if (registry.find(n).isEmpty()) out.add(new Next(n, "run a command on " + n));
            }
            return out;
        }
        var spec = registry.find(words.get(0));
        if (spec.isEmpty()) return out;
        CommandSpec c = spec.get();
        if (c.hasSubcommands() && words.size() == 1) {
            for (Verb v : c.verbs()) out.add(new Next(v.name(), v.summary()));
            return out;
        }
        Verb v = c.hasSubcommands() ? c.verb(words.get(1)).orElse(null) : c.verbs().get(0);
        if (v == null) return out;
        int consumed = c.hasSubcommands() ? 2 : 1;
        ArgParser.Position at = ArgParser.position(v, words.subList(consumed, words.size()));
        if (at.param() != null) {
            Param p = at.param();
            String what = at.optionValue() ? "the value of --" + p.name() + ": " : "";
            out.add(new Next(p.valueLabel() + (p.kind() == Param.Kind.REST ? "…" : ""),
                    what + p.description() + (p.required() || at.optionValue() ? "" : " (optional)")));
            if (at.optionValue() || at.inRest()) return out;
        }
        for (Param p : v.offeredOptions()) {
            if (!at.given().contains(p.name()) || p.repeatable()) out.add(new Next("--" + p.name(), p.description()));
        }
        out.add(new Next("<Enter>", "run: " + ArgParser.usage(v)));
        return out;
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
}
