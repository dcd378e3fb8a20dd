package org.gnc.smc;

import java.util.SplittableRandom;
import org.gnc.model.Architecture;

/**
 * Metropolis-within-Gibbs sweeps for any architecture with any prior: for each parameter q in order, a value
 * v is proposed from the prior of one parameter (a finite prior: uniformly among its k levels; a continuous
 * one: a draw of it, {@link ContinuousPrior#draw}) and accepted with probability
 * min(1, exp(-beta (e(v) - e(cur)))), where e is the excess max(0, mistakes - m); with beta = +infinity,
 * v is accepted exactly when e(v) = 0.
 *
 * <p><b>Invariance.</b> The prior is a product over the parameters, so the conditional prior of parameter
 * q given the others is its own prior rho, and the proposal is an independence proposal from rho: the
 * Metropolis-Hastings ratio for the target gamma_beta(theta) proportional to rho(theta_q) (the other
 * factors fixed) exp(-beta e(theta)) is
 * [rho(v) exp(-beta e(v)) rho(cur)] / [rho(cur) exp(-beta e(cur)) rho(v)] = exp(-beta (e(v) - e(cur))):
 * the prior densities (or, for a finite prior, the equal level masses 1/k) cancel. Each coordinate update
 * therefore satisfies detailed balance for gamma_beta restricted to that coordinate, and leaves gamma_beta
 * invariant; so does their composition, the sweep. (A finite prior's proposal equal to the current level
 * is the identity move, skipped without drawing an acceptance.) Where the acceptance exp(-beta d) would underflow to 0
 * ({@link ParticleMoves#countLimit}), counting stops and the proposal is rejected: the same decision.
 *
 * <p><b>Exact decisions.</b> Every mistake is counted by {@link Architecture#output} and its label rule on
 * the trial weights, point by point: the reference itself ({@link #fallbacks()} counts these forward passes).
 * That costs a whole forward pass per point and proposal, so these moves suit the small students that
 * exact Gibbs conditionals ({@link GibbsScanner}) do not cover. Not thread-safe: one scanner per thread.
 */
public final class MetropolisScanner implements ParticleMoves {
    private final MetropolisLayout layout;
    private final Architecture arch;
    private final double[] levels;
    private final ContinuousPrior continuous;
    private final double[] w;
    private final double[] scratch;
    private int mistakes;
    private long draws;
    private long changes;
    private long forwardPasses;

    public MetropolisScanner(MetropolisLayout layout) {
        this.layout = layout;
        this.arch = layout.arch;
        this.levels = layout.levels;
        this.continuous = layout.continuous;
        this.w = new double[layout.parameters];
        this.scratch = arch.newScratch();
    }

    /** Loads the particle with level indices {@code idx} (a finite prior) and returns its mistakes on the n points. */
    public int load(int[] idx) {
        return load(SmcParticles.values(idx, levels));
    }

    @Override
    public int load(double[] theta) {
        System.arraycopy(theta, 0, w, 0, w.length);
        mistakes = count(layout.n + 1);
        return mistakes;
    }

    /** {@link #sweep(double[], double, SplittableRandom)} on the level indices {@code idx} of a finite prior. */
    public int sweep(int[] idx, double beta, SplittableRandom random) {
        double[] theta = SmcParticles.values(idx, levels);
        int wrong = sweep(theta, beta, random);
        SmcParticles.indices(theta, levels, idx);
        return wrong;
    }

    @Override
    public int sweep(double[] theta, double beta, SplittableRandom random) {
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("beta must be >= 0, got " + beta);
        }
        load(theta);
        int m = layout.maxTrainErrors;
        boolean hard = beta == Double.POSITIVE_INFINITY;
        for (int q = 0; q < w.length; q++) {
            draws++;
            double proposal = continuous != null ? continuous.draw(random) : levels[random.nextInt(levels.length)];
            if (Double.doubleToLongBits(proposal) == Double.doubleToLongBits(w[q])) {
                continue;
            }
            int excessCur = Math.max(0, mistakes - m);
            // Counting may stop at this many mistakes: the proposal is then rejected whatever the rest.
            int limit = ParticleMoves.countLimit(m, excessCur, beta, layout.n);
            double old = w[q];
            w[q] = proposal;
            int trial = count(limit);
            boolean accept;
            if (trial >= limit) {
                accept = false;
            } else if (hard) {
                accept = trial <= m;
            } else {
                int rise = Math.max(0, trial - m) - excessCur;
                accept = rise <= 0 || random.nextDouble() < Math.exp(-beta * rise);
            }
            if (accept) {
                theta[q] = proposal;
                mistakes = trial;
                changes++;
            } else {
                w[q] = old;
            }
        }
        return mistakes;
    }

    /** The mistakes of the weights w on the n points, counting stopped once they reach {@code limit}. */
    private int count(int limit) {
        int d = arch.inputDim();
        int wrong = 0;
        for (int p = 0; p < layout.n && wrong < limit; p++) {
            forwardPasses++;
            if (Architecture.label(arch.output(w, 0, layout.x, p * d, scratch)) != layout.y[p]) {
                wrong++;
            }
        }
        return wrong;
    }

    @Override public long draws() {
        return draws;
    }

    @Override public long changes() {
        return changes;
    }

    @Override public long fallbacks() {
        return forwardPasses;
    }
}
