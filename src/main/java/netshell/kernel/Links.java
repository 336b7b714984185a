package netshell.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses `ip -j -d link` (without -d the VXLAN fields simply stay null). */
public final class Links {
    static final String COMMAND = "ip -j -d link";

    private Links() {}

    public static List<Link> parse(String ipJdLinkJson) {
        List<Map<String, Object>> objects = KernelJson.objects(ipJdLinkJson, COMMAND);
        // Older iproute2 reports the VXLAN underlay as an ifindex; resolve it within the same dump.
        Map<Integer, String> namesByIndex = new HashMap<>();
        for (Map<String, Object> o : objects) {
            Integer index = KernelJson.integer(o, "ifindex");
            String name = KernelJson.string(o, "ifname");
            if (index != null && name != null) namesByIndex.put(index, name);
        }
        List<Link> links = new ArrayList<>();
        for (Map<String, Object> o : objects) links.add(link(o, namesByIndex));
        return List.copyOf(links);
    }

    private static Link link(Map<String, Object> o, Map<Integer, String> namesByIndex) {
        String name = KernelJson.string(o, "ifname");
        if (name == null) throw new IllegalStateException("`" + COMMAND + "` printed a device without ifname");
        Map<String, Object> info = KernelJson.object(o, "linkinfo");
        String kind = KernelJson.string(info, "info_kind");
        Map<String, Object> vx = "vxlan".equals(kind) ? KernelJson.object(info, "info_data") : Map.of();
        String local = KernelJson.string(vx, "local");
        if (local == null) local = KernelJson.string(vx, "local6");
        Integer ifindex = KernelJson.integer(o, "ifindex");
        Integer mtu = KernelJson.integer(o, "mtu");
        return new Link(name,
                ifindex == null ? 0 : ifindex,
                kind,
                KernelJson.string(o, "operstate"),
                KernelJson.strings(o, "flags").contains("UP"),
                mtu == null ? 0 : mtu,
                KernelJson.string(o, "master"),
                KernelJson.string(o, "ifalias"),
                KernelJson.string(o, "address"),
                KernelJson.integer(vx, "id"),
                local,
                KernelJson.integer(vx, "port"),
                underlay(vx.get("link"), namesByIndex),
                KernelJson.bool(vx, "learning"),
                // ip prints "proxy" only when it is set
                "vxlan".equals(kind) ? Boolean.TRUE.equals(KernelJson.bool(vx, "proxy")) : null);
    }

    private static String underlay(Object link, Map<Integer, String> namesByIndex) {
        if (link == null) return null;
        if (link instanceof Number n) return namesByIndex.getOrDefault(n.intValue(), "if" + n.intValue());
        return link.toString();
    }
}
