package netshell.script;

import java.util.ArrayList;
import java.util.List;

import netshell.core.BadInput;
import netshell.node.ShellQuote;

/**
 * The argv of a script's {@code node.run(text)}: words split as the shell splits them (single and double quotes,
 * backslash escapes), but no shell operator means anything, so {@code ;}, {@code |}, {@code >}, {@code $(…)} stay
 * characters of a word. A GString's interpolated values are data: each lands inside the word it is written in,
 * whole, whatever it holds (spaces and quotes included), so {@code "ip link show ${dev}"} is three words for any
 * {@code dev}. {@code node.sh(text)} is the one way to reach a shell, and its values are quoted for it.
 */
final class ScriptWords {
    private ScriptWords() {}

    /** The words of a plain text (a String, or a GString without values). */
    static List<String> words(String text) {
        return words(new String[]{text}, new Object[0]);
    }

    /**
     * The words of {@code strings[0] values[0] strings[1] … strings[n]} (a GString's parts): the constant parts are
     * split and unquoted, each value is appended verbatim to the word around it.
     */
    static List<String> words(String[] strings, Object[] values) {
        Splitter s = new Splitter();
        for (int i = 0; i < strings.length; i++) {
            s.constant(strings[i]);
            if (i < values.length) s.value(String.valueOf(values[i]));
        }
        return s.finish();
    }

    /** A shell line from a GString: the constant parts as written, each value quoted as one shell word. */
    static String shellLine(String[] strings, Object[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < strings.length; i++) {
            line.append(strings[i]);
            if (i < values.length) line.append(ShellQuote.quote(String.valueOf(values[i])));
        }
        return line.toString();
    }

    /** A word-splitting state machine whose quote state carries across the GString's parts. */
    private static final class Splitter {
        private final List<String> words = new ArrayList<>();
        private StringBuilder word;
        private char quote; // 0 outside quotes, else the quote that is open
        private boolean escaped; // a backslash was the last character of the previous constant part

        void value(String v) {
            if (escaped) throw new BadInput("node.run: a backslash before an interpolated value");
            current().append(v);
        }

        void constant(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (escaped) {
                    escaped = false;
                    current().append(c);
                } else if (quote == '\'') {
                    if (c == '\'') quote = 0;
                    else
                        current().append(c);
                } else if (quote == '"') {
                    if (c == '"') quote = 0;
                    else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                        current().append(text.charAt(++i));
                    } else
                        current().append(c);
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    current();
                } else if (c == '\\') {
                    escaped = true;
                    current();
                } else if (Character.isWhitespace(c)) {
                    flush();
                } else {
                    current().append(c);
                }
            }
        }

        List<String> finish() {
            if (quote != 0)
                throw new BadInput("node.run: unterminated " + (quote == '\'' ? "single" : "double")
                        + " quote");
            if (escaped) throw new BadInput("node.run: the text ends with a lone backslash");
            flush();
            if (words.isEmpty()) throw new BadInput("node.run: no command given");
            return List.copyOf(words);
        }

        private StringBuilder current() {
            if (word == null) word = new StringBuilder();
            return word;
        }

        private void flush() {
            if (word != null) words.add(word.toString());
            word = null;
        }
    }
}
