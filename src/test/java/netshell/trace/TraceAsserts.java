package netshell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
}
