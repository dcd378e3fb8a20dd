package org.gnc.smc;

import java.util.Arrays;

/**
 * Between the two ways a finite prior's particle is written: its parameters' values and their level
 * indices (the levels in increasing order, as {@link org.gnc.model.Prior#levels} gives them). The scanners
 * of finite priors draw level indices; {@link TemperedSmc} holds values, which serve continuous priors too.
 */
final class SmcParticles {
    private SmcParticles() {
    }

    /** The values of the level indices {@code idx}. */
    static double[] values(int[] idx, double[] levels) {
        double[] theta = new double[idx.length];
        for (int q = 0; q < idx.length; q++) {
            theta[q] = levels[idx[q]];
        }
        return theta;
    }

    /** Writes into {@code idx} the level index of each value of {@code theta} (each one of the levels). */
    static void indices(double[] theta, double[] levels, int[] idx) {
        for (int q = 0; q < theta.length; q++) {
            int l = Arrays.binarySearch(levels, theta[q]);
            if (l < 0) {
                throw new IllegalArgumentException("value " + theta[q] + " of parameter " + q + " is not a level of "
                        + Arrays.toString(levels));
            }
            idx[q] = l;
        }
    }
}
