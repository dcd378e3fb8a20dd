package org.gnc.baseline;

/**
 * One trained network: its run seed, final weights (in {@link org.gnc.model.Architecture}'s layout), the
 * epochs run, whether it interpolated (0 training mistakes by the label rule; training stops at the first
 * epoch where it does, and 0 epochs means the initial weights already did), its training and test mistakes,
 * the final training loss (NaN if the weights diverged), the wall time, and for a cell with a loss bin its
 * final normalized training loss ({@link org.gnc.model.NormalizedLoss}; NaN without a bin) and whether it is
 * accepted: it interpolated and, with a bin, that loss lies in it (without a bin, accepted = interpolated).
 * Immutable.
 */
public record TrainingRun(long seed, double[] weights, int epochs, boolean interpolated, int trainErrors,
                          int testMistakes, double loss, double seconds, double normalizedLoss, boolean accepted)
        implements java.io.Serializable {
    public TrainingRun {
        weights = weights.clone();
        if (interpolated != (trainErrors == 0)) {
            throw new IllegalArgumentException("interpolated must mean zero training mistakes");
        }
        if (accepted && !interpolated) {
            throw new IllegalArgumentException("an accepted run must interpolate");
        }
    }

    /** A run of a cell without a loss bin: accepted when it interpolated. */
    public TrainingRun(long seed, double[] weights, int epochs, boolean interpolated, int trainErrors,
                       int testMistakes, double loss, double seconds) {
        this(seed, weights, epochs, interpolated, trainErrors, testMistakes, loss, seconds, Double.NaN, interpolated);
    }

    @Override public double[] weights() {
        return weights.clone();
    }
}
