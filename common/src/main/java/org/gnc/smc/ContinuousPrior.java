package org.gnc.smc;

import java.util.SplittableRandom;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;

/**
 * The continuous prior of one parameter as the SMC moves need it: its support [lo, hi], a draw from it, the
 * log of its mass on an interval, and an exact draw from it restricted to an interval. Immutable.
 *
 * <p><b>Uniform[low, high]</b>: support [low, high], mass of [a, b] proportional to b - a, and a draw in
 * [a, b] is a + (b - a) u.
 *
 * <p><b>Gaussian(0, s^2)</b>: the support is cut at [-40 s, 40 s]. The mass beyond, 2 Q(40) &lt; e^-800,
 * is below the least positive double, so in double precision the cut changes no probability; it gives
 * every weight a fixed bound, which the rounding bounds of {@link GibbsLayout} need (every candidate of
 * the prior lies within 8.3 s anyway: its quantile is of a 52-bit uniform). The mass of [a, b] (a &lt; b
 * in units of s) is computed in logs, from ln Q(x), Q(x) = erfc(x / sqrt 2) / 2 the upper tail
 * ({@link NormalTail}: Cody's rational approximations, relative error of Q below 4.4e-16 (x^2 + 4) on the
 * whole range, tails included), using Q(a) - Q(b) on a side of 0 so that no tail cancels. A draw in
 * [a, b] is exact rejection sampling (Robert 1995, "Simulation of truncated normal variables", Statistics
 * and Computing 5): by symmetry a &gt;= 0 or a &lt; 0 &lt; b. Across 0: a normal
 * proposal kept when it falls in [a, b] if b - a &gt;= sqrt(2 pi), else a uniform proposal on [a, b] kept
 * with probability exp(-z^2 / 2). Within a tail (0 &lt;= a): a uniform proposal kept with probability
 * exp((a^2 - z^2) / 2) when (b - a)(b + a) &lt;= 2, else Robert's translated exponential, z = a + E /
 * lambda with lambda = (a + sqrt(a^2 + 4)) / 2, kept when z &lt;= b and with probability exp(-(z -
 * lambda)^2 / 2). Each acceptance ratio is the target density over the envelope, so each accepted z has
 * exactly the truncated law, and each acceptance rate is at least about 0.4 (the proofs are Robert's).
 * The normal proposal is Phi^-1 (AS241) of a uniform in (0, 1); E = -ln(1 - u).
 */
final class ContinuousPrior implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The Gaussian's support, in standard deviations. */
    static final double GAUSSIAN_CUT = 40;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private final Prior prior;
    private final boolean gaussian;
    /** The uniform's low and width, or the Gaussian's standard deviation (scale) and 0. */
    private final double low;
    private final double scale;
    private final double lo;
    private final double hi;

    private ContinuousPrior(Prior prior) {
        this.prior = prior;
        if (prior instanceof Prior.Uniform u) {
            this.gaussian = false;
            this.low = u.low();
            this.scale = u.high() - u.low();
            this.lo = u.low();
            this.hi = u.high();
        } else if (prior instanceof Prior.Gaussian g) {
            this.gaussian = true;
            this.low = 0;
            this.scale = g.std();
            this.lo = -GAUSSIAN_CUT * g.std();
            this.hi = GAUSSIAN_CUT * g.std();
        } else {
            throw new IllegalArgumentException("not a continuous prior: " + prior.label());
        }
    }

    /** The moves' view of a continuous prior (uniform or Gaussian). */
    static ContinuousPrior of(Prior prior) {
        return new ContinuousPrior(prior);
    }

    Prior prior() {
        return prior;
    }

    /** The low end of the support. */
    double lo() {
        return lo;
    }

    /** The high end of the support. */
    double hi() {
        return hi;
    }

    /** A bound on |value| of every value the moves can hold: the support's, widened by 2^-40 for rounding. */
    double maxAbs() {
        return Math.max(Math.abs(lo), Math.abs(hi)) * (1 + 0x1.0p-40);
    }

    /** A draw from the prior (the Gaussian's support is cut at 40 s, where no double can tell). */
    double draw(SplittableRandom random) {
        if (!gaussian) {
            return low + scale * random.nextDouble();
        }
        return scale * standardNormal(random);
    }

    /** ln of the prior's mass on [a, b] (lo &lt;= a &lt; b &lt;= hi), up to a constant of the prior. */
    double logMass(double a, double b) {
        return gaussian ? logMass(a, b, logTail(a), logTail(b)) : Math.log(b - a);
    }

    /**
     * The Gaussian's ln Q(|v| / s) at an end v of intervals, so that intervals sharing an end compute it once
     * ({@link #logMass(double, double, double, double)}); NaN for a uniform prior.
     */
    double logTail(double v) {
        return gaussian ? NormalTail.logQ(Math.abs(v) / scale) : Double.NaN;
    }

    /** {@link #logMass(double, double)} given {@link #logTail} of a and of b. */
    double logMass(double a, double b, double logTailA, double logTailB) {
        if (!gaussian) {
            return Math.log(b - a);
        }
        if (a >= 0) {
            return logTailA + Math.log1p(-Math.exp(logTailB - logTailA));
        }
        if (b <= 0) {
            return logTailB + Math.log1p(-Math.exp(logTailA - logTailB));
        }
        return Math.log1p(-(Math.exp(logTailA) + Math.exp(logTailB)));
    }

    /** An exact draw from the prior restricted to [a, b] (lo &lt;= a &lt; b &lt;= hi). */
    double drawIn(double a, double b, SplittableRandom random) {
        if (!gaussian) {
            return Math.min(b, a + (b - a) * random.nextDouble());
        }
        double z = truncatedNormal(a / scale, b / scale, random);
        return Math.max(a, Math.min(b, scale * z));
    }

    /** A standard normal variate: Phi^-1 of a uniform in (0, 1). */
    static double standardNormal(SplittableRandom random) {
        return CounterRng.standardNormal(random.nextLong());
    }

    /** An exact draw of the standard normal restricted to [a, b], a &lt; b (Robert 1995; see the class). */
    static double truncatedNormal(double a, double b, SplittableRandom random) {
        if (b <= 0) {
            return -truncatedNormal(-b, -a, random);
        }
        for (int tries = 0; tries < 1_000_000; tries++) {
            double z;
            if (a < 0) {
                if (b - a >= SQRT_2PI) {
                    z = standardNormal(random);
                    if (z >= a && z <= b) {
                        return z;
                    }
                    continue;
                }
                z = a + (b - a) * random.nextDouble();
                if (random.nextDouble() <= Math.exp(-0.5 * z * z)) {
                    return z;
                }
            } else if ((b - a) * (b + a) <= 2) {
                z = a + (b - a) * random.nextDouble();
                if (random.nextDouble() <= Math.exp(0.5 * (a - z) * (a + z))) {
                    return z;
                }
            } else {
                double lambda = 0.5 * (a + Math.sqrt(a * a + 4));
                z = a - Math.log(1 - random.nextDouble()) / lambda;
                double e = z - lambda;
                if (z <= b && random.nextDouble() <= Math.exp(-0.5 * e * e)) {
                    return z;
                }
            }
        }
        throw new IllegalStateException("no truncated normal draw on [" + a + ", " + b + "] in 10^6 proposals");
    }
}
