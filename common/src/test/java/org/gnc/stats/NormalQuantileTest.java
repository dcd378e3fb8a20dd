package org.gnc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalQuantileTest {

    @Test
    void matchesScipy() {
        // scipy 1.17.1: float(scipy.stats.norm.ppf(p)) for each p (the double literal as written here)
        double[][] reference = {
            {1e-300, -37.0470962993612},
            {1e-100, -21.273453560965322},
            {1e-10, -6.361340902404056},
            {0.001, -3.090232306167813},
            {0.025, -1.9599639845400545},
            {0.3, -0.5244005127080409},
            {0.5, 0.0},
            {0.975, 1.959963984540054},
            {1 - 1e-10, 6.361340889697422},
            {1 - 1e-16, 8.209536151601387},
        };
        for (double[] row : reference) {
            double got = NormalQuantile.of(row[0]);
            assertEquals(row[1], got, 1e-14 * Math.max(1, Math.abs(row[1])), "p=" + row[0]);
        }
    }

    @Test
    void symmetricWhereOneMinusPIsExact() {
        for (double p : new double[] {0.5, 0.25, 0.125, 0.01171875, 0x1p-20, 0x1p-40, 0x1p-52}) {
            assertEquals(-NormalQuantile.of(p), NormalQuantile.of(1 - p), 1e-15 * Math.abs(NormalQuantile.of(p)),
                    "p=" + p);
        }
    }

    @Test
    void endpointsAndValidation() {
        assertEquals(Double.NEGATIVE_INFINITY, NormalQuantile.of(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalQuantile.of(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(1.5));
        assertEquals("probability must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(Double.NaN));
    }
}
