package netshell.capture.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Puts items from several live sources back into one time order. Each source delivers in order but late (a
 * pipe, an SSH channel), so an item is held until it has waited {@code window}: by then anything earlier from
 * another source has arrived too. The caller gives the clock, so the order is tested without waiting.
 */
public final class TimeOrder<T> {
    private record Held<T>(long time, long sequence, long arrived, T item) {}

    private final long windowNanos;
    private final PriorityQueue<Held<T>> held = new PriorityQueue<>(
            (a, b) -> a.time() != b.time()
                    ? Long.compare(a.time(), b.time())
                    : Long.compare(a.sequence(), b.sequence()));
    private long sequence;

    public TimeOrder(long windowNanos) { this.windowNanos = windowNanos; }

    /** An item stamped {@code time} that arrived at {@code arrived} (both in nanoseconds, any two clocks). */
    public void add(long time, long arrived, T item) {
        held.add(new Held<>(time, sequence++, arrived, item));
    }

    /** Items that may go now, earliest first: the earliest held one, while it has waited the window. */
    public List<T> due(long now) {
        List<T> out = new ArrayList<>();
        while (!held.isEmpty() && now - held.peek().arrived() >= windowNanos) out.add(held.poll().item());
        return out;
    }

    /** Everything held, earliest first (the capture stopped: nothing more will come). */
    public List<T> drain() {
        List<T> out = new ArrayList<>();
        while (!held.isEmpty()) out.add(held.poll().item());
        return out;
    }

    public int size() { return held.size(); }
}
