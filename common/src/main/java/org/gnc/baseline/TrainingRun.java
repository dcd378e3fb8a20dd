package org.gnc.baseline;

/**
 * One trained network: its run seed, final weights (in {@link org.gnc.model.Architecture}'s layout), the
 * epochs run, whether it interpolated (0 training mistakes by the label rule; training stops at the first
 * epoch where it does, and 0 epochs means the initial weights already did), its training and test mistakes,
 * the final training loss (NaN if the weights diverged) and the wall time. Immutable.
 */
public record TrainingRun(long seed, double[] weights, int epochs, boolean interpolated, int trainErrors,
                          int testMistakes, double loss, double seconds) implements java.io.Serializable {
    public TrainingRun {
        weights = weights.clone();
        if (interpolated != (trainErrors == 0)) {
            throw new IllegalArgumentException("interpolated must mean zero training mistakes");
        }
    }

    @Override public double[] weights() {
        return weights.clone();
    }
}
