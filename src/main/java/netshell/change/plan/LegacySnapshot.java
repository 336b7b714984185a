package netshell.change.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole snapshot as netshell 0.2 journaled it (one raw text per section). Read only, so that {@code changes} and
 * {@code changes show} keep working for changes journaled before snapshots stayed on the nodes.
 */
public record LegacySnapshot(Map<String, String> sections) {
    public static final String IPTABLES = "iptables";
    public static final String IP6TABLES = "ip6tables";
    public static final String NFT = "nft";
    public static final String LINKS = "links";
    public static final String ADDRS = "addresses";
    public static final String ROUTES = "routes";
    public static final String SYSCTL = "sysctl";
    private static final List<String> ALL = List.of(IPTABLES, IP6TABLES, NFT, LINKS, ADDRS, ROUTES, SYSCTL);
    private static final String MARK = "### netshell:";

    public LegacySnapshot {
        sections = Map.copyOf(sections);
    }

    /** Splits 0.2's snapshot output at its marker lines (golden tests keep their captured output). */
    public static LegacySnapshot parse(String output) {
        Map<String, StringBuilder> out = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                current = out.computeIfAbsent(line.substring(MARK.length()).strip(), k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        Map<String, String> sections = new LinkedHashMap<>();
        for (String name : ALL) sections.put(name, out.containsKey(name) ? out.get(name).toString().strip() : "");
        return new LegacySnapshot(sections);
    }

    public String section(String name) { return sections.getOrDefault(name, ""); }
}
