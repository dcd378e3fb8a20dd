package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Non-negative least squares against solutions worked out by hand. */
class NnlsTest {
    @Test
    void anInteriorSolutionIsTheLeastSquaresSolution() {
        // J = I, theta = (1, 2): mu = (1, 2)
        assertArrayEquals(new double[] {1, 2}, Nnls.solve(new double[] {1, 0, 0, 1}, new double[] {1, 2}, 1e-14), 1e-9);
    }

    @Test
    void aNegativeCoordinateIsClampedAndTheRestRefit() {
        // J = [[1, 1], [0, 1]], theta = (1, -1): unconstrained mu = (2, -1); with mu2 = 0, mu1 = 1
        double[] k = {1, 1, 1, 2};
        double[] q = {1, 0};
        double[] mu = Nnls.solve(k, q, 1e-14);
        assertArrayEquals(new double[] {1, 0}, mu, 1e-9);
        double[] g = Nnls.gradient(k, q, mu);
        assertTrue(g[1] <= 1e-12, "KKT: no descent direction into the active set");
    }
}
