package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.change.plan.JournalRecord;
import netshell.change.plan.Snapshot;

/** The journal on disk: records round-trip, and shells writing at once (threads and processes) lose nothing. */
class JournalTest {
    @TempDir
    Path dir;

    static JournalRecord record(String session, String line) {
        Snapshot s = new Snapshot(Map.of(Snapshot.LINKS, "[]", Snapshot.IPTABLES, "*filter\nCOMMIT"));
        return new JournalRecord(0, "2026-11-28T13:00:00Z", session, line, 60, null,
                List.of(new JournalRecord.NodeChange("node1", List.of("ip link add x type bridge"), "id1", s, s)));
    }

    @Test
    void recordsRoundTripThroughJson() {
        Journal j = new Journal(dir);
        JournalRecord stored = j.append(record("s1", "vxlan create --vni 100"));
        assertEquals(1, stored.id());
        assertEquals(stored, j.get(1).orElseThrow());
        assertEquals(List.of(stored), j.all());
    }

    @Test
    void twoShellsInOneProcessLoseNothing() throws Exception {
        List<Thread> shells = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (String name : List.of("a", "b")) {
            Journal own = new Journal(dir); // each shell has its own journal object, as two sessions do
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 40; i++) own.append(record(name, name + " " + i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            shells.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : shells) t.join(60_000);
        assertAllThere(80);
    }

    @Test
    void twoShellProcessesLoseNothing() throws Exception {
        // A second JVM appends while this one does: the file lock, not only the in-process one, keeps them apart.
        Path classes = Path.of("target/classes").toAbsolutePath();
        String cp = classes + java.io.File.pathSeparator + System.getProperty("java.class.path");
        Path main = Files.writeString(dir.resolve("Append.java"), """
                import java.util.List;
                import java.util.Map;
                import netshell.change.Journal;
                import netshell.change.plan.JournalRecord;
                import netshell.change.plan.Snapshot;
                public class Append { public static void main(String[] a) {
                    Journal j = new Journal(java.nio.file.Path.of(a[0]));
                    Snapshot s = new Snapshot(Map.of("links", "[]"));
                    for (int i = 0; i < 40; i++) j.append(new JournalRecord(0, "t", "p", "p " + i, 0, null,
                            List.of(new JournalRecord.NodeChange("node1", List.of("x"), null, s, s))));
                }}
                """);
        Path log = dir.resolve("append.log");
        Process other = new ProcessBuilder("java", "-cp", cp, main.toString(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Journal mine = new Journal(dir);
        for (int i = 0; i < 40; i++) mine.append(record("q", "q " + i));
        other.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, other.exitValue(), Files.readString(log));
        assertAllThere(80);
    }

    private void assertAllThere(int n) {
        List<JournalRecord> all = new Journal(dir).all();
        assertEquals(n, all.size());
        Set<Integer> ids = new TreeSet<>();
        Set<String> lines = new TreeSet<>();
        all.forEach(r -> { ids.add(r.id()); lines.add(r.line()); });
        assertEquals(n, ids.size(), "every change has a number of its own");
        assertEquals(n, lines.size(), "no change overwrote another");
        assertEquals(n, ids.stream().mapToInt(Integer::intValue).max().orElse(0));
    }
}
