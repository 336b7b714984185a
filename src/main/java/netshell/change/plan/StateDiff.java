package netshell.change.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference of two states as Junos {@code show | compare} prints it: a {@code [group]} header, then
 * {@code - line} for what went and {@code + line} for what came, in the kernel's order (a longest-common-subsequence
 * diff, so a rule inserted first shows where it landed).
 */
public final class StateDiff {
    private StateDiff() {}

    /** Groups that differ; empty when the states are the same. */
    public static Set<String> changedGroups(Map<String, List<String>> before, Map<String, List<String>> after) {
        Set<String> union = new LinkedHashSet<>(before.keySet());
        union.addAll(after.keySet());
        union.removeIf(g -> before.getOrDefault(g, List.of()).equals(after.getOrDefault(g, List.of())));
        List<String> ordered = new ArrayList<>(union);
        ordered.sort(Comparator.comparingInt(StateDiff::rank)); // stable: tables keep the kernel's order
        return new LinkedHashSet<>(ordered);
    }

    /** Groups in the order StateLines makes them: netfilter first, then links, addresses, routes, sysctls. */
    private static int rank(String group) {
        String kind = group.split(" ")[0];
        int at = List.of("iptables", "ip6tables", "nft", "links", "addresses", "routes", "sysctl").indexOf(kind);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    /** The +/- lines of every group that differs, each group under "[prefix group]"; no lines when equal. */
    public static List<String> render(String prefix, Map<String, List<String>> before,
            Map<String, List<String>> after) {
        List<String> out = new ArrayList<>();
        for (String g : changedGroups(before, after)) {
            out.add("[" + (prefix.isEmpty() ? "" : prefix + " ") + g + "]");
            out.addAll(lines(before.getOrDefault(g, List.of()), after.getOrDefault(g, List.of())));
        }
        return out;
    }

    /** {@code - x} / {@code + y} lines turning {@code a} into {@code b}; common lines are left out. */
    public static List<String> lines(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--)
            for (int j = b.size() - 1; j >= 0; j--)
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return out;
    }
}
