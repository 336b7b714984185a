package netshell.node;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words as a POSIX shell (and Python's shlex) does: '…' literal, "…" with backslash escapes,
 * a backslash outside quotes escapes the next character; with `comments`, `#` at the start of a word ends the line.
 * Pure; an unclosed quote is an IllegalArgumentException.
 */
final class ShellWords {
    private ShellWords() {}

    static List<String> split(String line, boolean comments) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else
                    word.append(c);
            } else if (quote == '"') {
                if (c == '"') quote = 0;
                else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0)
                    word.append(line.charAt(++i));
                else
                    word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else if (c == '#' && comments && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unclosed quote (" + quote + ")");
        if (inWord) out.add(word.toString());
        return out;
    }
}
