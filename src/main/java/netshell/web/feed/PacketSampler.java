package netshell.web.feed;

/**
 * Lets through at most {@code perSecond} packets a second (a bucket refilled as time passes), so a flood of captured
 * packets draws a steady trickle on the page instead of freezing it; counts what it saw and what it let through.
 */
public final class PacketSampler {
    private final double perSecond;
    private double tokens;
    private long lastNanos;
    private long seen;
    private long sent;

    public PacketSampler(double perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.lastNanos = nowNanos;
    }

    /** Whether this packet is drawn. */
    public synchronized boolean admit(long nowNanos) {
        seen++;
        tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        sent++;
        return true;
    }

    public synchronized long seen() { return seen; }
    public synchronized long sent() { return sent; }
}
