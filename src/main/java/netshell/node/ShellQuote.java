package netshell.node;

import java.util.List;
import java.util.regex.Pattern;

/**
 * POSIX shell quoting: the one place where an argv becomes a shell string (SSH remote commands,
 * --explain display). Words that need no quoting stay bare so the text reads like what a person types.
 */
public final class ShellQuote {
    /** Characters that mean nothing to a POSIX shell anywhere in a word. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {}

    /** One word as the shell must see it: bare when safe, otherwise single-quoted ('\'' for quotes). */
    public static String quote(String word) {
        if (word.isEmpty()) return "''";
        if (SAFE.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The argv as one shell command line whose words reach the program exactly as given. */
    public static String join(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (i > 0) line.append(' ');
            // A leading NAME=value would be taken as a variable assignment, not as the program.
            if (i == 0 && word.contains("=") && SAFE.matcher(word).matches()) line.append("'").append(word).append("'");
            else
                line.append(quote(word));
        }
        return line.toString();
    }
}
