package org.gnc.stats;

import org.apache.commons.math3.special.Beta;

/**
 * The two tails of the regularized incomplete beta function, each with small relative error even when it is
 * tiny and when one shape parameter is huge (up to about 2^53).
 *
 * <p>{@code lower = I_x(a, b)} and {@code upper = 1 - I_x(a, b) = I_{1-x}(b, a)}. With
 * {@code lambda = a - (a + b) x}, the tail on the near side of the mean {@code a / (a + b)} (the lower tail when
 * {@code lambda >= 0}, the upper otherwise) is evaluated directly by the continued fraction of DiDonato and Morris
 * (ACM TOMS 708, 1992, "bfrac"), times the prefactor {@code x^a y^b / B(a, b)} ("brcomp"), and the other tail as
 * one minus it. The continued fraction is written in terms of {@code lambda} (computed with one rounding by
 * {@link Math#fma}) and never forms {@code 1 - x} by subtraction inside a cancellation, so the binomial regime
 * {@code a} small, {@code b ~ 10^12}, {@code x ~ 10^-11} keeps full relative precision, which the textbook
 * continued fraction in commons-math3 ({@code Beta.regularizedBeta}) does not on its upper side.
 *
 * <p>Package-private: a building block of {@link ClopperPearson}, valid for {@code a, b >= 1} (the Clopper–Pearson
 * cases with a shape parameter equal to 1 have closed forms and do not come here).
 */
final class IncompleteBeta {
    private static final int MAX_ITERATIONS = 50_000_000;
    private static final double EPS = 0x1.0p-52;
    private static final double HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private IncompleteBeta() {
    }

    /** {@code I_x(a, b)} when {@code lower}, else {@code 1 - I_x(a, b)}, for {@code 0 <= x <= 1}. */
    static double tail(double a, double b, double x, boolean lower) {
        if (x <= 0) {
            return lower ? 0 : 1;
        }
        if (x >= 1) {
            return lower ? 1 : 0;
        }
        double y = 1 - x; // exact when x >= 1/2; otherwise only ever used through a product, never a difference
        double lambda = Math.fma(-(a + b), x, a);
        if (lambda >= 0) {
            double direct = bfrac(a, b, x, y, lambda);
            return lower ? direct : 1 - direct;
        }
        double direct = bfrac(b, a, y, x, -lambda);
        return lower ? 1 - direct : direct;
    }

    /** {@code I_x(a, b)} for {@code lambda = a - (a + b) x >= 0}, by the DiDonato–Morris continued fraction. */
    private static double bfrac(double a, double b, double x, double y, double lambda) {
        double prefactor = prefactor(a, b, x, y, lambda);
        if (prefactor == 0) {
            return 0;
        }
        double c = lambda + 1;
        double c0 = b / a;
        double c1 = 1 / a + 1;
        double yp1 = y + 1;
        double p = 1;
        double s = a + 1;
        double an = 0;
        double bn = 1;
        double anp1 = 1;
        double bnp1 = c / c1;
        double r = c1 / c;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double n = i;
            double t = n / a;
            double w = n * (b - n) * x;
            double e = a / s;
            double alpha = p * (p + c0) * e * e * (w * x);
            e = (t + 1) / (c1 + t + t);
            double beta = n + w / s + e * (c + n * yp1);
            p = t + 1;
            s += 2;
            double next = alpha * an + beta * anp1;
            an = anp1;
            anp1 = next;
            next = alpha * bn + beta * bnp1;
            bn = bnp1;
            bnp1 = next;
            double previous = r;
            r = anp1 / bnp1;
            if (Math.abs(r - previous) <= EPS * r) {
                return prefactor * r;
            }
            an /= bnp1;
            bn /= bnp1;
            anp1 = r;
            bnp1 = 1;
        }
        throw new ArithmeticException("incomplete beta continued fraction did not converge for a=" + a + ", b=" + b
                + ", x=" + x);
    }

    /** {@code x^a y^b / B(a, b)} with {@code lambda = a - (a + b) x}. */
    private static double prefactor(double a, double b, double x, double y, double lambda) {
        if (Math.min(a, b) >= 8) {
            // Stirling form: ln(x^a y^b / B) = -a rlog1(-lambda/a) - b rlog1(lambda/b) + (1/2) ln(ab/(a+b))
            //                                  - (1/2) ln(2 pi) - [d(a) + d(b) - d(a+b)],  d = Stirling remainder.
            double exponent = -a * rlog1(-lambda / a) - b * rlog1(lambda / b);
            double half = 0.5 * Math.log(a / (a + b) * b) - HALF_LN_TWO_PI;
            double corr = stirlingRemainder(a) + stirlingRemainder(b) - stirlingRemainder(a + b);
            return Math.exp(exponent + half - corr);
        }
        // one shape below 8: logs of the accurate (smaller) variable, commons-math3's logBeta (TOMS 708 port)
        double lnx;
        double lny;
        if (x <= y) {
            lnx = Math.log(x);
            lny = Math.log1p(-x);
        } else {
            lnx = Math.log1p(-y);
            lny = Math.log(y);
        }
        return Math.exp(a * lnx + b * lny - Beta.logBeta(a, b));
    }

    /** {@code t - ln(1 + t)} for {@code t > -1}, without cancellation for small {@code |t|}. */
    static double rlog1(double t) {
        if (Math.abs(t) > 0.5) {
            return t - Math.log1p(t);
        }
        // ln(1+t) = 2 atanh(r), r = t/(2+t): t - ln(1+t) = r t - 2 (r^3/3 + r^5/5 + ...), |r| <= 1/3
        double r = t / (2 + t);
        double r2 = r * r;
        double term = r * r2;
        double sum = 0;
        for (int k = 3; k < 80; k += 2) {
            double add = term / k;
            sum += add;
            if (Math.abs(add) <= 1e-17 * Math.abs(sum)) {
                break;
            }
            term *= r2;
        }
        return r * t - 2 * sum;
    }

    /** {@code ln Gamma(z) - [(z - 1/2) ln z - z + ln(2 pi)/2]} for {@code z >= 8}, by its asymptotic series. */
    static double stirlingRemainder(double z) {
        double iz = 1 / z;
        double iz2 = iz * iz;
        // Bernoulli series B_{2k} / (2k (2k-1) z^(2k-1)), k = 1..7; at z = 8 the first omitted term is < 1e-15
        return iz * (1.0 / 12 + iz2 * (-1.0 / 360 + iz2 * (1.0 / 1260 + iz2 * (-1.0 / 1680 + iz2 * (1.0 / 1188
                + iz2 * (-691.0 / 360360 + iz2 * (1.0 / 156)))))));
    }
}
