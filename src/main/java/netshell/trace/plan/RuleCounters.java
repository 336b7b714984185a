package netshell.trace.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packet counters of every iptables rule and built-in chain policy, from {@code iptables-save -c}, and which of
 * them a probe moved: read before and after, the rules whose count rose are the ones the probe (and whatever else
 * crossed the node meanwhile) matched, named by table, chain, position and their own text.
 */
public final class RuleCounters {
    /**
     * A rule ("-A FORWARD …", position from 1) or a policy (position 0, text "policy DROP") and its packets; family
     * "ip" for iptables', "ip6" for ip6tables' (as nft names the tables' families).
     */
    public record Counted(String table, String chain, int position, String text, long packets, String family) {
        /** An iptables (IPv4) counter. */
        public Counted(String table, String chain, int position, String text, long packets) {
            this(table, chain, position, text, packets, "ip");
        }

        public String where() {
            return table + " " + chain + (position == 0 ? " " + text : " rule " + position + ": " + text);
        }

        /** Whether the rule or policy ends a packet there (DROP or REJECT). */
        public boolean drops() {
            return text.endsWith("-j DROP") || text.contains("-j REJECT") || text.equals("policy DROP");
        }
    }

    private static final Pattern POLICY = Pattern.compile("^:(\\S+) (\\S+) \\[(\\d+):(\\d+)\\]$");
    private static final Pattern RULE = Pattern.compile("^\\[(\\d+):(\\d+)\\] (-A (\\S+) .*)$");

    private final List<Counted> all;

    private RuleCounters(List<Counted> all) { this.all = List.copyOf(all); }

    public List<Counted> all() { return all; }

    /** Parses {@code iptables-save -c}; lines it does not know are skipped. */
    public static RuleCounters parse(String save) {
        return parse(save, "ip");
    }

    /** Parses {@code iptables-save -c} ("ip") or {@code ip6tables-save -c} ("ip6"). */
    public static RuleCounters parse(String save, String family) {
        List<Counted> out = new ArrayList<>();
        String table = null;
        Map<String, Integer> positions = new HashMap<>();
        for (String raw : save == null ? List.<String>of() : save.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                positions.clear();
                continue;
            }
            if (table == null) continue;
            Matcher p = POLICY.matcher(line);
            if (p.matches()) {
                if (!p.group(2).equals("-"))
                    out.add(new Counted(table, p.group(1), 0, "policy " + p.group(2),
                            Long.parseLong(p.group(3)), family));
                continue;
            }
            Matcher r = RULE.matcher(line);
            if (r.matches()) {
                int at = positions.merge(r.group(4), 1, Integer::sum);
                out.add(new Counted(table, r.group(4), at, r.group(3), Long.parseLong(r.group(1)), family));
            }
        }
        return new RuleCounters(out);
    }

    /** These counters and {@code other}'s (iptables' and ip6tables', say) as one set. */
    public RuleCounters with(RuleCounters other) {
        List<Counted> both = new ArrayList<>(all);
        both.addAll(other.all);
        return new RuleCounters(both);
    }

    /** The rules and policies whose packet count rose from {@code before} to this, in ruleset order. */
    public List<Counted> movedSince(RuleCounters before) {
        Map<String, Long> was = new HashMap<>();
        for (Counted c : before.all) was.put(key(c), c.packets());
        List<Counted> out = new ArrayList<>();
        for (Counted c : all) {
            long prior = was.getOrDefault(key(c), 0L);
            if (c.packets() > prior)
                out.add(new Counted(c.table(), c.chain(), c.position(), c.text(), c.packets() - prior, c.family()));
        }
        return out;
    }

    private static String key(Counted c) {
        return c.family() + "\0" + c.table() + "\0" + c.chain() + "\0" + c.position() + "\0" + c.text();
    }
}
