package netshell.shell;

import java.util.List;
import java.util.Set;

/**
 * One parsed command of a line: its words, the filters it is piped into, and where its output goes.
 * {@code source} keeps the text as typed, for history, recording and Groovy fallback; {@code quoted} holds the
 * indexes of the words that were quoted (wholly or in part), which node commands never read as names.
 */
public record CommandLine(List<String> words, List<Filter> filters, Redirect redirect, String source,
        Set<Integer> quoted) {
    public CommandLine {
        words = List.copyOf(words);
        filters = List.copyOf(filters);
        quoted = Set.copyOf(quoted);
    }

    public CommandLine(List<String> words, List<Filter> filters, Redirect redirect, String source) {
        this(words, filters, redirect, source, Set.of());
    }

    /** A built-in filter stage: {@code | grep -v x}. */
    public record Filter(String name, List<String> args) {
        public Filter { args = List.copyOf(args); }
    }

    /** {@code > FILE} or {@code >> FILE}. */
    public record Redirect(String file, boolean append) {}

    public boolean isEmpty() { return words.isEmpty(); }
}
