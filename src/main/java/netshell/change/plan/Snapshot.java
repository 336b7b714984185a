package netshell.change.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node's kernel looked like at one moment, as the tools print it: one raw text per section, read by one
 * command ({@link #READ}) so that taking it costs one round trip.
 */
public record Snapshot(Map<String, String> sections) {
    public static final String IPTABLES = "iptables";
    public static final String IP6TABLES = "ip6tables";
    public static final String NFT = "nft";
    public static final String LINKS = "links";
    public static final String ADDRS = "addresses";
    public static final String ROUTES = "routes";
    public static final String SYSCTL = "sysctl";
    public static final List<String> ALL = List.of(IPTABLES, IP6TABLES, NFT, LINKS, ADDRS, ROUTES, SYSCTL);

    /** The forwarding switches a change may flip, restored by a rollback. */
    public static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding");

    private static final String MARK = "### netshell:";
    /** A section whose tool failed or is missing: a rollback leaves that part alone rather than empty it. */
    public static final String UNREADABLE = "# netshell: not readable";

    /** The snapshot command: every section behind a marker line; a missing tool leaves its section empty. */
    public static final List<String> READ = List.of("sh", "-c", String.join("\n",
            "m() { echo '" + MARK + "'\"$1\"; }",
            "m " + IPTABLES + "; iptables-save 2>/dev/null || echo '" + UNREADABLE + "'",
            "m " + IP6TABLES + "; ip6tables-save 2>/dev/null || echo '" + UNREADABLE + "'",
            "m " + NFT + "; nft list ruleset 2>/dev/null || echo '" + UNREADABLE + "'",
            "m " + LINKS + "; ip -j -d link show",
            "m " + ADDRS + "; ip -j addr show",
            "m " + ROUTES + "; ip route show | sed 's/ *$//' | grep -v ' proto kernel ' || true",
            "m " + SYSCTL + "; for k in " + String.join(" ", SYSCTLS) + "; do",
            "  f=/proc/sys/$(echo \"$k\" | tr . /); [ -r \"$f\" ] && echo \"$k=$(cat \"$f\")\"",
            "done; true"));

    public Snapshot {
        sections = Map.copyOf(sections);
    }

    /** Splits the output of {@link #READ} at its marker lines. */
    public static Snapshot parse(String output) {
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
        return new Snapshot(sections);
    }

    public String section(String name) { return sections.getOrDefault(name, ""); }

    public boolean readable(String name) { return !section(name).contains(UNREADABLE); }
}
