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
                  NODE COMMAND…        run a command on one node (node1 ip -br addr)
                  all COMMAND…         run it on every node
                  on SELECTOR COMMAND… on a comma list, a group or a glob (node*)
                  A word that is a node's name stands for its underlay address, a container's name for its
                  overlay address (node1 ping node2, node1 curl web2), their IPv6 ones after -6 or in ping6
                  (node1 ping -6 web2) and in a URL's brackets (node1 curl http://[web2]:80/); quoted words
                  stay as typed.
                  Right after the target: --stream (lines live), --literal (no names replaced),
                  --explain, --dry-run (show the argv as it reaches the node), --ignore-missing (names of the
                  set that are not nodes are left out; otherwise they are refused: no such nodes: node[4-5]).
                  NODE --confirm SECONDS COMMAND…  a change the node rolls back by itself unless 'confirm' comes
                                       in time; the snapshot covers the netfilter ruleset (iptables, ip6tables, nft),
                                       links, addresses, routes and the forwarding sysctls

                Also: time COMMAND… (how long it took), help, exit or quit (or Ctrl-D); Ctrl-C cancels a command.
                A line that is none of these is Groovy (variables persist between lines).

                Grammar: quotes '…' "…", # comment, ; between commands,
                  | grep [-v] [-i] RE | head [N] | tail [N] | count | sort | uniq | json | table | tee FILE,
                  > FILE, >> FILE. Every command takes --json, --explain, --dry-run and --help;
                  commands that change nodes take --confirm SECONDS (see 'help confirm', 'changes', 'undo').
                Type 'help COMMAND', 'COMMAND --help', or '?' after any word to see what may come next.""");
        return sb.toString();
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
            case OPTION -> "--" + p.name() + (p.alias() != null ? ", -" + p.alias() : "") + " "
                    + p.name().replace('-', '_').toUpperCase();
            case FLAG -> "--" + p.name() + (p.alias() != null ? ", -" + p.alias() : "");
        };
    }

    /** What may follow {@code words} (the words typed before a {@code ?}). */
    public static List<Next> next(Registry registry, List<String> words, List<String> nodeWords) {
        List<Next> out = new ArrayList<>();
        if (words.isEmpty()) {
            for (CommandSpec c : registry.all()) out.add(new Next(c.name(), c.summary()));
            for (String n : nodeWords) out.add(new Next(n, "run a command on " + n));
            return out;
        }
        var spec = registry.find(words.get(0));
        if (spec.isEmpty() && nodeWords.contains(words.get(0))
                && words.size() == (words.get(0).equals("on") ? 2 : 1)) {
            out.add(new Next("--stream", "interleave the nodes' lines live instead of grouping them"));
            out.add(new Next("--literal", "pass every word as typed (no node or container names replaced)"));
            out.add(new Next("--ignore-missing", "leave out names of the set that are not nodes (default: refuse)"));
            out.add(new Next("--explain", "show the argv as it reaches each node, then run it"));
            out.add(new Next("--dry-run", "show the argv as it would reach each node; run nothing"));
            out.add(new Next("COMMAND…", "the command and its arguments"));
            return out;
        }
        if (spec.isEmpty()) return out;
        CommandSpec c = spec.get();
        if (c.hasSubcommands() && words.size() == 1) {
            for (Verb v : c.verbs()) out.add(new Next(v.name(), v.summary()));
            return out;
        }
        Verb v = c.hasSubcommands() ? c.verb(words.get(1)).orElse(null) : c.verbs().get(0);
        if (v == null) return out;
        int consumed = c.hasSubcommands() ? 2 : 1;
        int positionalsGiven = countPositionals(v, words.subList(consumed, words.size()));
        List<Param> positionals = v.positionals();
        if (positionalsGiven < positionals.size()) {
            Param p = positionals.get(positionalsGiven);
            out.add(new Next(p.kind() == Param.Kind.REST ? p.name().toUpperCase() + "…" : p.name().toUpperCase(),
                    p.description() + (p.required() ? "" : " (optional)")));
        }
        for (Param p : v.options()) {
            if (!words.contains("--" + p.name()) || p.repeatable()) out.add(new Next("--" + p.name(), p.description()));
        }
        out.add(new Next("<Enter>", "run: " + ArgParser.usage(v)));
        return out;
    }

    static int countPositionals(Verb v, List<String> words) {
        int n = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--") || (w.startsWith("-") && w.length() == 2 && !Character.isDigit(w.charAt(1)))) {
                String name = w.replaceFirst("^-+", "");
                var p = v.option(name);
                if (p.isPresent() && p.get().kind() == Param.Kind.OPTION && !name.contains("=")) i++;
            } else {
                n++;
            }
        }
        return n;
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }
}
