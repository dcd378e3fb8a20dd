package org.gnc.smc;

import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;

/**
 * The {@link MoveLayout} of the Metropolis-within-Gibbs fallback ({@link MetropolisScanner}): any
 * architecture (deeper ReLU stacks, other activations) with any prior (finite, uniform or Gaussian), on the
 * first n training points. Immutable.
 */
public final class MetropolisLayout implements MoveLayout {
    final Architecture arch;
    final int n;
    final int maxTrainErrors;
    /** The finite prior's levels (null for a continuous prior). */
    final double[] levels;
    /** The continuous prior (null for a finite prior). */
    final ContinuousPrior continuous;
    final int parameters;
    /** The first n points' features, row-major, and their labels. */
    final double[] x;
    final int[] y;

    public MetropolisLayout(Architecture arch, Prior prior, Dataset train, int n, int maxTrainErrors) {
        if (n < 1 || n > train.size()) {
            throw new IllegalArgumentException("n must be in 1.." + train.size() + ", got " + n);
        }
        if (train.dim() != arch.inputDim()) {
            throw new IllegalArgumentException("points have " + train.dim() + " features, the architecture "
                    + arch.inputDim());
        }
        this.arch = arch;
        this.n = n;
        this.maxTrainErrors = maxTrainErrors;
        this.levels = prior.isFinite() ? prior.levels() : null;
        this.continuous = prior.isFinite() ? null : ContinuousPrior.of(prior);
        this.parameters = arch.parameterCount();
        this.x = java.util.Arrays.copyOf(train.features(), n * arch.inputDim());
        this.y = java.util.Arrays.copyOf(train.labels(), n);
    }

    @Override public Architecture architecture() {
        return arch;
    }

    @Override public int parameters() {
        return parameters;
    }

    @Override public int n() {
        return n;
    }

    @Override public int maxTrainErrors() {
        return maxTrainErrors;
    }

    @Override public ParticleMoves newMoves() {
        return new MetropolisScanner(this);
    }

    @Override public boolean exactGibbs() {
        return false;
    }
}
