package netshell.change.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference of two states as Junos {@code show | compare} prints it: a {@code [group]} header, then
 * {@code - line} for what went and {@code + line} for what came, in the kernel's order. The common head and tail
 * are trimmed first and the rest compared with Myers' algorithm, whose memory grows with the number of edits, not
 * with the product of the sizes; past {@link #MAX_EDITS} edits the middle is shown as replaced whole.
 */
public final class StateDiff {
    private StateDiff() {}

    /** More edits than this and the middle is printed as removed-then-added, not searched for a shortest script. */
    static final int MAX_EDITS = 2_000;

    /** Groups that differ; empty when the states are the same. */
    public static Set<String> changedGroups(Map<String, List<String>> before, Map<String, List<String>> after) {
        Set<String> union = new LinkedHashSet<>(before.keySet());
        union.addAll(after.keySet());
        union.removeIf(g -> before.getOrDefault(g, List.of()).equals(after.getOrDefault(g, List.of())));
        List<String> ordered = new ArrayList<>(union);
        ordered.sort(Comparator.comparingInt(StateDiff::rank)); // stable: tables keep their order
        return new LinkedHashSet<>(ordered);
    }

    /** Groups in the order users read them: netfilter first, then links, addresses, routes, rules, sysctls. */
    public static int rank(String group) {
        String kind = group.split(" ")[0];
        int at = List.of("iptables", "ip6tables", "nft", "links", "addresses", "routes", "routes6", "rules", "rules6",
                "sysctl").indexOf(kind);
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
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) head++;
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail)))
            tail++;
        List<String> x = a.subList(head, a.size() - tail);
        List<String> y = b.subList(head, b.size() - tail);
        List<String> out = new ArrayList<>();
        if (!myers(x, y, out)) {
            out.clear();
            x.forEach(l -> out.add("- " + l));
            y.forEach(l -> out.add("+ " + l));
        }
        return out;
    }

    /**
     * Myers' O((N+M)·D) shortest edit script, keeping one diagonal array per edit for the walk back; false when it
     * needs more than {@link #MAX_EDITS} edits.
     */
    private static boolean myers(List<String> a, List<String> b, List<String> out) {
        int n = a.size();
        int m = b.size();
        int max = Math.min(n + m, MAX_EDITS);
        int off = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[off + k] = x;
                if (x >= n && y >= m) {
                    walkBack(a, b, trace, d, off, out);
                    return true;
                }
            }
        }
        return false;
    }

    private static void walkBack(List<String> a, List<String> b, List<int[]> trace, int dEnd, int off,
            List<String> out) {
        List<String> reversed = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = dEnd; d > 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? k + 1 : k - 1;
            int prevX = v[off + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
            }
            if (x == prevX) reversed.add("+ " + b.get(--y));
            else
                reversed.add("- " + a.get(--x));
        }
        for (int i = reversed.size() - 1; i >= 0; i--) out.add(reversed.get(i));
    }
}
