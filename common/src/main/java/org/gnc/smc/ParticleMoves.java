package org.gnc.smc;

import java.util.SplittableRandom;

/**
 * Sweeps of a kernel that leaves each tempered target gamma_beta(theta), proportional to
 * prior(theta) exp(-beta e(theta)) with e = max(0, mistakes on the n points - m), invariant; beta =
 * +infinity is the hard constraint e = 0. A particle is its parameters' values (for a finite prior, each one
 * of its levels). The mistakes are
 * the reference's ({@link org.gnc.model.Architecture#output} and its label rule). Not thread-safe: one
 * instance per thread ({@link MoveLayout#newMoves()}).
 */
public interface ParticleMoves {
    /** Loads the particle with parameter values {@code theta} and returns its mistakes on the n points. */
    int load(double[] theta);

    /**
     * One sweep of gamma_beta over every parameter of {@code theta} (changed in place); returns its mistakes
     * afterwards.
     */
    int sweep(double[] theta, double beta, SplittableRandom random);

    /**
     * One sweep of the <em>tilted</em> target gamma_(beta, lambda)(theta) proportional to prior(theta)
     * exp(-beta e(theta) - lambda k(theta)), k the number of non-zero hidden-unit output weights
     * ({@link MoveLayout#outputWeights}); lambda = 0 is {@link #sweep(double[], double, SplittableRandom)}
     * itself, the only value movers without the tilt accept.
     */
    default int sweep(double[] theta, double beta, double lambda, SplittableRandom random) {
        if (lambda != 0) {
            throw new UnsupportedOperationException("these moves have no output-weight tilt, got lambda " + lambda);
        }
        return sweep(theta, beta, random);
    }

    /** Coordinate updates so far. */
    long draws();

    /** Coordinate updates so far that changed the parameter. */
    long changes();

    /** Point decisions settled by the reference's forward pass so far. */
    long fallbacks();

    /**
     * The mistakes at which counting a trial value may stop, for a particle whose excess is {@code excess}:
     * m + 1 at beta = infinity (the value is then refused); else m + excess + ceil(746 / beta) + 1, past
     * which its weight exp(-beta d) relative to the current value's is 0 in double precision (e^-746 is
     * below the least positive double); never more than n + 1, which means counting every point.
     */
    static int countLimit(int m, int excess, double beta, int n) {
        double limit = beta == Double.POSITIVE_INFINITY ? m + 1.0 : m + excess + Math.ceil(746 / beta) + 1;
        return (int) Math.min(limit, n + 1.0);
    }
}
