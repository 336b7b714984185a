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
import netshell.testing.NeedsRoot;
import netshell.testing.ShellProcess;
import netshell.testing.TestShell;

/** A recorded session (markdown and Groovy) replayed line by line on a fresh lab gives the same kernel state. */
@NeedsRoot
class RecordReplayTest {
    static final Pattern SH = Pattern.compile("^line '((?:[^'\\\\]|\\\\.)*)'$");
    /** Timings differ from run to run: "12.3 ms" and the like. */
    static final Pattern TIMING = Pattern.compile("\\d+(\\.\\d+)? ms\\b");

    @Test
    void recordedSessionReplaysToTheSameState(@TempDir Path dir) throws Exception {
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
                "## `node1 ip link set nsbr9 mtu 1450 up`\n\nLinux commands:\n\n"
                        + "```sh\nnode1$ ip link set nsbr9 mtu 1450 up\n```"),
                transcript);
        assertTrue(transcript.contains("## `nodes | count`\n\n```text\n3\n```"), transcript);
        assertFalse(transcript.contains("## `record"), transcript);
    }

    /**
     * Commands, node commands, Groovy and pipes, recorded with record FILE.groovy: the file replayed with
     * ./shell FILE.groovy prints what the session printed, timings masked.
     */
    @Test
    void aMixedSessionReplaysWithTheSameOutput(@TempDir Path dir) throws Exception {
        Path groovy = dir.resolve("mixed.groovy");
        List<String> session = List.of(
                "net split 10.0.0.0/24 2",
                "x = net.split('10.0.0.0/24', 2)",
                "x[1].first",
                "x[0]",
                "node1 echo hello from node1",
                "all echo hello | count",
                "node1.run('echo hi').stdout",
                "net info 10.1.2.3/20 | head 3",
                "println x.size()",
                "node2 df -h / | head 1",
                "time all true",
                "y = 2 + 2; println y",
                "on node[1-2] --gather echo same");
        try (TestShell a = TestShell.lab("nsrp", 2)) {
            assertEquals(0, a.run("record " + groovy).status());
            StringBuilder printed = new StringBuilder();
            for (String line : session) {
                TestShell.Run r = a.run(line);
                assertEquals(0, r.status(), line + ": " + r.err());
                printed.append(r.out());
            }
            assertTrue(a.run("record stop").out().contains("recorded " + session.size() + " command(s)"));
            assertTrue(printed.toString().contains("Size"), "df -h kept its -h: " + printed);
            ShellProcess.Run replay = ShellProcess.shell(Map.of("NETSHELL_LAB", a.lab().name()), groovy.toString());
            assertEquals(0, replay.status(), replay.err() + "\n" + Files.readString(groovy));
            assertEquals(TIMING.matcher(printed).replaceAll("N ms"), TIMING.matcher(replay.out()).replaceAll("N ms"));
        }
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
