package netshell.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jline.console.ArgDesc;
import org.jline.console.CmdDesc;
import org.jline.console.CmdLine;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.widget.TailTipWidgets;

import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Registry;
import netshell.command.Verb;

/**
 * The REPL's tail-tip, as on router CLIs: while typing, the status line under the prompt describes the
 * command and the argument under the cursor; the descriptions come from the same specs as help and Tab.
 */
final class TailTips {

    private final TailTipWidgets widgets;
    private final LineReader reader;

    private TailTips(LineReader reader, Registry registry) {
        this.reader = reader;
        this.widgets = new TailTipWidgets(reader, line -> describe(registry, line), 5, TailTipWidgets.TipType.COMBINED);
    }

    static TailTips install(LineReader reader, Registry registry) {
        return new TailTips(reader, registry);
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
        List<String> words = line.getArgs();
        if (words == null || words.isEmpty()) return null;
        CommandSpec spec = registry.find(words.get(0)).orElse(null);
        if (spec == null) return null;
        Verb verb = spec.hasSubcommands()
                ? (words.size() > 1 ? spec.verb(words.get(1)).orElse(null) : null)
                : spec.verbs().get(0);
        if (verb == null) return subcommands(spec);
        return forVerb(spec, verb);
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

    private static CmdDesc forVerb(CommandSpec spec, Verb verb) {
        List<AttributedString> main = List.of(new AttributedString(
                "usage: " + (spec.name() + " " + verb.name()).strip() + " "
                        + String.join(" ", verb.params().stream().map(Param::usage).toList())),
                new AttributedString(verb.summary()));
        List<ArgDesc> args = new ArrayList<>();
        if (spec.hasSubcommands()) args.add(new ArgDesc(verb.name(), List.of(new AttributedString(verb.summary()))));
        for (Param p : verb.positionals()) {
            args.add(new ArgDesc(p.name().toUpperCase(), List.of(new AttributedString(p.description()))));
        }
        Map<String, List<AttributedString>> options = new LinkedHashMap<>();
        for (Param p : verb.options()) {
            String key = "--" + p.name() + (p.alias() != null ? " -" + p.alias() : "");
            options.put(key, List.of(new AttributedString(
                    p.description() + (p.defaultValue() != null ? " (default " + p.defaultValue() + ")" : ""))));
        }
        return new CmdDesc(main, args, options);
    }
}
