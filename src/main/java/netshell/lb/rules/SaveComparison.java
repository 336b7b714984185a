package netshell.lb.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Compares two iptables-save states as the kernel holds them: tables, chains, policies and rules in order,
 * counters and the kernel's rounding of probabilities aside. Parsing and queries stay in IptablesSave.
 */
final class SaveComparison {
    private SaveComparison() {}

    /**
     * The state as comparable lines: per table (by name), chain declarations sorted, then rules
     * chain by chain (order inside a chain kept, since it matters). Counters are left out.
     */
    static List<String> canonicalLines(List<IptablesSave.Chain> chains, List<IptablesSave.Rule> rules) {
        var tables = new TreeSet<String>();
        chains.forEach(c -> tables.add(c.table()));
        rules.forEach(r -> tables.add(r.table()));
        var lines = new ArrayList<String>();
        for (String table : tables) {
            lines.add("*" + table);
            chains.stream().filter(c -> c.table().equals(table)).map(IptablesSave.Chain::canonical).sorted()
                    .forEach(lines::add);
            rules.stream().filter(r -> r.table().equals(table))
                    .sorted(Comparator.comparing(IptablesSave.Rule::chain)) // stable: keeps order within a chain
                    .map(IptablesSave.Rule::canonical).forEach(lines::add);
        }
        return lines;
    }

    /** Same tables, chains, policies and rules in the same order; counters and probability rounding aside. */
    static boolean sameRules(IptablesSave a, IptablesSave b) {
        return a.canonicalLines().equals(b.canonicalLines());
    }

    /** Lines only in A ("- ...") then lines only in B ("+ ..."), in canonical form; empty when the sets agree. */
    static List<String> diff(IptablesSave saveA, IptablesSave saveB) {
        List<String> a = saveA.canonicalLines(), b = saveB.canonicalLines();
        var out = new ArrayList<String>();
        minus(a, b).forEach(l -> out.add("- " + l));
        minus(b, a).forEach(l -> out.add("+ " + l));
        return out;
    }

    private static List<String> minus(List<String> from, List<String> remove) {
        var left = new ArrayList<>(from);
        remove.forEach(left::remove);
        return left;
    }
}
