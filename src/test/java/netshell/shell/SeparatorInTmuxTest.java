package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netshell.testing.Eventually;
import netshell.testing.TestTimeouts;

/**
 * The REPL in tmux under each TERM a user has there: the line above the hint must be box drawing (cells tmux holds
 * in the line-drawing set, which capture-pane -e writes after Shift Out), not the letters "qqqq" that screen's and
 * tmux's Shift Out gives when the alternate set was never made ready.
 */
class SeparatorInTmuxTest {
    /** How long the tmux tests wait for the screen or a process (scaled by load). */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"tmux-256color", "screen", "screen-256color", "xterm-256color", "xterm"})
    void separatorIsBoxDrawing(String term) throws Exception {
        String session = "nssep-" + UUID.randomUUID().toString().substring(0, 6);
        String shell = Path.of("shell").toAbsolutePath().toString();
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "12",
                "env TERM=" + term + " LANG=C.UTF-8 " + shell + " --dry-run");
        try {
            String pane = waitFor(session, "netshell[", null);
            tmux("send-keys", "-t", session, "net split 10.0.0.0/24 2");
            pane = waitFor(session, "usage: net split", pane);
            String separator = pane.lines().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", ""))
                    .filter(l -> l.matches("\\x0e?q{20,}.*")).findFirst().orElse(null);
            assertTrue(separator != null, term + ": no separator line in\n" + pane);
            assertTrue(separator.startsWith("\u000eqqqq"), term + ": the separator is letters, not a line: "
                    + separator.replace("\u000e", "<SO>").replace("\u000f", "<SI>"));
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    /** The pane with its cells' character sets (-e), once it shows {@code text}. */
    static String waitFor(String session, String text, String before) {
        return Eventually.until(DEADLINE, () -> tmux("capture-pane", "-t", session, "-p", "-e"),
                pane -> pane.contains(text),
                "'" + text + "' in the pane" + (before == null ? "" : "; before:\n" + before));
    }

    static String tmux(String... args) throws IOException, InterruptedException {
        // A server of this test run's own (-L): a user's tmux, or another run's, can neither see nor end its sessions.
        List<String> argv = new java.util.ArrayList<>(
                List.of("tmux", "-L", "netshell-tests-" + ProcessHandle.current().pid(), "-u"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TestTimeouts.scaledMillis(30_000), TimeUnit.MILLISECONDS)) p.destroyForcibly();
        return out;
    }
}
