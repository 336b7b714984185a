package netshell.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Did you mean …": the known names closest to a mistyped word by edit distance (Damerau: a swap of two
 * neighbours counts once), at most one edit for short words and two for longer ones.
 */
public final class Suggest {
    private Suggest() {}

    /** The names nearest to {@code word} (all at the same, smallest distance), in the order given. */
    public static List<String> closest(String word, Collection<String> names) {
        int limit = word.length() <= 4 ? 1 : 2;
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(word)) continue;
            int d = distance(word, n);
            if (d > limit || d > best) continue;
            if (d < best) {
                best = d;
                out.clear();
            }
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** " (did you mean 'split'?)", " (did you mean 'node1' or 'node2'?)", or "" when nothing is close. */
    public static String didYouMean(String word, Collection<String> names) {
        List<String> near = closest(word, names);
        if (near.isEmpty()) return "";
        List<String> quoted = near.stream().limit(3).map(n -> "'" + n + "'").toList();
        String list = quoted.size() == 1
                ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
        return " (did you mean " + list + "?)";
    }

    /** The optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
