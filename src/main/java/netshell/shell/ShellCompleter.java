package netshell.shell;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import netshell.command.ArgParser;
import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Verb;

/**
 * Tab completion from the command specs, read as the parser reads them (ArgParser.position): command names and
 * node words first, then sub-commands, then the live values of the parameter under the cursor (node names,
 * interfaces, VIPs… from the session's completion sources, which answer from memory so that a Tab never waits on a
 * node), then options. A node command ({@code node1 …}) completes as {@code on node1 …}; in the node's own words
 * nothing is offered. After {@code |}: filters.
 */
public final class ShellCompleter implements Completer {
    private final Session session;

    public ShellCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = new ArrayList<>(line.words().subList(0, line.wordIndex()));
        int order = 0;
        for (Suggestion s : suggest(words)) {
            candidates.add(new Candidate(s.value(), s.value(), s.group(), s.description(), null, null, s.complete(),
                    order++));
        }
    }

    /** A completion candidate: the word, its group heading, a description, and whether a space follows. */
    public record Suggestion(String value, String group, String description, boolean complete) {}

    /** Candidates for the word after {@code before} (the words of the line up to the cursor). */
    public List<Suggestion> suggest(List<String> before) {
        int cut = Math.max(before.lastIndexOf(";"), -1);
        List<String> segment = new ArrayList<>(before.subList(cut + 1, before.size()));
        int pipe = segment.lastIndexOf("|");
        List<Suggestion> out = new ArrayList<>();
        if (pipe >= 0) {
            if (pipe == segment.size() - 1) {
                for (String f : Filters.NAMES) out.add(new Suggestion(f, "filters", Filters.DESCRIPTIONS.get(f), true));
            }
            return out;
        }
        if (segment.isEmpty()) {
            for (CommandSpec c : session.registry().all())
                out.add(new Suggestion(c.name(), "commands", c.summary(), true));
            for (String n : session.completions().values("node"))
                out.add(new Suggestion(n, "nodes", "run a command on " + n, true));
            return out;
        }
        String first = segment.get(0);
        if (first.equals("help") && segment.size() == 1) {
            for (CommandSpec c : session.registry().all())
                out.add(new Suggestion(c.name(), "commands", c.summary(), true));
            out.add(new Suggestion("syntax", "topics", "how a line is read", true));
            return out;
        }
        if (first.equals("time")) return suggest(segment.subList(1, segment.size()));
        if (!session.registry().has(first) && session.namesKnownNodes(first)) segment.add(0, "on");
        var spec = session.registry().find(segment.get(0));
        if (spec.isEmpty()) return out;
        CommandSpec c = spec.get();
        if (c.hasSubcommands() && segment.size() == 1) {
            for (Verb v : c.verbs()) out.add(new Suggestion(v.name(), "sub-commands", v.summary(), true));
            return out;
        }
        Verb v = c.hasSubcommands() ? c.verb(segment.get(1)).orElse(null) : c.verbs().get(0);
        if (v == null) return out;
        int consumed = c.hasSubcommands() ? 2 : 1;
        ArgParser.Position at = ArgParser.position(v, segment.subList(consumed, segment.size()));
        if (at.optionValue()) return valuesFor(at.param());
        if (at.inRest()) return out; // the node's (or container's) own words
        if (at.param() != null) out.addAll(valuesFor(at.param()));
        for (Param p : v.offeredOptions()) {
            if (!at.given().contains(p.name()) || p.repeatable())
                out.add(new Suggestion("--" + p.name(), "options", p.description(), true));
        }
        return out;
    }

    private List<Suggestion> valuesFor(Param p) {
        if (!p.choices().isEmpty()) {
            return p.choices().stream().map(ch -> new Suggestion(ch, p.name(), p.description(), true)).toList();
        }
        if (p.completion() == null) return List.of();
        return values(p.completion(), p.name(), p.description());
    }

    private List<Suggestion> values(String source, String group, String description) {
        return session.completions().values(source).stream().map(v -> new Suggestion(v, group, description, true))
                .toList();
    }
}
