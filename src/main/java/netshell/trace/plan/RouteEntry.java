package netshell.trace.plan;

import netshell.kernel.KernelJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One IPv4 route of {@code ip -j route show table all}: type (unicast, local, broadcast, unreachable, blackhole,
 * prohibit), destination prefix, gateway, device, table (main when ip prints none), preferred source, metric.
 */
public record RouteEntry(String type, String dst, String gateway, String dev, String table, String prefsrc,
        int metric) {
    /** A route that sends the packet on (unicast) or takes it in (local); the others end it. */
    public boolean delivers() {
        return type.equals("unicast") || type.equals("local");
    }

    /** The route as `ip route` prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (!type.equals("unicast")) sb.append(type).append(' ');
        sb.append(dst);
        if (gateway != null) sb.append(" via ").append(gateway);
        if (dev != null) sb.append(" dev ").append(dev);
        if (!table.equals("main")) sb.append(" table ").append(table);
        if (prefsrc != null) sb.append(" src ").append(prefsrc);
        return sb.toString();
    }

    /** The IPv4 routes of every table; IPv6 routes (a dst with a colon) are left out. */
    public static List<RouteEntry> parse(String json) {
        List<RouteEntry> out = new ArrayList<>();
        for (Map<String, Object> o : KernelJson.objects(json, "ip -j route show table all")) {
            String dst = KernelJson.string(o, "dst");
            String gw = KernelJson.string(o, "gateway");
            if (dst == null || dst.contains(":") || (gw != null && gw.contains(":"))) continue;
            if (!dst.equals("default") && !V4.isAddress(dst.replaceAll("/\\d+$", ""))) continue;
            String type = KernelJson.string(o, "type");
            String table = KernelJson.string(o, "table");
            Integer metric = KernelJson.integer(o, "metric");
            out.add(new RouteEntry(type == null ? "unicast" : type, dst, gw, KernelJson.string(o, "dev"),
                    table == null ? "main" : table, KernelJson.string(o, "prefsrc"), metric == null ? 0 : metric));
        }
        return List.copyOf(out);
    }
}
