package netshell.change.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tables of {@code nft list ruleset}, split at the top level. Tables that iptables-nft owns (ip filter, ip6 nat,
 * …) are left to iptables-save/-restore, which read and write them whole; the rest are nftables' own.
 */
public final class NftTables {
    private NftTables() {}

    private static final Set<String> IPTABLES_OWNED = Set.of("ip filter", "ip nat", "ip mangle", "ip raw",
            "ip security", "ip6 filter", "ip6 nat", "ip6 mangle", "ip6 raw", "ip6 security", "arp filter",
            "bridge filter", "bridge nat", "bridge broute");

    public static boolean iptablesOwned(String familyAndName) {
        return IPTABLES_OWNED.contains(familyAndName);
    }

    /** "family name" to the table's whole text ({@code table F N { … }}), iptables-owned tables left out. */
    public static Map<String, String> own(String ruleset) {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder block = null;
        String key = null;
        int depth = 0;
        for (String line : ruleset.split("\n")) {
            if (block == null) {
                String t = line.strip();
                if (!t.startsWith("table ")) continue;
                String[] w = t.split("\\s+");
                if (w.length < 3) continue;
                key = w[1] + " " + w[2];
                block = new StringBuilder();
                depth = 0;
            }
            block.append(line).append('\n');
            depth += count(line, '{') - count(line, '}');
            if (depth <= 0) {
                if (!iptablesOwned(key)) out.put(key, block.toString());
                block = null;
            }
        }
        return out;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
        return n;
    }
}
