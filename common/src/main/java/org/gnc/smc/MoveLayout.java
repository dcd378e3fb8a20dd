package org.gnc.smc;

import org.gnc.model.Architecture;

/**
 * What {@link TemperedSmc} moves particles with at one checkpoint n: the architecture, the number of parameters, n, the allowed mistakes m, and a factory of per-thread
 * {@link ParticleMoves}. Immutable; one layout serves any number of threads.
 *
 * <p>{@link GibbsLayout} (exact single-coordinate Gibbs conditionals) applies to fully connected perceptrons
 * and one hidden ReLU layer with one output; {@link MetropolisLayout} (Metropolis-within-Gibbs with prior
 * proposals) to every architecture, conv and pool layers and two logits included (its invariance argument
 * uses only the mistake count of {@link Architecture#output}, whatever the forward pass), and is what
 * {@link #of} falls back to.
 */
public interface MoveLayout {
    Architecture architecture();

    int parameters();

    /** The number of training points the target constrains. */
    int n();

    /** The allowed number of mistakes m. */
    int maxTrainErrors();

    /** A new mover on this layout, for one thread. */
    ParticleMoves newMoves();

    /**
     * The indices of the hidden units' output weights that the moves can tilt toward 0
     * ({@link ParticleMoves#sweep(double[], double, double, SplittableRandom)}): those of a finite prior with a
     * level 0 and one hidden ReLU layer moved by exact Gibbs; empty where the moves have no tilt.
     */
    default int[] outputWeights() {
        return new int[0];
    }

    /** Whether the moves are exact Gibbs conditionals (else Metropolis-within-Gibbs). */
    boolean exactGibbs();

    /**
     * The layout of {@code arch} with {@code prior} (finite or continuous) on the first n points of {@code train}:
     * exact Gibbs where {@link GibbsLayout#supports} holds, else Metropolis-within-Gibbs.
     */
    static MoveLayout of(Architecture arch, org.gnc.model.Prior prior, org.gnc.data.Dataset train, int n,
                         int maxTrainErrors) {
        return GibbsLayout.supports(arch, prior) ? new GibbsLayout(arch, prior, train, n, maxTrainErrors)
                : new MetropolisLayout(arch, prior, train, n, maxTrainErrors);
    }
}
