package org.gnc.theory;

import org.gnc.stats.ClopperPearson;

/**
 * The PAC-Bayes-kl (Occam) bound for the Guess &amp; Check posterior.
 *
 * <p>Let P be the prior, S a training set of n i.i.d. points, A(S) the event "the network makes at most
 * m training mistakes" (m = accept.max-train-errors), p = P(A(S)) the acceptance probability, and
 * Q = P conditioned on A(S), the distribution of an accepted network. Then KL(Q||P) = ln(1/p) exactly.
 * The PAC-Bayes-kl theorem (Langford and Seeger 2001; Maurer 2004, Theorem 5) holds for every Q
 * simultaneously, data-dependent ones included: with probability at least 1 - delta over S,
 * <pre>
 *   kl( err_S(Q) || err(Q) ) &lt;= ( KL(Q||P) + ln(2 sqrt(n) / delta) ) / n,
 * </pre>
 * where kl(q||e) = q ln(q/e) + (1-q) ln((1-q)/(1-e)) and err_S(Q) &lt;= m/n. Maurer proves
 * E[exp(n kl)] &lt;= xi(n) &lt;= 2 sqrt(n) for n &gt;= 8; for n = 1..7 the test checks xi(n) &lt;= 2 sqrt(n)
 * numerically, so the form holds for every n &gt;= 1. Since the kl inverse grows with its first
 * argument, the certified bound is
 * <pre>
 *   B = kl^{-1}( m/n, (ln(1/p) + ln(2 sqrt(n)/delta)) / n ),   kl^{-1}(q, c) = max{ e in [q, 1] : kl(q||e) &lt;= c },
 * </pre>
 * and for m = 0 (interpolation), since kl(0||e) = -ln(1 - e), exactly
 * <pre>
 *   B = 1 - exp( -( ln(1/p) + ln(2 sqrt(n)/delta) ) / n ).
 * </pre>
 * B bounds err(Q) = E_{h ~ Q}[test error of h] (the population error, expected over the posterior).
 * p = 0 gives B = 1 (no posterior: the vacuous bound); p = 1 gives B = 1 - (delta / (2 sqrt(n)))^(1/n).
 *
 * <p><b>Sampled cells.</b> p is not known, only {@code accepted} of {@code attempts} candidates. B is
 * decreasing in p, so any lower confidence bound p_L for p gives a valid B(p_L). p_L is the lower end of
 * the two-sided exact Clopper-Pearson interval at confidence 1 - delta, a one-sided lower bound at
 * 1 - delta/2; the PAC-Bayes step then runs at delta/2. The reported bound is a statement about the
 * random pair (training set, candidates), and by the union bound it fails with probability at most
 * delta/2 (PAC-Bayes, over S) + delta/2 (Clopper-Pearson, over the candidates given S) = delta, the
 * {@code delta} column. Not folding the interval's confidence in would silently report a bound at
 * confidence 1 - delta - 0.025 while claiming 1 - delta. The Clopper-Pearson lower end is also exact
 * under inverse sampling (stop at the r-th acceptance), since {N_r &lt;= t} = {Bin(t, p) &gt;= r}.
 * The sampler's prior deviates from exact uniformity by at most 2^-32 in total variation per block of
 * packed weights ({@link org.gnc.model.Prior}), which is ignored. <b>Exact cells</b> know p, and the whole
 * delta goes to the PAC-Bayes step.
 */
public final class PacBayesBound {
    private static final int BISECTIONS = 200;

    private PacBayesBound() {
    }

    /** The binary KL divergence kl(q||e) in nats, with 0 ln 0 = 0; +infinity when e is 0 or 1 and q is not. */
    public static double kl(double q, double e) {
        check01("q", q);
        check01("e", e);
        return term(q, e) + term(1 - q, 1 - e);
    }

    private static double term(double a, double b) {
        if (a == 0) {
            return 0;
        }
        if (b == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return a * Math.log(a / b);
    }

    /**
     * kl^{-1}(q, c) = max{ e in [q, 1] : kl(q||e) &lt;= c } for c &gt;= 0: exactly 1 - exp(-c) when q = 0,
     * otherwise by 200 bisections, returning the upper end of the final bracket (never below the true value).
     */
    public static double klInverseUpper(double q, double c) {
        check01("q", q);
        if (!(c >= 0)) {
            throw new IllegalArgumentException("c must be >= 0, got " + c);
        }
        if (q == 1 || c == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (q == 0) {
            return -Math.expm1(-c);
        }
        double lo = q;
        double hi = 1;
        for (int i = 0; i < BISECTIONS && hi - lo > 0; i++) {
            double mid = lo + (hi - lo) / 2;
            if (mid == lo || mid == hi) {
                break;
            }
            if (kl(q, mid) <= c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** ln(2 sqrt(n) / delta). */
    public static double confidenceTerm(int n, double delta) {
        checkN(n);
        checkDelta(delta);
        return Math.log(2 * Math.sqrt(n) / delta);
    }

    /**
     * B = kl^{-1}(maxTrainErrors / n, (logInvP + ln(2 sqrt(n)/delta)) / n): the bound on err(Q) for
     * Q = P conditioned on an event of prior mass p = exp(-logInvP) within which every network makes at
     * most maxTrainErrors of the n training mistakes. logInvP = +infinity (p = 0) gives 1.
     */
    public static double bound(double logInvP, int maxTrainErrors, int n, double delta) {
        checkN(n);
        checkDelta(delta);
        if (!(logInvP >= 0)) {
            throw new IllegalArgumentException("ln(1/p) must be >= 0 (p <= 1), got " + logInvP);
        }
        if (maxTrainErrors < 0 || maxTrainErrors > n) {
            throw new IllegalArgumentException("maxTrainErrors must be in 0.." + n + ", got " + maxTrainErrors);
        }
        double c = (logInvP + confidenceTerm(n, delta)) / n;
        return klInverseUpper((double) maxTrainErrors / n, c);
    }

    /** The bound of an exact cell: p = interpolators / configurations known, the whole delta to PAC-Bayes. */
    public static double exact(long accepted, long configurations, int maxTrainErrors, int n, double delta) {
        if (configurations < 1 || accepted < 0 || accepted > configurations) {
            throw new IllegalArgumentException("need 0 <= accepted <= configurations, configurations >= 1, got "
                    + accepted + " of " + configurations);
        }
        return bound(logInv(accepted, configurations), maxTrainErrors, n, delta);
    }

    /**
     * The bound of a sampled cell at total confidence 1 - delta: p_L = the lower end of the exact two-sided
     * Clopper-Pearson interval at confidence 1 - delta (one-sided 1 - delta/2), and the PAC-Bayes step at
     * delta/2. No acceptances give p_L = 0 and the vacuous bound 1.
     */
    public static double sampled(long accepted, long attempts, int maxTrainErrors, int n, double delta) {
        checkDelta(delta);
        double pLow = ClopperPearson.interval(accepted, attempts, 1 - delta).low();
        return bound(pLow <= 0 ? Double.POSITIVE_INFINITY : Math.max(0, -Math.log(pLow)), maxTrainErrors, n,
                delta / 2);
    }

    private static double logInv(long accepted, long configurations) {
        return accepted == 0 ? Double.POSITIVE_INFINITY
                : Math.max(0, Math.log((double) configurations) - Math.log((double) accepted));
    }

    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }

    private static void checkN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
    }

    private static void check01(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }
}
