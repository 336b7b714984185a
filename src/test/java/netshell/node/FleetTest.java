package netshell.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;
import netshell.testing.Eventually;
import netshell.testing.TestTimeouts;

class FleetTest {
    final Fleet fleet = new Fleet(List.of(new DryRunNode("node1"), new DryRunNode("node2"), new DryRunNode("db1")),
            Map.of("web", List.of("node1", "node2")));

    static List<String> names(List<Node> nodes) { return nodes.stream().map(Node::name).toList(); }

    @Test
    void selectors() {
        assertEquals(List.of("node1", "node2", "db1"), names(fleet.select("all")));
        assertEquals(List.of("node1", "node2"), names(fleet.select("web")));
        assertEquals(List.of("node1", "node2"), names(fleet.select("node*")));
        assertEquals(List.of("node2", "db1"), names(fleet.select("db1, node2,db1")));
        BadInput e = assertThrows(BadInput.class, () -> fleet.select("node1,x"));
        assertEquals("no such node: x (known: node1, node2, db1; --ignore-missing leaves it out)", e.getMessage());
        assertEquals(List.of("node1"), names(fleet.select("node1,x", true)));
        assertThrows(BadInput.class, () -> fleet.select("zz*"));
    }

    @Test
    void eachKeepsOrderAndReportsFailuresPerNode() {
        FleetResult<String> r = fleet.each(fleet.select("all"), n -> {
            if (n.name().equals("node2")) throw new NodeException("node2", "boom");
            return n.name().toUpperCase();
        });
        assertEquals(List.of("node1", "node2", "db1"), r.outcomes().stream().map(Outcome::node).toList());
        assertEquals("NODE1", r.outcomes().get(0).value());
        assertEquals("boom", r.outcomes().get(1).error());
        assertFalse(r.allOk());
        assertEquals(List.of("node2"), r.failedNodes());
    }

    @Test
    void interruptCancelsEveryNodePromptly() throws Exception {
        List<Node> locals = List.of(new LocalNode("a"), new LocalNode("b"), new LocalNode("c"));
        Thread caller = Thread.currentThread();
        AtomicReference<AssertionError> notStarted = new AtomicReference<>();
        Thread interrupter = new Thread(() -> {
            try {
                Eventually.until(Duration.ofSeconds(10), () -> sleeps(ProcessHandle.current().descendants()) == 3,
                        "a sleep 4731 running for each of the 3 nodes");
            } catch (AssertionError e) {
                notStarted.set(e);
            } finally {
                caller.interrupt();
            }
        });
        interrupter.start();
        long start = System.nanoTime();
        FleetResult<ExecResult> r = new Fleet(locals).each(locals, n -> n.run("sleep", "4731"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(Thread.interrupted());
        interrupter.join();
        if (notStarted.get() != null) throw notStarted.get();
        long limit = TestTimeouts.scaledMillis(5000);
        assertTrue(millis < limit, "returned after " + millis + " ms (limit " + limit + " ms)");
        assertEquals(List.of("a", "b", "c"), r.failedNodes());
        Eventually.until(Duration.ofSeconds(5), () -> sleeps(ProcessHandle.allProcesses()) == 0,
                "no sleep 4731 left");
    }

    static long sleeps(Stream<ProcessHandle> processes) {
        return processes.filter(p -> p.info().commandLine().orElse("").contains("sleep 4731")).count();
    }
}
