package netshell.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jline.console.ArgDesc;
import org.jline.console.CmdDesc;
import org.jline.console.CmdLine;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.widget.TailTipWidgets;

import netshell.command.ArgParser;
import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Registry;
import netshell.command.Session;
import netshell.command.Verb;

/**
 * The REPL's tail-tip, as on router CLIs: while typing, the status line under the prompt describes the
 * command and the argument under the cursor; the descriptions come from the same specs as help and Tab.
 */
final class TailTips {

    private final TailTipWidgets widgets;
    private final LineReader reader;

    private TailTips(LineReader reader, Session session) {
        this.reader = reader;
        this.widgets = new TailTipWidgets(reader, line -> describe(session, line), 5, TailTipWidgets.TipType.COMBINED);
    }

    static TailTips install(LineReader reader, Session session) {
        return new TailTips(reader, session);
    }

    /**
     * JLine's tail-tip owns the in-line suggestion while it is on; off gives the line back to
     * suggestions from history ({@code tailtip off}).
     */
    void apply(boolean on) {
        if (on && !widgets.isEnabled()) widgets.enable();
        if (!on) {
            if (widgets.isEnabled()) widgets.disable();
            reader.setAutosuggestion(LineReader.SuggestionType.HISTORY);
        }
    }

    static CmdDesc describe(Registry registry, CmdLine line) {
        return describe(registry, w -> false, line);
    }

    static CmdDesc describe(Session session, CmdLine line) {
        return describe(session.registry(), session::namesKnownNodes, line);
    }

    /** {@code nodeWord}: whether a first word names nodes, so that the line reads as {@code on NODES …}. */
    static CmdDesc describe(Registry registry, Predicate<String> nodeWord, CmdLine line) {
        List<String> words = line.getArgs();
        if (words == null || words.isEmpty()) return null;
        String first = words.get(0);
        List<String> read = new ArrayList<>(words);
        if (!registry.has(first) && nodeWord.test(first)) read.add(0, "on");
        CommandSpec spec = registry.find(read.get(0)).orElse(null);
        if (spec == null) return null;
        Verb verb = spec.hasSubcommands()
                ? (read.size() > 1 ? spec.verb(read.get(1)).orElse(null) : null)
                : spec.verbs().get(0);
        if (verb == null) return subcommands(spec);
        int consumed = spec.hasSubcommands() ? 2 : 1;
        // The words before the one under the cursor (which may be empty, after a space).
        boolean afterSpace = line.getHead() != null && line.getHead().endsWith(" ");
        int complete = afterSpace && !words.get(words.size() - 1).isEmpty() ? read.size() : read.size() - 1;
        ArgParser.Position at = ArgParser.position(verb,
                read.subList(Math.min(consumed, complete), Math.max(consumed, complete)));
        return forVerb(spec, verb, at, jlineIndex(words, verb));
    }

    /** {@code vxlan }: the sub-commands with one line each. */
    private static CmdDesc subcommands(CommandSpec spec) {
        List<AttributedString> main = new ArrayList<>();
        main.add(new AttributedString(spec.name() + " — " + spec.summary()));
        for (Verb v : spec.verbs()) main.add(new AttributedString("  " + v.name() + "  " + v.summary()));
        CmdDesc desc = new CmdDesc(main, List.of(), Map.of());
        desc.setSubcommand(true);
        return desc;
    }

    /**
     * JLine's widget shows the ArgDesc at (words that do not start with '-', after none but a one-letter option
     * with a value) - 1 and the names after it as the tail: it reads {@code --backend VALUE}'s value as a
     * positional. The description puts the parameter under the cursor exactly there, so the hint names it.
     */
    private static int jlineIndex(List<String> args, Verb verb) {
        int n = 0;
        String prev = "";
        for (String a : args) {
            if (!a.startsWith("-") && (!prev.matches("-[a-zA-Z]") || !takesValue(verb, prev))) n++;
            prev = a;
        }
        return Math.max(0, n - 1);
    }

    private static boolean takesValue(Verb verb, String word) {
        return verb.option(word.replaceFirst("^--?", "")).map(p -> p.kind() == Param.Kind.OPTION).orElse(false);
    }

    private static CmdDesc forVerb(CommandSpec spec, Verb verb, ArgParser.Position at, int index) {
        List<AttributedString> main = List.of(new AttributedString(
                "usage: " + (spec.name() + " " + verb.name()).strip() + " "
                        + String.join(" ", verb.params().stream().map(Param::usage).toList())),
                new AttributedString(verb.summary()));
        List<ArgDesc> args = new ArrayList<>();
        for (int i = 0; i < index; i++) args.add(new ArgDesc("", List.of()));
        Param p = at.param();
        if (p == null) {
            args.add(new ArgDesc("", List.of())); // nothing more to give: no placeholder left behind
        } else {
            String name = at.optionValue() || at.inRest() || p.required() ? p.valueLabel() : "[" + p.valueLabel() + "]";
            if (p.repeatable() || p.kind() == Param.Kind.REST) name += "…";
            String what = at.optionValue()
                    ? "--" + p.name() + " " + p.valueLabel() + ": " + p.description()
                    : p.valueLabel() + ": " + p.description();
            args.add(new ArgDesc(name, List.of(new AttributedString(what))));
            if (!at.optionValue() && !p.repeatable()) {
                List<Param> positionals = verb.positionals();
                for (Param next : positionals.subList(positionals.indexOf(p) + 1, positionals.size())) {
                    String n = next.required() ? next.valueLabel() : "[" + next.valueLabel() + "]";
                    args.add(new ArgDesc(n + (next.kind() == Param.Kind.REST ? "…" : ""),
                            List.of(new AttributedString(next.valueLabel() + ": " + next.description()))));
                }
            }
        }
        Map<String, List<AttributedString>> options = new LinkedHashMap<>();
        for (Param o : verb.offeredOptions()) {
            // "--vni=VNI": JLine knows by the '=' that the option takes a value.
            String key = (o.alias() != null ? "-" + o.alias() + " " : "") + "--" + o.name()
                    + (o.kind() == Param.Kind.OPTION ? "=" + o.valueLabel() : "");
            options.put(key, List.of(new AttributedString(
                    o.description() + (o.defaultValue() != null ? " (default " + o.defaultValue() + ")" : ""))));
        }
        return new CmdDesc(main, args, options);
    }
}
