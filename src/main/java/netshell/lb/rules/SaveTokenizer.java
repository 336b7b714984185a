package netshell.lb.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one iptables-save rule line into words the way iptables-restore reads it: blanks
 * separate, double quotes group ("netshell:... -> 10.0.0.2:80" is one word), a backslash
 * inside quotes escapes the next character.
 */
final class SaveTokenizer {
    private SaveTokenizer() {}

    static List<String> tokens(String line) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inQuotes = false, inWord = false;
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
        if (inQuotes) throw new IllegalArgumentException("unterminated quote in: " + line);
        if (inWord) words.add(word.toString());
        return words;
    }

    /** The inverse: quotes a word when iptables-save would. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '"' || ch == '\\'))
            return word;
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
