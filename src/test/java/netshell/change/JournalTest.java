package netshell.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netshell.change.plan.JournalRecord;
import netshell.change.plan.GroupDelta;
import netshell.testing.TestTimeouts;

/** The journal on disk: records round-trip, and shells writing at once (threads and processes) lose nothing. */
class JournalTest {
    @TempDir
    Path dir;

    static JournalRecord record(String session, String line) {
        GroupDelta links = new GroupDelta("links", 1, "aaaa", 2, "bbbb", List.of("@@ -1,0 +2 @@", "+x bridge mtu 1500"),
                List.of("lo loopback mtu 65536 up", "x bridge mtu 1500"), false);
        return new JournalRecord(0, "2026-11-28T13:00:00Z", session, "lab netshell", line, 60, null,
                List.of(new JournalRecord.NodeChange("node1", List.of("ip link add x type bridge"), "id1", true,
                        List.of(links), false)),
                "");
    }

    @Test
    void recordsRoundTripThroughJson() {
        Journal j = new Journal(dir);
        JournalRecord stored = j.append(record("s1", "vxlan create --vni 100"));
        assertEquals(1, stored.id());
        assertEquals(stored, j.get(1).orElseThrow());
        assertEquals(List.of(stored.header()), j.all(), "listing reads the headers only");
        j.mark(1, "confirmed");
        assertEquals("confirmed", j.get(1).orElseThrow().state());
        assertEquals("confirmed", j.all().get(0).state());
    }

    @Test
    void aRecordOfTheOldFormatStillListsAndShows() throws Exception {
        Files.createDirectories(dir);
        Files.copy(Path.of("src/test/resources/change/journal-0.2.json"), dir.resolve("000001.json"));
        JournalRecord r = new Journal(dir).get(1).orElseThrow();
        assertTrue(r.nodes().get(0).legacy());
        assertEquals(List.of("+ -A INPUT -p tcp -m tcp --dport 22 -j DROP"),
                r.nodes().get(0).deltas().get(0).plusMinus());
        assertEquals("iptables filter", r.nodes().get(0).deltas().get(0).displayName());
        assertEquals(1, new Journal(dir).all().size());
    }

    @Test
    void aOneLineChangeJournalsSmallWhateverTheGroupsSize() {
        // The node sends hunks, not states: a route added beside a million others is a few hundred bytes.
        GroupDelta routes = new GroupDelta("routes", 1_000_000, "c0ffee", 1_000_001, "beef",
                List.of("@@ -500000,0 +500001 @@", "+10.200.0.1 via 192.168.56.11 dev eth1"), null, false);
        Journal j = new Journal(dir);
        j.append(new JournalRecord(0, "t", "s", "lab x", "node1 ip route add 10.200.0.1 via 192.168.56.11", 0, null,
                List.of(new JournalRecord.NodeChange("node1", List.of("ip route add …"), null, true, List.of(routes),
                        false)),
                ""));
        long bytes = dir.toFile().listFiles().length == 0
                ? 0
                : java.util.Arrays.stream(dir.toFile().listFiles()).mapToLong(java.io.File::length).sum();
        assertTrue(bytes < 100_000, bytes + " bytes");
        assertEquals(routes, j.get(1).orElseThrow().nodes().get(0).deltas().get(0));
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
        for (Thread t : shells) t.join(TestTimeouts.scaledMillis(60_000));
        assertAllThere(80);
    }

    @Test
    void twoShellProcessesLoseNothing() throws Exception {
        // A second JVM appends while this one does: the file lock, not only the in-process one, keeps them apart.
        Path classes = Path.of("target/classes").toAbsolutePath();
        String cp = classes + java.io.File.pathSeparator + System.getProperty("java.class.path");
        Path main = Files.writeString(dir.resolve("Append.java"), """
                import java.util.List;
                                import netshell.change.Journal;
                import netshell.change.plan.JournalRecord;
                public class Append { public static void main(String[] a) {
                    Journal j = new Journal(java.nio.file.Path.of(a[0]));
                    for (int i = 0; i < 40; i++) j.append(new JournalRecord(0, "t", "p", "", "p " + i, 0, null,
                            List.of(new JournalRecord.NodeChange("node1", List.of("x"), null, true, List.of(), false)),
                            ""));
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
