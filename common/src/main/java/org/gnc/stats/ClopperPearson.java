package org.gnc.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The exact (Clopper–Pearson, 1934) two-sided confidence interval for a binomial proportion.
 *
 * <p>For {@code x} successes in {@code n} trials and {@code alpha = 1 - confidence}, the interval is
 * {@code [low, high]} with
 * <pre>
 *   low  = BetaInv(alpha/2;     x,     n - x + 1)   (0 when x = 0),
 *   high = BetaInv(1 - alpha/2; x + 1, n - x)       (1 when x = n),
 * </pre>
 * equivalently {@code P(Bin(n, low) >= x) = alpha/2} and {@code P(Bin(n, high) <= x) = alpha/2}. Each end misses
 * the true proportion with probability at most {@code alpha/2}, so coverage is at least {@code confidence} for every
 * true proportion.
 *
 * <p>Accuracy: each end has relative error below about 1e-12 (tested to 1e-9 against scipy), including tiny rates
 * ({@code x} up to 50, {@code n} up to 10^12, ends down to 10^-14) and {@code x = n/2} at {@code n = 10^12}.
 * Shape parameters equal to 1 have closed forms, computed with {@code log1p}/{@code expm1}:
 * {@code x = 0: high = 1 - (alpha/2)^(1/n)}, {@code x = 1: low = 1 - (1 - alpha/2)^(1/n)},
 * {@code x = n - 1: high = (1 - alpha/2)^(1/n)}, {@code x = n: low = (alpha/2)^(1/n)}. Otherwise the end is the root
 * of a binomial tail (an incomplete beta tail evaluated with small relative error, see {@link IncompleteBeta}) found by
 * Brent's method to relative tolerance 1e-15 inside a bracket that the closed forms provide, since each end is
 * monotone in {@code x}. Counts above 2^53 are rounded to the nearest double.
 */
public final class ClopperPearson {
    private static final double SOLVER_RELATIVE_ACCURACY = 1e-15;
    private static final int SOLVER_MAX_EVALUATIONS = 500;

    private ClopperPearson() {
    }

    /** The 95% interval: {@code interval(x, n, 0.95)}. */
    public static Interval interval95(long successes, long trials) {
        return interval(successes, trials, 0.95);
    }

    /**
     * The exact two-sided interval at the given confidence.
     *
     * @throws IllegalArgumentException unless {@code trials >= 1}, {@code 0 <= successes <= trials} and
     *                                  {@code 0 < confidence < 1}
     */
    public static Interval interval(long successes, long trials, double confidence) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "successes must be between 0 and trials (" + trials + "), got " + successes);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got " + confidence);
        }
        double halfAlpha = (1 - confidence) / 2;
        return new Interval(low(successes, trials, halfAlpha), high(successes, trials, halfAlpha));
    }

    /** Solves {@code P(Bin(n, p) >= x) = halfAlpha}, i.e. {@code I_p(x, n - x + 1) = halfAlpha}. */
    private static double low(long x, long n, double halfAlpha) {
        double dn = n;
        if (x == 0) {
            return 0;
        }
        if (x == n) {
            return Math.exp(Math.log(halfAlpha) / dn);
        }
        double atOne = -Math.expm1(Math.log1p(-halfAlpha) / dn); // the end for x = 1, below the end for any x > 1
        if (x == 1) {
            return atOne;
        }
        double a = x;
        double b = n - x + 1;
        double hi = x / dn; // P(Bin(n, x/n) >= x) >= 1/2 > halfAlpha: x is a median
        return solve(a, b, true, halfAlpha, atOne, hi);
    }

    /** Solves {@code P(Bin(n, p) <= x) = halfAlpha}, i.e. {@code 1 - I_p(x + 1, n - x) = halfAlpha}. */
    private static double high(long x, long n, double halfAlpha) {
        double dn = n;
        if (x == n) {
            return 1;
        }
        if (x == 0) {
            return -Math.expm1(Math.log(halfAlpha) / dn);
        }
        double atNMinusOne = Math.exp(Math.log1p(-halfAlpha) / dn); // the end for x = n-1, above the end for x < n-1
        if (x == n - 1) {
            return atNMinusOne;
        }
        double a = x + 1;
        double b = n - x;
        double lo = x / dn; // P(Bin(n, x/n) <= x) >= 1/2 > halfAlpha
        return solve(a, b, false, halfAlpha, lo, atNMinusOne);
    }

    /** Root in {@code [lo, hi]} of {@code tail(p) = target} for the lower or upper incomplete beta tail. */
    private static double solve(double a, double b, boolean lowerTail, double target, double lo, double hi) {
        // Compare logarithms: the tail is monotone in p, and log keeps the comparison relative when target is tiny.
        double logTarget = Math.log(target);
        BrentSolver solver = new BrentSolver(SOLVER_RELATIVE_ACCURACY, Double.MIN_NORMAL, 0);
        double root = solver.solve(SOLVER_MAX_EVALUATIONS,
                p -> Math.log(IncompleteBeta.tail(a, b, p, lowerTail)) - logTarget, lo, hi);
        return Math.min(hi, Math.max(lo, root));
    }
}
