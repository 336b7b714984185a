package netshell.web.feed;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-second rates of one interface between two samples of its counters. */
public record Rate(long rxBytes, long txBytes, long rxPackets, long txPackets) {
    /**
     * Rates of the interfaces in both samples; an interface whose counters went down (recreated) starts again at
     * zero rather than showing a negative rate.
     */
    public static Map<String, Rate> between(Map<String, Counters> before, Map<String, Counters> after,
            double seconds) {
        Map<String, Rate> out = new LinkedHashMap<>();
        if (seconds <= 0) return out;
        after.forEach((name, a) -> {
            Counters b = before.get(name);
            if (b == null) return;
            out.put(name, new Rate(per(a.rxBytes() - b.rxBytes(), seconds), per(a.txBytes() - b.txBytes(), seconds),
                    per(a.rxPackets() - b.rxPackets(), seconds), per(a.txPackets() - b.txPackets(), seconds)));
        });
        return out;
    }

    private static long per(long delta, double seconds) {
        return delta < 0 ? 0 : Math.round(delta / seconds);
    }
}
