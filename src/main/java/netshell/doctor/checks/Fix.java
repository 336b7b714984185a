package netshell.doctor.checks;

import java.util.List;
import java.util.regex.Pattern;

/** Fix commands as one shell line: argvs quoted like a person types them, joined by &&. */
final class Fix {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Fix() {}

    static String of(String... argv) { return line(List.of(argv)); }

    static String line(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String w : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(w.isEmpty() ? "''" : SAFE.matcher(w).matches() ? w : "'" + w.replace("'", "'\"'\"'") + "'");
        }
        return sb.toString();
    }

    static String all(List<String> lines) { return String.join(" && ", lines); }
}
