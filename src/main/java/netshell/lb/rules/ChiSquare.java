package netshell.lb.rules;

/**
 * Pearson's chi-square test of observed counts against an even split, to tell whether a load
 * balancer really spreads traffic evenly or only looks like it does.
 */
public final class ChiSquare {
    private ChiSquare() {}

    private static final int MAX_ITERATIONS = 1000;
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    /** The chi-square statistic of {@code observed} against an even split of its total. */
    public static double statistic(long[] observed) {
        if (observed.length < 2) throw new IllegalArgumentException("need at least two categories");
        long total = 0;
        for (long o : observed) {
            if (o < 0) throw new IllegalArgumentException("negative count " + o);
            total += o;
        }
        if (total == 0) throw new IllegalArgumentException("no observations");
        double expected = (double) total / observed.length;
        double chi2 = 0;
        for (long o : observed) chi2 += (o - expected) * (o - expected) / expected;
        return chi2;
    }

    /** Probability of a split at least this uneven if the balancer were fair (k-1 degrees of freedom). */
    public static double pValue(long[] observed) {
        return upperTail(statistic(observed), observed.length - 1);
    }

    /** P(X ≥ chi2) for X chi-square distributed with {@code degreesOfFreedom}. */
    public static double upperTail(double chi2, int degreesOfFreedom) {
        if (degreesOfFreedom < 1) throw new IllegalArgumentException("degrees of freedom must be ≥ 1");
        if (chi2 <= 0) return 1.0;
        return regularizedGammaQ(degreesOfFreedom / 2.0, chi2 / 2.0);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a): the series converges fast below a+1, the continued fraction above. */
    static double regularizedGammaQ(double a, double x) {
        if (x < 0 || a <= 0) throw new IllegalArgumentException("need x ≥ 0 and a > 0");
        if (x == 0) return 1.0;
        return x < a + 1 ? 1.0 - lowerSeries(a, x) : upperContinuedFraction(a, x);
    }

    /** P(a, x) by its power series. */
    private static double lowerSeries(double a, double x) {
        double ap = a, term = 1.0 / a, sum = term;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) by its continued fraction, evaluated with the modified Lentz method. */
    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) d = TINY;
            c = b + an / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x) for x > 0, Lanczos approximation (g = 7, n = 9), accurate to about 1e-15. */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double sum = g[0];
        double t = x + 7.5;
        for (int i = 1; i < g.length; i++) sum += g[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
