package org.gnc.smc;

/**
 * ln Q(x), Q the standard normal's upper tail, for x &gt;= 0, from W. J. Cody's rational Chebyshev
 * approximations of erf, erfc and the scaled erfcx(y) = e^(y^2) erfc(y) ("Rational Chebyshev approximations
 * for the error function", Math. Comp. 23 (1969) 631-638; the coefficients of his CALERF, Argonne 1990).
 * Stateless.
 *
 * <p>With y = x / sqrt 2, Q(x) = erfc(y) / 2 = e^(-x^2 / 2) erfcx(y) / 2, so
 * <pre>ln Q(x) = ln((1 - erf(y)) / 2)                     for y &lt;= 0.46875,
 * ln Q(x) = -x^2 / 2 + ln(erfcx(y) / 2)                  for y &gt; 0.46875,</pre>
 * erf(y) = y R_1(y^2) on [0, 0.46875], erfcx(y) = R_2(y) on (0.46875, 4] and erfcx(y) = (1 / sqrt pi - z
 * R_3(z)) / y, z = 1 / y^2, beyond 4 (R_i Cody's rational functions). Cody's approximations have relative
 * errors below 1e-18 on their intervals (at least 18 significant digits), so in doubles the error is that
 * of the arithmetic: a few ulps in erf and erfcx, then one rounding of ln. Working in logs with the
 * scaled erfcx leaves no exp to underflow, so every x up to +infinity is covered, tails included, without
 * an asymptotic series. The only error that grows with x is rounding at the scale of ln Q ~ -x^2 / 2: the
 * product x^2 / 2 and the two additions (each within 2^-53 of that scale), besides a few ulps of erfcx and
 * of ln (y's own rounding hardly moves ln erfcx, whose slope is about -1 / y). So the absolute error of
 * ln Q, which is the relative error of Q, is below 4.4e-16 (x^2 + 4) (a few ulps of ln Q): 4e-13 at
 * x = 30, 7e-13 at the Gaussian prior's cut x = 40, far below anything a piece's weight can show.
 * {@code NormalTailTest}
 * checks it against commons-math3 on a dense grid.
 */
final class NormalTail {
    private static final double LN_HALF = Math.log(0.5);
    private static final double INV_SQRT_PI = 0.56418958354775628695;
    private static final double INV_SQRT_2 = 0.70710678118654752440;

    /** erf on [0, 0.46875]: y times a ratio of polynomials in y^2 (Cody's first interval). */
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    /** erfcx on (0.46875, 4]. */
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
        1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
        1.23033935480374942e03};
    /** erfcx beyond 4, in z = 1 / y^2. */
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    private NormalTail() {
    }

    /** ln Q(x) for x &gt;= 0 (+infinity gives -infinity). */
    static double logQ(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double y = x * INV_SQRT_2;
        if (y <= 0.46875) {
            return Math.log(0.5 * (1 - erfSmall(y)));
        }
        return -0.5 * x * x + LN_HALF + Math.log(erfcx(y));
    }

    /** erf(y) for 0 &lt;= y &lt;= 0.46875. */
    static double erfSmall(double y) {
        double ysq = y * y;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return y * (num + A[3]) / (den + B[3]);
    }

    /** erfcx(y) = e^(y^2) erfc(y) for y &gt; 0.46875. */
    static double erfcx(double y) {
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double z = 1 / (y * y);
        double num = P[5] * z;
        double den = z;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * z;
            den = (den + Q[i]) * z;
        }
        return (INV_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / y;
    }
}
