package netshell.remote.plan;

import java.util.Locale;
import java.util.Map;

import groovy.json.JsonSlurper;

/**
 * What iperf3 -J reports at its end: the rate sent and received in bits per second, TCP retransmits, and for UDP
 * the lost datagrams in percent and the jitter.
 */
public record IperfResult(double sentBps, double receivedBps, Long retransmits, Double lostPercent, Double jitterMs) {
    /** Reads iperf3's JSON; an "error" field (server busy, no route) becomes IllegalArgumentException. */
    @SuppressWarnings("unchecked")
    public static IperfResult parse(String json, boolean udp) {
        Object parsed;
        try {
            parsed = new JsonSlurper().parseText(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("iperf3 printed no JSON: " + firstLine(json));
        }
        if (!(parsed instanceof Map<?, ?> root)) throw new IllegalArgumentException("iperf3 printed no JSON object");
        if (root.get("error") != null) throw new IllegalArgumentException("iperf3: " + root.get("error"));
        Map<String, Object> end = (Map<String, Object>) root.get("end");
        if (end == null) throw new IllegalArgumentException("iperf3 printed no end summary");
        if (udp) {
            Map<String, Object> sum = (Map<String, Object>) end.get("sum");
            double rate = number(sum, "bits_per_second");
            return new IperfResult(rate, rate * (1 - number(sum, "lost_percent") / 100), null,
                    number(sum, "lost_percent"), number(sum, "jitter_ms"));
        }
        Map<String, Object> sent = (Map<String, Object>) end.get("sum_sent");
        Map<String, Object> received = (Map<String, Object>) end.get("sum_received");
        Object retransmits = sent.get("retransmits");
        return new IperfResult(number(sent, "bits_per_second"), number(received, "bits_per_second"),
                retransmits instanceof Number n ? n.longValue() : null, null, null);
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("iperf3's summary has no " + key);
        return n.doubleValue();
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("(nothing)");
    }

    /** "9.41 Gbit/s": bits per second with an SI prefix. */
    public static String rate(double bps) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        int i = 0;
        double v = bps;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.2f %s", v, units[i]);
    }
}
