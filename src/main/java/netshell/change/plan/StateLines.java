package netshell.change.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import groovy.json.JsonSlurper;

/**
 * A journal record of netshell 0.2 (whole snapshots, {@link LegacySnapshot}) as readable lines, grouped
 * ("iptables nat", "links", …) and in the kernel's order: what a diff compares and what {@code undo} checks.
 * Counters, generation comments, MAC addresses, operational state and IPv6 link-local addresses are left out: they
 * change by themselves.
 */
public final class StateLines {
    private StateLines() {}

    public static Map<String, List<String>> of(LegacySnapshot s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        netfilter(out, "iptables", s.section(LegacySnapshot.IPTABLES));
        netfilter(out, "ip6tables", s.section(LegacySnapshot.IP6TABLES));
        NftTables.own(s.section(LegacySnapshot.NFT)).forEach((table, text) -> out.put("nft " + table,
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()));
        put(out, LegacySnapshot.LINKS, links(s.section(LegacySnapshot.LINKS)));
        put(out, LegacySnapshot.ADDRS, addresses(s.section(LegacySnapshot.ADDRS)));
        put(out, LegacySnapshot.ROUTES,
                s.section(LegacySnapshot.ROUTES).lines().map(String::strip).filter(l -> !l.isEmpty())
                        .toList());
        put(out, LegacySnapshot.SYSCTL, s.section(LegacySnapshot.SYSCTL).lines().filter(l -> !l.isBlank()).toList());
        return out;
    }

    /** iptables-save text per table, without comments and counters. */
    static void netfilter(Map<String, List<String>> out, String family, String save) {
        List<String> table = null;
        for (String line : save.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("*")) {
                table = new ArrayList<>();
                out.put(family + " " + line.substring(1).strip(), table);
            } else if (line.equals("COMMIT")) {
                table = null;
            } else if (table != null) {
                table.add(line.startsWith(":") ? line.replaceFirst(" \\[\\d+:\\d+\\]$", "") : line);
            }
        }
    }

    /** Device names of {@code ip -j link}, in order. */
    public static List<String> linkNames(String json) {
        return objects(json).stream().map(o -> String.valueOf(o.get("ifname"))).toList();
    }

    static List<String> links(String json) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> o : objects(json)) {
            StringBuilder sb = new StringBuilder(String.valueOf(o.get("ifname")));
            Map<?, ?> info = o.get("linkinfo") instanceof Map<?, ?> m ? m : Map.of();
            Object kind = info.get("info_kind");
            sb.append(' ').append(kind != null ? kind : o.getOrDefault("link_type", "?"));
            if ("vxlan".equals(kind) && info.get("info_data") instanceof Map<?, ?> d) {
                sb.append(" id ").append(d.get("id"));
                if (d.get("port") != null) sb.append(" dstport ").append(d.get("port"));
                if (d.get("local") != null) sb.append(" local ").append(d.get("local"));
            }
            sb.append(" mtu ").append(o.get("mtu"));
            if (o.get("master") != null) sb.append(" master ").append(o.get("master"));
            if (o.get("flags") instanceof List<?> flags && flags.contains("UP")) sb.append(" up");
            if (o.get("ifalias") != null) sb.append(" alias ").append(o.get("ifalias"));
            out.add(sb.toString());
        }
        return out;
    }

    /** "ADDR/PLEN dev DEV" per address, IPv6 link-local left out (the kernel adds them as links come up). */
    public static List<String> addresses(String json) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> o : objects(json)) {
            if (!(o.get("addr_info") instanceof List<?> infos)) continue;
            for (Object i : infos) {
                if (!(i instanceof Map<?, ?> a)) continue;
                if ("inet6".equals(a.get("family")) && "link".equals(a.get("scope"))) continue;
                out.add(a.get("local") + "/" + a.get("prefixlen") + " dev " + o.get("ifname"));
            }
        }
        return out;
    }

    private static void put(Map<String, List<String>> out, String key, List<String> lines) {
        if (!lines.isEmpty()) out.put(key, lines);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(String json) {
        if (json == null || json.isBlank()) return List.of();
        Object root = new JsonSlurper().parseText(json);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!(root instanceof List<?> items)) return out;
        for (Object item : items) {
            if (item instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        }
        return out;
    }
}
