package netshell.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several read-only argvs in one round trip: one POSIX {@code sh -c} script runs them in order and marks the end
 * of each with its exit status and its own stderr, so that the caller gets one ExecResult per argv as if each
 * had run alone. Only netshell's own fixed words are put in the script, each quoted by {@link ShellQuote}.
 */
public final class ReadScript {
    private static final String MARK = "@@netshell-read";
    private static final String END = "@@netshell-read-end";

    private ReadScript() {}

    /** The script: each command's stdout as is, then a marker with its exit status and captured stderr. */
    public static String script(List<List<String>> argvs) {
        StringBuilder sb = new StringBuilder("exec 3>&1\n");
        for (List<String> argv : argvs) {
            if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
            sb.append("e=$(").append(ShellQuote.join(argv)).append(" 2>&1 >&3 </dev/null); r=$?; printf '\\n")
                    .append(MARK).append(" %d\\n%s\\n").append(END).append("\\n' \"$r\" \"$e\"\n");
        }
        return sb.toString();
    }

    /**
     * Splits the script's output into one result per argv. Commands whose marker is missing (the script could not
     * run, or was cut short) get the whole run's exit status (127 if it had none) and its first error line.
     */
    public static List<ExecResult> split(String node, List<List<String>> argvs, ExecResult whole) {
        String out = whole.stdout();
        List<ExecResult> results = new ArrayList<>();
        int pos = 0;
        for (List<String> argv : argvs) {
            int mark = pos < 0 ? -1 : out.indexOf("\n" + MARK + " ", pos);
            int lineEnd = mark < 0 ? -1 : out.indexOf('\n', mark + 1);
            int end = lineEnd < 0 ? -1 : out.indexOf("\n" + END + "\n", lineEnd);
            if (end < 0) {
                int exit = whole.exit() == 0 ? 127 : whole.exit();
                results.add(new ExecResult(node, argv, exit, "", whole.firstErrorLine(), Duration.ZERO));
                pos = -1;
                continue;
            }
            String status = out.substring(mark + MARK.length() + 2, lineEnd).strip();
            int exit = status.matches("\\d+") ? Integer.parseInt(status) : 127;
            String stderr = end > lineEnd ? out.substring(lineEnd + 1, end) : "";
            results.add(new ExecResult(node, argv, exit, out.substring(pos, mark), stderr, Duration.ZERO));
            pos = end + END.length() + 2;
        }
        return results;
    }
}
