package netshell.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import netshell.lab.Lab;
import netshell.node.LocalNode;
import netshell.testing.Eventually;
import netshell.testing.NeedsRoot;

/**
 * The --confirm countdown in the REPL's prompt (tmux, a lab of the test's own): it ticks with no key pressed, goes
 * when the change is confirmed, and goes by itself when the node rolls the change back.
 */
@NeedsRoot
class ConfirmCountdownInTmuxLabTest {
    static final Pattern COUNTDOWN = Pattern.compile("confirm (\\d+)s\\]>");

    @Test
    void theCountdownTicksAndGoesWhenSettled() throws Exception {
        assumeTrue(Files.exists(Path.of("target/netshell.jar")), "needs target/netshell.jar (mvn package)");
        String name = "nscd-" + UUID.randomUUID().toString().substring(0, 6);
        Lab lab = new Lab(name);
        Path journal = Files.createTempDirectory("nscd-journal");
        String session = name;
        try {
            lab.up(2, false);
            SeparatorInTmuxTest.tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40",
                    "env TERM=xterm-256color LANG=C.UTF-8 NETSHELL_LAB=" + name + " java -Dnetshell.journal="
                            + journal + " -jar " + Path.of("target/netshell.jar").toAbsolutePath());
            SeparatorInTmuxTest.waitFor(session, "netshell[lab:2]>", null);

            SeparatorInTmuxTest.tmux("send-keys", "-t", session, "node1 --confirm 120 ip link add nscd0 type bridge",
                    "Enter");
            int first = awaitCountdown(session);
            Eventually.until(Duration.ofSeconds(20), () -> countdown(pane(session)), later -> later < first,
                    "the countdown ticks with no key pressed from " + first);

            SeparatorInTmuxTest.tmux("send-keys", "-t", session, "confirm", "Enter");
            assertTrue(lastPrompt(awaitPromptWithout(session)).contains("netshell[lab:2]>"), pane(session));

            SeparatorInTmuxTest.tmux("send-keys", "-t", session, "node2 --confirm 8 ip link add nscd1 type bridge",
                    "Enter");
            awaitCountdown(session);
            // no key pressed: the node rolls back at its deadline and the prompt drops the countdown by itself
            String settled = awaitPromptWithout(session);
            assertTrue(lastPrompt(settled).contains("netshell[lab:2]>"), settled);
            Eventually.until(SeparatorInTmuxTest.DEADLINE,
                    () -> !lab.nodes().get(1).run("ip", "link", "show", "nscd1").ok(),
                    "node2 rolled the bridge back");
            assertTrue(lab.nodes().get(0).run("ip", "link", "show", "nscd0").ok(), "node1's confirmed bridge stays");
        } finally {
            SeparatorInTmuxTest.tmux("kill-session", "-t", session);
            lab.down();
            new LocalNode("l").run("rm", "-rf", journal.toString());
        }
    }

    static String pane(String session) throws Exception {
        return SeparatorInTmuxTest.tmux("capture-pane", "-t", session, "-p");
    }

    /** The countdown on the last prompt line of the pane, or -1. */
    static int countdown(String pane) {
        Matcher m = COUNTDOWN.matcher(lastPrompt(pane));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String lastPrompt(String pane) {
        String last = "";
        for (String line : pane.lines().toList()) if (line.contains("netshell[")) last = line;
        return last;
    }

    /** The countdown once the last prompt shows one. */
    static int awaitCountdown(String session) {
        return countdown(Eventually.until(SeparatorInTmuxTest.DEADLINE, () -> pane(session), p -> countdown(p) >= 0,
                "a countdown in the prompt"));
    }

    /** The pane once its last prompt shows no countdown. */
    static String awaitPromptWithout(String session) {
        return Eventually.until(SeparatorInTmuxTest.DEADLINE, () -> pane(session), pane -> {
            String last = lastPrompt(pane);
            return !last.isEmpty() && !COUNTDOWN.matcher(last).find();
        }, "the countdown gone from the prompt");
    }
}
