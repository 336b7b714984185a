package netshell.lb.rules;

import java.util.List;

import netshell.kernel.SaveWords;

/** iptables-save words for lb's rules: split strictly (see {@link SaveWords}), and quoted back. */
final class SaveTokenizer {
    private SaveTokenizer() {}

    static List<String> tokens(String line) {
        return SaveWords.strict(line);
    }

    /** The inverse: quotes a word when iptables-save would. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '"' || ch == '\\'))
            return word;
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
