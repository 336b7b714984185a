package netshell.trouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.kernel.Link;
import netshell.kernel.Links;
import netshell.testing.TestShell;

/** A recorded session (markdown and Groovy) replayed line by line on a fresh lab gives the same kernel state. */
class RecordReplayTest {
    static final Pattern SH = Pattern.compile("^sh '((?:[^'\\\\]|\\\\.)*)'$");

    @Test
    void recordedSessionReplaysToTheSameState(@TempDir Path dir) throws Exception {
        Root.assume();
        Path md = dir.resolve("session.md");
        Path groovy = dir.resolve("session.groovy");
        List<String> session = List.of(
                "node1 ip link add nsbr9 type bridge",
                "explain on",
                "node1 ip link set nsbr9 mtu 1450 up",
                "explain off",
                "node2 ip link add nsbr9 type bridge; node2 ip link set nsbr9 mtu 1400",
                "all ip link add br8 type bridge",
                "node1 ip link add nsbr9 type bridge",
                "nodes | count");
        Map<String, String> recordedState;
        try (TestShell a = TestShell.lab("nst2", 2)) {
            assertEquals(0, a.run("record " + groovy).status());
            assertEquals(2, a.run("record " + md).status(), "one recording at a time");
            for (String line : session) a.run(line);
            assertTrue(a.run("record stop").out().contains("recorded 9 command(s)"));
            recordedState = state(a);
        }
        List<String> replay = new ArrayList<>();
        for (String line : Files.readAllLines(groovy)) {
            Matcher m = SH.matcher(line);
            if (m.matches()) replay.add(m.group(1).replace("\\'", "'").replace("\\\\", "\\"));
        }
        assertEquals(8, replay.size(), "the failing line is a comment: " + Files.readString(groovy));
        try (TestShell b = TestShell.lab("nst2", 2)) {
            assertEquals(0, b.run("record " + md).status());
            for (String line : replay) assertEquals(0, b.run(line).status(), line);
            b.run("record stop");
            assertEquals(recordedState, state(b));
        }
        String transcript = Files.readString(md);
        assertTrue(transcript.contains(
                "## `node1 ip link set nsbr9 mtu 1450 up`\n\nLinux commands:\n\n```sh\nnode1$ ip link set nsbr9 mtu 1450 up\n```"),
                transcript);
        assertTrue(transcript.contains("## `nodes | count`\n\n```text\n3\n```"), transcript);
        assertFalse(transcript.contains("## `record"), transcript);
    }

    /** Per node: every link but the lab's own, with kind, MTU, up and master. */
    static Map<String, String> state(TestShell sh) {
        Map<String, String> out = new TreeMap<>();
        for (String node : List.of("node1", "node2")) {
            List<String> links = new ArrayList<>();
            for (Link l : Links.parse(sh.sh(node, "ip", "-j", "-d", "link").stdout())) {
                links.add(l.name() + " " + l.kind() + " mtu " + l.mtu() + (l.adminUp() ? " up" : " down")
                        + (l.master() == null ? "" : " master " + l.master()));
            }
            out.put(node, String.join("\n", links.stream().sorted().toList()));
        }
        assertTrue(out.get("node2").contains("nsbr9 bridge mtu 1400"), out.toString());
        return out;
    }
}
