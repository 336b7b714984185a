package netshell.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one iptables-save rule line into words the way iptables-restore reads it: blanks separate, double quotes
 * group ({@code "netshell:... -> 10.0.0.2:80"} is one word), a backslash inside quotes escapes the next character.
 * Every reader of iptables-save (lb's rules, doctor's checks, trace's simulator) splits lines here.
 */
public final class SaveWords {
    private SaveWords() {}

    /** The words; a quote left open runs to the end of the line (a reader of someone else's rules goes on). */
    public static List<String> of(String line) {
        return split(line, false);
    }

    /** As {@link #of}, but a quote left open is refused: the line is not one iptables-restore would take. */
    public static List<String> strict(String line) {
        return split(line, true);
    }

    private static List<String> split(String line, boolean strict) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inQuotes = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '\\' && i + 1 < line.length()) word.append(line.charAt(++i));
                else if (c == '"') inQuotes = false;
                else
                    word.append(c);
            } else if (c == '"') {
                inQuotes = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inQuotes && strict) throw new IllegalArgumentException("unterminated quote in: " + line);
        if (inWord) words.add(word.toString());
        return words;
    }
}
