package netshell.doctor.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cause checks read from one node besides {@link NodeFacts}: the sysctls and tables behind the overlay
 * failures people report (strict rp_filter, a full conntrack table, rules in both iptables back ends, nftables rules
 * that drop the tunnel). A field is null when it could not be read; its check then says nothing.
 *
 * @param rpFilter       interface ("all", "default", "eth1", …) → net.ipv4.conf.IFACE.rp_filter
 * @param routeLocalnet  interface → net.ipv4.conf.IFACE.route_localnet
 * @param conntrackCount net.netfilter.nf_conntrack_count
 * @param conntrackMax   net.netfilter.nf_conntrack_max
 * @param iptablesMode   the back end plain {@code iptables} uses: "nf_tables" or "legacy"
 * @param otherRules     the other back end's rules, as its iptables-save prints them ("*table" and "-A" lines)
 * @param ownRules       how many rules the back end plain iptables uses holds
 * @param nft            nftables' own tables (not iptables-nft's), as {@code nft -s list table} prints them
 * @param routes         the main table's IPv4 routes, as {@code ip -j -4 route show} prints them
 */
public record CauseFacts(Map<String, Integer> rpFilter, Map<String, Integer> routeLocalnet, Long conntrackCount,
        Long conntrackMax, String iptablesMode,
        List<String> otherRules, Integer ownRules, String nft, String routes) {
    public CauseFacts {
        rpFilter = rpFilter == null ? null : Map.copyOf(rpFilter);
        routeLocalnet = routeLocalnet == null ? Map.of() : Map.copyOf(routeLocalnet);
        otherRules = otherRules == null ? null : List.copyOf(otherRules);
    }

    /** Without the routes: the underlay route check stays silent. */
    public CauseFacts(Map<String, Integer> rpFilter, Map<String, Integer> routeLocalnet, Long conntrackCount,
            Long conntrackMax, String iptablesMode, List<String> otherRules, Integer ownRules, String nft) {
        this(rpFilter, routeLocalnet, conntrackCount, conntrackMax, iptablesMode, otherRules, ownRules, nft, null);
    }

    /** Nothing read: every cause check stays silent. */
    public static CauseFacts none() {
        return new CauseFacts(null, null, null, null, null, null, null, null, null);
    }

    /** The other back end's name for the tools: iptables-legacy beside nf_tables, iptables-nft beside legacy. */
    public String otherTool() {
        return "legacy".equals(iptablesMode) ? "iptables-nft" : "iptables-legacy";
    }

    /** {@code grep -H . /proc/sys/net/ipv4/conf/}{@code *}{@code /KEY} output: KEY's lines as interface → value. */
    public static Map<String, Integer> parseConf(String text, String key) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split(":", 2);
            if (kv.length != 2 || !kv[1].matches("\\d+")) continue;
            String[] path = kv[0].split("/");
            if (path.length < 2 || !path[path.length - 1].equals(key)) continue;
            out.put(path[path.length - 2], Integer.valueOf(kv[1]));
        }
        return out;
    }

    /** The rule lines of an iptables-save: "*table" headers and "-A" rules, nothing else. */
    public static List<String> ruleLines(String save) {
        List<String> out = new ArrayList<>();
        for (String line : save.split("\n")) if (line.startsWith("*") || line.startsWith("-A ")) out.add(line.strip());
        return out;
    }
}
