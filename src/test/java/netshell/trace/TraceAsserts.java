package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.function.Executable;

import netshell.testing.CtrlC;
import netshell.trace.plan.Drop;

/** What the trace lab tests check of a report, the same over namespaces, SSH and Docker. */
final class TraceAsserts {
    private TraceAsserts() {}

    /** Dropped at {@code at}, in {@code phase}, for a reason naming each of {@code reasons}. */
    static Drop droppedAt(TraceReport t, String at, String phase, String... reasons) {
        assertEquals("DROPPED", t.verdict(), t.text());
        Drop d = t.dropAt();
        assertEquals(List.of(at, phase), List.of(d.at(), d.phase()), t.text());
        for (String r : reasons) assertTrue(d.reason().contains(r), "'" + r + "' in " + t.text());
        return d;
    }

    /** A live trace's evidence on a phase of {@code at}: what the kernel said, not only what the simulation did. */
    static void liveAt(TraceReport t, String at, String phase) {
        assertEquals("live", t.trace().mode(), t.text());
        assertTrue(t.hops().stream().anyMatch(h -> h.at().equals(at) && h.phase().equals(phase) && h.live() != null),
                "live evidence at " + at + " " + phase + " in " + t.text());
    }

    /** A live trace where node2 gives up once node1 has its marking, monitor and capture in place: it fails so. */
    static void node2FailsMidWay(Executable trace) {
        LiveTrace.stages = (stage, node) -> {
            if (stage.equals("started") && node.equals("node2")) throw new IllegalStateException("node2 gave up");
        };
        try {
            Throwable failed = assertThrows(Exception.class, trace);
            assertTrue(String.valueOf(failed.getMessage()).contains("node2"), String.valueOf(failed.getMessage()));
        } finally {
            LiveTrace.stages = (stage, node) -> {};
        }
    }

    /** A live trace interrupted (Ctrl-C: the command's thread) while every node waits for the probe. */
    static void ctrlCWhileWaiting(Executable trace) {
        Thread command = Thread.currentThread();
        LiveTrace.stages = (stage, node) -> {
            if (stage.equals("started") && node.equals("node1")) command.interrupt();
        };
        try {
            assertThrows(Exception.class, trace);
        } finally {
            Thread.interrupted();
            LiveTrace.stages = (stage, node) -> {};
        }
    }

    /**
     * Runs a trace with Ctrl-C (the command's thread interrupted) {@code millis} after it began, wherever it is then;
     * what it threw, or "finished" when it ended first.
     */
    static String interruptedAfter(long millis, Executable trace) {
        try {
            return CtrlC.after(millis, () -> {
                try {
                    trace.execute();
                } catch (Throwable t) {
                    return String.valueOf(t);
                }
                return "finished";
            });
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }
}
