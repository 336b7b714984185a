package netshell.trace.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import groovy.json.JsonException;
import groovy.json.JsonSlurper;

/**
 * nftables' own tables as {@code nft -j list ruleset} (or {@code list table}) prints them, as the simulator walks
 * them: chains (a base chain with its type, hook, priority and policy), rules in order as their expression lists, and
 * named sets and maps with their elements. The tables iptables-nft keeps under iptables' names are left out (they
 * are read through {@code iptables-save}), and so are the trace's own {@code netshell_trace_*} tables. What is read
 * but never walked (the arp, bridge and netdev families) is named in {@link #notes}.
 */
public final class NftRuleset {
    /** A chain; a base chain has a hook (prerouting, input, forward, output, postrouting), else hook is null. */
    public record Chain(String family, String table, String name, long handle, String type, String hook, int priority,
            String policy) {
        boolean base() { return hook != null; }

        /** "inet userfw": how nft names the chain's table. */
        String where() { return family + " " + table; }
    }

    /**
     * A rule: its position in the chain (1 first), its handle (what {@code nft -a} shows and a delete names), its
     * expressions as parsed JSON, and its text as {@code nft -s list} prints it.
     */
    public record Rule(String family, String table, String chain, int position, long handle, List<Object> expr,
            String text) {
        public Rule {
            expr = List.copyOf(expr);
        }
    }

    /** A named set or map: its elements as parsed JSON (a map's are [key, value] pairs). */
    public record NamedSet(String family, String table, String name, boolean map, List<Object> elements) {
        public NamedSet {
            elements = List.copyOf(elements);
        }
    }

    /** iptables-nft keeps its tables under these names, in these families. */
    private static final Set<String> IPTABLES_TABLES = Set.of("filter", "nat", "mangle", "raw", "security",
            "broute");
    private static final Set<String> IPTABLES_FAMILIES = Set.of("ip", "ip6", "arp", "bridge");
    /** Families whose hooks a routed packet crosses; tables of the others are only named. */
    private static final Set<String> WALKED_FAMILIES = Set.of("ip", "ip6", "inet");
    static final String TRACE_TABLE_PREFIX = "netshell_trace_";

    public static final NftRuleset EMPTY = new NftRuleset();

    private final List<String> tables = new ArrayList<>();
    private final Map<String, Chain> chains = new LinkedHashMap<>();
    private final Map<String, List<Rule>> rules = new LinkedHashMap<>();
    private final Map<String, NamedSet> sets = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private NftRuleset() {}

    /**
     * The ruleset of {@code nft -j list ruleset}, or of one {@code nft -j list table} after another (a JSON document
     * a line); blank output (no nft, or no tables) is an empty ruleset.
     */
    public static NftRuleset parse(String json) {
        NftRuleset rs = new NftRuleset();
        if (json == null) return rs;
        for (String doc : json.lines().filter(l -> !l.isBlank()).toList()) rs.read(doc);
        return rs;
    }

    private void read(String doc) {
        Object root;
        try {
            root = new JsonSlurper().parseText(doc);
        } catch (JsonException | IllegalArgumentException e) {
            notes.add("`nft -j` printed JSON that cannot be read: nftables' own tables in it are not simulated");
            return;
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("nftables") instanceof List<?> items)) {
            notes.add("`nft -j` printed no \"nftables\" array: nftables' own tables in it are not simulated");
            return;
        }
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.size() == 1)
                add(String.valueOf(m.keySet().iterator().next()), m.values().iterator().next());
        }
    }

    private void add(String kind, Object body) {
        if (!(body instanceof Map<?, ?> o)) return;
        String family = str(o.get("family"));
        String table = str(kind.equals("table") ? o.get("name") : o.get("table"));
        if (family == null || table == null || !ours(family, table)) return;
        switch (kind) {
            case "table" -> {
                tables.add(family + " " + table);
                if (!WALKED_FAMILIES.contains(family))
                    notes.add("nftables table " + family + " " + table + " not simulated (family " + family + ")");
            }
            case "chain" -> {
                String name = str(o.get("name"));
                String hook = str(o.get("hook"));
                int prio = o.get("prio") instanceof Number n ? n.intValue() : 0;
                String policy = o.get("policy") == null ? "accept" : str(o.get("policy"));
                Chain c = new Chain(family, table, name, number(o.get("handle")), str(o.get("type")), hook, prio,
                        policy);
                chains.put(key(family, table, name), c);
                rules.putIfAbsent(key(family, table, name), new ArrayList<>());
            }
            case "rule" -> {
                String chain = str(o.get("chain"));
                List<Object> expr = o.get("expr") instanceof List<?> l ? new ArrayList<>(l) : List.of();
                List<Rule> in = rules.computeIfAbsent(key(family, table, chain), k -> new ArrayList<>());
                String comment = str(o.get("comment"));
                in.add(new Rule(family, table, chain, in.size() + 1, number(o.get("handle")), expr, NftText.rule(expr,
                        comment)));
            }
            case "set", "map" -> {
                String name = str(o.get("name"));
                List<Object> elem = o.get("elem") instanceof List<?> l ? new ArrayList<>(l) : List.of();
                sets.put(key(family, table, name), new NamedSet(family, table, name, kind.equals("map"), elem));
            }
            default -> {
                // flowtables, counters, quotas, ct helpers: objects a rule may name, not walked themselves
            }
        }
    }

    /** Whether the table is nftables' own: not one iptables-nft keeps, not the trace's own. */
    private static boolean ours(String family, String table) {
        return !table.startsWith(TRACE_TABLE_PREFIX) && !isIptables(family, table);
    }

    /** Whether iptables-nft keeps a table of this family and name (its rules are read through iptables-save). */
    static boolean isIptables(String family, String table) {
        return IPTABLES_FAMILIES.contains(family) && IPTABLES_TABLES.contains(table);
    }

    /** "table inet userfw" for each of nftables' own tables read, in the order nft listed them. */
    public List<String> tables() {
        return tables.stream().map(t -> "table " + t).toList();
    }

    /** What was read but is not simulated, one line each. */
    public List<String> notes() { return List.copyOf(notes); }

    public boolean isEmpty() { return tables.isEmpty(); }

    /** The base chains on {@code hook} of the tables of the packet's family ({@code ip} or {@code ip6}) and inet. */
    List<Chain> baseChains(String family, String hook) {
        return chains.values().stream().filter(c -> c.base() && hook.equals(c.hook())
                && (c.family().equals(family) || c.family().equals("inet"))).toList();
    }

    Chain chain(String family, String table, String name) { return chains.get(key(family, table, name)); }

    List<Rule> rules(String family, String table, String chain) {
        return rules.getOrDefault(key(family, table, chain), List.of());
    }

    NamedSet set(String family, String table, String name) { return sets.get(key(family, table, name)); }

    private static String key(String family, String table, String name) {
        return family + " " + table + " " + name;
    }

    private static String str(Object o) { return o == null ? null : o.toString(); }

    private static long number(Object o) { return o instanceof Number n ? n.longValue() : 0; }
}
