package org.gnc.model;

/**
 * The rounding constants of the exactness proofs (the kernels' and the projected encoding's): the unit
 * roundoff u of IEEE double ({@link #U_DOUBLE} = 2^-53) and float ({@link #U_FLOAT} = 2^-24) arithmetic with round to nearest,
 * and Higham's gamma(n) = n u / (1 - n u) ({@link #gamma}).
 *
 * <p><b>Bound.</b> Every operation rounds as fl(a op b) = (a op b)(1 + delta) with |delta| &lt;= u
 * (without underflow or overflow). If |delta_i| &lt;= u and n u &lt; 1, then
 * prod_(i=1..n) (1 + delta_i)^(+-1) = 1 + theta_n with |theta_n| &lt;= gamma(n) (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., Lemma 3.1; by induction on n, since (1 + u)^n - 1 and
 * 1 / (1 - u)^n - 1 are both at most n u / (1 - n u)). In recursive summation of n terms, in any order
 * and with any bracketing, each term passes through at most n - 1 additions, so
 * <pre>
 *   |fl(sum_i x_i) - sum_i x_i| &lt;= gamma(n - 1) sum_i |x_i| &lt;= gamma(n) sum_i |x_i|,
 * </pre>
 * and a sum of n products x_i y_i, each rounded once (or fused), is within gamma(n) sum_i |x_i y_i| of
 * the exact one (Higham, section 3.1, (3.4)). Errors combine by Lemma 3.3: (1 + theta_a)(1 + theta_b) =
 * 1 + theta_(a+b), and gamma(a) + gamma(b) + gamma(a) gamma(b) &lt;= gamma(a + b); gamma is increasing in n.
 *
 * <p>{@link #gamma} returns the quotient rounded to the nearest double (n u is exact), so it may lie
 * below the real gamma(n) by a relative 2^-53; every proof that uses it carries a factor of margin
 * (a factor 2, or 1 + 2^-20) that covers this.
 */
public final class Rounding {
    /** The unit roundoff of double arithmetic, u = 2^-53. */
    public static final double U_DOUBLE = 0x1.0p-53;
    /** The unit roundoff of float arithmetic, u = 2^-24. */
    public static final double U_FLOAT = 0x1.0p-24;

    private Rounding() {
    }

    /**
     * gamma(n) = n u / (1 - n u) for unit roundoff u: the bound on the relative error of n roundings
     * (see the class comment). Needs n &gt;= 0, u &gt; 0 and n u &lt; 1.
     */
    public static double gamma(long n, double u) {
        double nu = n * u;
        if (n < 0 || !(u > 0) || !(nu < 1)) {
            throw new IllegalArgumentException("gamma(n) needs n >= 0, u > 0 and n u < 1, got n = " + n + ", u = " + u);
        }
        return nu / (1 - nu);
    }
}
