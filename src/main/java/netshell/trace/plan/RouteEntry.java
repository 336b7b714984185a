package netshell.trace.plan;

import netshell.core.IpFamily;
import netshell.kernel.KernelJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One route of {@code ip -j route show table all} ({@code ip -6 …} for IPv6): type (unicast, local, broadcast,
 * anycast, unreachable, blackhole, prohibit), destination prefix, gateway, device, table (main when ip prints none),
 * preferred source, metric, and the family of the table it was read from ("default" alone does not say).
 */
public record RouteEntry(String type, String dst, String gateway, String dev, String table, String prefsrc,
        int metric, IpFamily family) {
    /** An IPv4 route. */
    public RouteEntry(String type, String dst, String gateway, String dev, String table, String prefsrc, int metric) {
        this(type, dst, gateway, dev, table, prefsrc, metric, IpFamily.V4);
    }

    /** A route that sends the packet on (unicast) or takes it in (local, or IPv6's subnet-router anycast). */
    public boolean delivers() {
        return type.equals("unicast") || local();
    }

    /** A route that takes the packet in: an address of this namespace (IPv6 anycast too, RFC 4291). */
    public boolean local() {
        return type.equals("local") || type.equals("anycast");
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
        return parse(json, IpFamily.V4);
    }

    /** The routes of one family ({@code ip -4} or {@code ip -6}), every table; the other family's are left out. */
    public static List<RouteEntry> parse(String json, IpFamily family) {
        List<RouteEntry> out = new ArrayList<>();
        String command = family == IpFamily.V4 ? "ip -j route show table all" : "ip -6 -j route show table all";
        for (Map<String, Object> o : KernelJson.objects(json, command)) {
            String dst = KernelJson.string(o, "dst");
            String gw = KernelJson.string(o, "gateway");
            if (dst == null || (gw != null && IpFamily.of(gw) != family)) continue;
            if (!dst.equals("default") && (IpFamily.of(dst) != family || !Ip.isAddress(dst.replaceAll("/\\d+$", ""))))
                continue;
            String type = KernelJson.string(o, "type");
            String table = KernelJson.string(o, "table");
            Integer metric = KernelJson.integer(o, "metric");
            out.add(new RouteEntry(type == null ? "unicast" : type, dst, gw, KernelJson.string(o, "dev"),
                    table == null ? "main" : table, KernelJson.string(o, "prefsrc"), metric == null ? 0 : metric,
                    family));
        }
        return List.copyOf(out);
    }
}
