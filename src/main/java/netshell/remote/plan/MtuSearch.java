package netshell.remote.plan;

/**
 * The binary search for the largest IPv4 packet that crosses a path with do-not-fragment set: {@code crosses}
 * is a size known to cross, {@code fails} one known not to; each probe halves the gap until they are adjacent.
 * Sizes are whole packets (payload + 28 bytes of IPv4 and ICMP headers), as MTUs are counted.
 */
public record MtuSearch(int crosses, int fails) {
    /** IPv4 header (20) and ICMP echo header (8). */
    public static final int HEADERS = 28;
    /** The smallest packet every IPv4 link carries (RFC 791). */
    public static final int MIN = 68;
    /** One more than the largest IPv4 packet. */
    public static final int MAX = 65536;

    public MtuSearch {
        if (crosses >= fails) throw new IllegalArgumentException("crosses " + crosses + " >= fails " + fails);
    }

    /** The search after {@link #MIN} was seen to cross. */
    public static MtuSearch start() {
        return new MtuSearch(MIN, MAX);
    }

    /**
     * The search on a path whose first hop has MTU {@code firstHop}: nothing larger leaves the sender, so only
     * smaller sizes are probed (a probe that fails costs ping's whole timeout).
     */
    public static MtuSearch below(int firstHop) {
        return firstHop < MIN ? start() : new MtuSearch(MIN, Math.min(firstHop + 1, MAX));
    }

    public boolean done() { return fails - crosses <= 1; }

    /** The packet size to probe next. */
    public int next() { return crosses + (fails - crosses) / 2; }

    public MtuSearch after(int size, boolean crossed) {
        return crossed ? new MtuSearch(size, fails) : new MtuSearch(crosses, size);
    }
}
