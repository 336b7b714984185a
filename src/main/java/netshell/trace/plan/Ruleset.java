package netshell.trace.plan;

import netshell.kernel.SaveWords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code iptables-save} dump as the simulator walks it: per table, each chain's policy and its rules in order
 * (position 1 first), every rule as its words, with or without netshell's tags (foreign tables are read too).
 */
public final class Ruleset {
    /** One "-A CHAIN …" line: its position in the chain, its words after the chain name, the line as saved. */
    public record Rule(String table, String chain, int position, List<String> words, String line) {
        public Rule {
            words = List.copyOf(words);
        }
    }

    private final Map<String, Map<String, String>> policies = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Rule>>> rules = new LinkedHashMap<>();

    public static final Ruleset EMPTY = new Ruleset();

    public static Ruleset parse(String save) {
        Ruleset r = new Ruleset();
        if (save == null) return r;
        String table = null;
        for (String raw : save.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                r.policies.put(table, new LinkedHashMap<>());
                r.rules.put(table, new LinkedHashMap<>());
            } else if (table != null && line.startsWith(":")) {
                String[] f = line.substring(1).split("\\s+");
                if (f.length >= 2) {
                    r.policies.get(table).put(f[0], f[1]);
                    r.rules.get(table).putIfAbsent(f[0], new ArrayList<>());
                }
            } else if (table != null && line.startsWith("-A ")) {
                List<String> words = words(line);
                if (words.size() < 2) continue;
                List<Rule> chain = r.rules.get(table).computeIfAbsent(words.get(1), k -> new ArrayList<>());
                chain.add(new Rule(table, words.get(1), chain.size() + 1, words.subList(2, words.size()), line));
            }
        }
        return r;
    }

    public boolean hasTable(String table) { return rules.containsKey(table); }

    public boolean hasChain(String table, String chain) {
        return rules.containsKey(table) && rules.get(table).containsKey(chain);
    }

    /** The built-in chain's policy (ACCEPT when the table or chain is not there), "-" for a user chain. */
    public String policy(String table, String chain) {
        Map<String, String> p = policies.get(table);
        return p == null ? "ACCEPT" : p.getOrDefault(chain, "ACCEPT");
    }

    public List<Rule> rules(String table, String chain) {
        Map<String, List<Rule>> t = rules.get(table);
        return t == null ? List.of() : t.getOrDefault(chain, List.of());
    }
    static List<String> words(String line) {
        return SaveWords.of(line);
    }
}
