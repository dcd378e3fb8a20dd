package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SSIM and NCC against values worked out by hand. */
class SimilarityTest {
    @Test
    void theWindowIsTheNormalizedGaussianOfSigmaOnePointFive() {
        double e = Math.exp(-1 / 4.5); // 0.8007374
        assertArrayEquals(new double[] {0.3078013, 0.3843974, 0.3078013}, Similarity.WINDOW, 1e-7);
        assertEquals(e / (1 + 2 * e), Similarity.WINDOW[0], 1e-15);
    }

    @Test
    void constantImagesCompareOnlyTheirMeans() {
        // mu_a = 0.5, mu_b = 0.25, no variance: (2 * 0.125 + C1) / (0.25 + 0.0625 + C1) = 0.2501 / 0.3126
        double[] a = new double[9];
        double[] b = new double[9];
        java.util.Arrays.fill(a, 0.5);
        java.util.Arrays.fill(b, 0.25);
        assertEquals(0.2501 / 0.3126, Similarity.ssim(a, b, 3, 3), 1e-12);
        assertEquals(1.0, Similarity.ssim(a, a, 3, 3), 1e-12);
    }

    @Test
    void aTwoPixelImageAgainstItsMirror() {
        // 1 x 2 images a = (0, 1), b = (1, 0); reflect padding reads pixel 1 left of pixel 0, so with
        // p = w_0 = 0.3843974 and q = 2 w_1 = 0.6156026 (pq = 0.236636): mu_a = (q, p), mu_b = (p, q), s_a^2 = s_b^2 = pq,
        // s_ab = -pq at both pixels, and SSIM = (2pq + C1)(-2pq + C2) / ((p^2 + q^2 + C1)(2pq + C2)) = 0.473372 x (-0.472372) / (0.526828 x 0.474172) = -0.89513
        double p = Similarity.WINDOW[1];
        double q = 2 * Similarity.WINDOW[0];
        double expected = (2 * p * q + Similarity.C1) * (-2 * p * q + Similarity.C2)
                / ((p * p + q * q + Similarity.C1) * (2 * p * q + Similarity.C2));
        assertEquals(-0.89513, expected, 1e-5);
        assertEquals(expected, Similarity.ssim(new double[] {0, 1}, new double[] {1, 0}, 1, 2), 1e-12);
    }

    @Test
    void correlationAndTheNearestCandidate() {
        double[] train = {0, 1, 2, 3, /* second */ 3, 2, 1, 0};
        double[] cands = {1, 1, 1, 1, /* */ 0, 2, 4, 6.5, /* */ 9, 6, 3, 0};
        assertEquals(0, Similarity.correlation(train, 0, cands, 0, 4), 0); // a constant image
        assertEquals(-1, Similarity.correlation(train, 0, train, 1, 4), 1e-12);
        Evaluation.Nearest[] n = Evaluation.nearest(train, new double[4], 2, 2,
                List.of(new Evaluation.Candidates(7, cands)));
        assertEquals(7, n[0].restart());
        assertEquals(1, n[0].candidate());
        assertEquals(2, n[1].candidate());
        assertEquals(1.0, n[1].ssim(), 1e-12); // (9, 6, 3, 0) scales to the same [0, 1] image as (3, 2, 1, 0)
        assertEquals(1, Evaluation.countAbove(new double[] {0.3, 0.5, Double.NaN}, 0.4));
        assertEquals(0.4, Evaluation.median(new double[] {0.3, 0.5, Double.NaN}), 1e-15);
    }
}
