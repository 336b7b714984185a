package netshell.web.feed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /proc/net/dev}: two header lines, then per interface {@code name: rx-bytes rx-packets … (8 receive
 * columns) tx-bytes tx-packets …}. One cat reads every interface of a node at once, cheaper than {@code ip -s}.
 */
public final class NetDev {
    private NetDev() {}

    public static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) continue;
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.isEmpty() || f.length < 10) continue;
            try {
                out.put(name, new Counters(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[8]),
                        Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                // not a counters line
            }
        }
        return out;
    }
}
