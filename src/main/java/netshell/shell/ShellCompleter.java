package netshell.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import netshell.command.CommandSpec;
import netshell.command.Param;
import netshell.command.Session;
import netshell.command.Verb;

/**
 * Tab completion from the command specs: command names and node words first, then sub-commands,
 * then options and positional values from the session's completion sources (node names,
 * interfaces, VIPs… which are cached so that a Tab never waits on a node). After {@code |}: filters.
 */
public final class ShellCompleter implements Completer {
    private final Session session;

    public ShellCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = new ArrayList<>(line.words().subList(0, line.wordIndex()));
        for (Suggestion s : suggest(words)) {
            candidates.add(new Candidate(s.value(), s.value(), s.group(), s.description(), null, null, s.complete()));
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
            out.add(new Suggestion("help", "commands", "show help", true));
            for (String n : session.nodeWords()) out.add(new Suggestion(n, "nodes", "run a command on " + n, true));
            return out;
        }
        String first = segment.get(0);
        if (first.equals("help") && segment.size() == 1) {
            for (CommandSpec c : session.registry().all())
                out.add(new Suggestion(c.name(), "commands", c.summary(), true));
            return out;
        }
        if (first.equals("on") && segment.size() == 1) {
            return values("selector", "selectors", "a node, group, comma list or glob");
        }
        var spec = session.registry().find(first);
        if (spec.isEmpty()) return out;
        CommandSpec c = spec.get();
        if (c.hasSubcommands() && segment.size() == 1) {
            for (Verb v : c.verbs()) out.add(new Suggestion(v.name(), "sub-commands", v.summary(), true));
            return out;
        }
        Verb v = c.hasSubcommands() ? c.verb(segment.get(1)).orElse(null) : c.verbs().get(0);
        if (v == null) return out;
        String last = segment.get(segment.size() - 1);
        var option = last.startsWith("-") ? v.option(last.replaceFirst("^-+", "")) : Optional.<Param>empty();
        if (option.isPresent() && option.get().kind() == Param.Kind.OPTION) return valuesFor(option.get());
        int consumed = c.hasSubcommands() ? 2 : 1;
        int given = Help.countPositionals(v, segment.subList(consumed, segment.size()));
        List<Param> positionals = v.positionals();
        if (given < positionals.size()) out.addAll(valuesFor(positionals.get(given)));
        for (Param p : v.options()) {
            if (!segment.contains("--" + p.name()) || p.repeatable())
                out.add(new Suggestion("--" + p.name(), "options", p.description(), true));
        }
        for (String universal : List.of("--json", "--explain", "--dry-run", "--confirm", "--help")) {
            String what = universal.equals("--confirm")
                    ? "SECONDS: nodes roll a change back by themselves unless 'confirm' comes in time"
                    : "every command";
            if (!segment.contains(universal)) out.add(new Suggestion(universal, "options", what, true));
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
