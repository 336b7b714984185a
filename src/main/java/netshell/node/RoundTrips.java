package netshell.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round trips per node, counted at the transport boundary when {@code NETSHELL_ROUND_TRIPS=1}: every
 * {@link Node#run}, every {@link Node#stream} and every {@link Node#runAll} is one round trip on a transport that
 * batches (a process, an SSH channel: {@link ReadScript}); the default runAll counts one per argv, as it runs them.
 * The transports call {@link #count} where a command leaves for the node; when counting is off that is one read of
 * a boolean. Counts are process-wide (fan-out threads included, {@link #background} work not) and taken by
 * name: the shell prints and resets them after each command.
 */
public final class RoundTrips {
    /** The environment variable that turns counting on ("1"). */
    public static final String ENV = "NETSHELL_ROUND_TRIPS";

    private static volatile boolean on = "1".equals(System.getenv(ENV));
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> BACKGROUND = ThreadLocal.withInitial(() -> false);

    private RoundTrips() {}

    /** Whether round trips are being counted. */
    public static boolean on() { return on; }

    /** Turns counting on or off (on at start-up when {@code NETSHELL_ROUND_TRIPS=1}); off also forgets the counts. */
    public static void on(boolean count) {
        on = count;
        if (!count) COUNTS.clear();
    }

    /** Runs work without counting its round trips on this thread: background reads belong to no command. */
    public static void background(Runnable work) {
        if (!on) {
            work.run();
            return;
        }
        BACKGROUND.set(true);
        try {
            work.run();
        } finally {
            BACKGROUND.remove();
        }
    }

    /** One round trip to node (a command sent and its answer awaited, or a stream started). */
    static void count(String node) {
        if (!on || BACKGROUND.get()) return;
        COUNTS.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
    }

    /** The counts since the last take, by node name in natural order (node2 before node10), and resets them. */
    public static Map<String, Integer> take() {
        List<String> names = new ArrayList<>(COUNTS.keySet());
        names.sort(NATURAL);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String n : names) {
            AtomicInteger c = COUNTS.remove(n);
            if (c != null && c.get() > 0) out.put(n, c.get());
        }
        return out;
    }

    /** {@code round trips: node1 1, node2 1} (or {@code round trips: none}) for the counts taken now. */
    public static String takeLine() {
        StringJoiner line = new StringJoiner(", ", "round trips: ", "").setEmptyValue("round trips: none");
        take().forEach((n, c) -> line.add(n + " " + c));
        return line.toString();
    }

    /** Names with their digit runs compared as numbers: node2 < node10. */
    static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String p = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String q = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
                if (c != 0) return c;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
}
