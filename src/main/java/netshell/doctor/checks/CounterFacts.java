package netshell.doctor.checks;

/**
 * One node's drop counters read twice in one doctor run: with its first read and again after the pings, so a
 * counter that rises while doctor runs shows packets being dropped now, not some time since boot.
 *
 * @param before the counters with the first read
 * @param after  the counters with the last read
 * @param millis the time between the two reads
 */
public record CounterFacts(Counters before, Counters after, long millis) {
    /** How much {@code name} rose between the reads: 0 when it did not, or when either read lacks it. */
    public long rise(String name) {
        if (before == null || after == null) return 0;
        Long a = before.get(name);
        Long b = after.get(name);
        return a == null || b == null || b < a ? 0 : b - a;
    }

    /** Whether both reads have {@code name}, so that its check can say something. */
    public boolean has(String name) {
        return before != null && after != null && before.get(name) != null && after.get(name) != null;
    }

    /** "NAME A → B (+D in S s)": the evidence line of one counter. */
    public String line(String label, String name) {
        return label + " " + before.get(name) + " → " + after.get(name) + " (+" + rise(name) + " in "
                + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0) + " s)";
    }
}
