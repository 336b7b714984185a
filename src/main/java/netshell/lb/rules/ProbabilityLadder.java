package netshell.lb.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Probabilities for a chain of "-m statistic --mode random" rules that spreads traffic evenly.
 *
 * <p>Rules are tried in order and each sees only what earlier rules let through, so rule i of n
 * must take 1/(n-i) of what is left, not 1/n. The last element is always 1.0: the last rule is
 * unconditional (written without a statistic match) and takes everything that is left.
 */
public final class ProbabilityLadder {
    private ProbabilityLadder() {}

    /** The even ladder: 1/n, 1/(n-1), ..., 1/2, 1.0. */
    public static List<Double> of(int n) {
        requirePositive(n);
        var ladder = new ArrayList<Double>(n);
        for (int i = 0; i < n; i++) ladder.add(i == n - 1 ? 1.0 : 1.0 / (n - i));
        return List.copyOf(ladder);
    }

    /** The common mistake, 1/n on every rule but the last; kept to show and measure how wrong it is. */
    public static List<Double> naive(int n) {
        requirePositive(n);
        var ladder = new ArrayList<Double>(n);
        for (int i = 0; i < n; i++) ladder.add(i == n - 1 ? 1.0 : 1.0 / n);
        return List.copyOf(ladder);
    }

    /** Ten decimals, the precision written into rules: 1/3 → "0.3333333333". */
    public static String format(double probability) {
        return String.format(Locale.ROOT, "%.10f", probability);
    }

    /** The share of all traffic each rule really gets: what reaches it times its probability. */
    public static double[] effectiveShares(List<Double> ladder) {
        double[] shares = new double[ladder.size()];
        double left = 1.0;
        for (int i = 0; i < shares.length; i++) {
            double p = ladder.get(i);
            shares[i] = left * p;
            left -= shares[i];
        }
        return shares;
    }

    private static void requirePositive(int n) {
        if (n < 1) throw new IllegalArgumentException("a ladder needs at least one rule, got " + n);
    }
}
