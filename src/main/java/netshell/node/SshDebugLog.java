package netshell.node;

import java.io.PrintStream;
import java.util.regex.Pattern;

import com.jcraft.jsch.Logger;

/**
 * `--debug`: what the SSH layer does (JSch's log: key exchange, host key, each authentication method tried), one
 * line per event on stderr, as `ssh -v` shows it, each line naming the node. Long base64 runs (key material) are
 * never printed.
 */
public final class SshDebugLog {
    private static final Pattern KEY_MATERIAL = Pattern.compile("[A-Za-z0-9+/]{60,}={0,2}");
    private static volatile PrintStream sink;

    private SshDebugLog() {}

    /** Sends the SSH conversation of every login from now on to `out`; null stops it. */
    public static void to(PrintStream out) {
        sink = out;
    }

    static boolean enabled() { return sink != null; }

    /** A logger for one node's session. */
    static Logger forNode(String node) {
        return new Logger() {
            @Override
            public boolean isEnabled(int level) { return sink != null; }

            @Override
            public void log(int level, String message) {
                PrintStream out = sink;
                if (out != null) out.println(line(node, level, message));
            }
        };
    }

    /** One event as one line: `debug: ssh node1: message`, key material replaced by [redacted]. */
    static String line(String node, int level, String message) {
        String text = KEY_MATERIAL.matcher(String.valueOf(message)).replaceAll("[redacted]")
                .replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        String severity = level >= Logger.ERROR ? "error: " : level == Logger.WARN ? "warning: " : "";
        return "debug: ssh " + node + ": " + severity + text;
    }
}
