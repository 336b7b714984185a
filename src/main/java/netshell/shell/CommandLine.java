package netshell.shell;

import java.util.List;

/**
 * One parsed command of a line: its words, the filters it is piped into, and where its output goes.
 * {@code source} keeps the text as typed, for history, recording and Groovy fallback.
 */
public record CommandLine(List<String> words, List<Filter> filters, Redirect redirect, String source) {
    public CommandLine {
        words = List.copyOf(words);
        filters = List.copyOf(filters);
    }

    /** A built-in filter stage: {@code | grep -v x}. */
    public record Filter(String name, List<String> args) {
        public Filter { args = List.copyOf(args); }
    }

    /** {@code > FILE} or {@code >> FILE}. */
    public record Redirect(String file, boolean append) {}

    public boolean isEmpty() { return words.isEmpty(); }
}
