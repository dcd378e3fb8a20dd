package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The loss bins' normalizer on a conv student with two logits, against the layout written out by hand. */
class NormalizedLossTest {

    private static double norm(double[] w, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += w[i] * w[i];
        }
        return Math.sqrt(s);
    }

    @Test
    void theNormalizerMultipliesTheWeightTensorsNormsAndSkipsBiasesAndPools() {
        // 1x4x4 -> conv 2 ch k3 (18 weights, 2 biases) -> 2x2x2 -> max-pool 2 -> 2x1x1 -> flatten
        // -> dense 3 (6 weights, 3 biases) -> two logits (6 weights, 2 biases): 37 parameters
        Architecture arch = new Architecture(new InputShape(1, 4, 4),
                List.of(new Layer.Conv(2, 3, 1, 0), Layer.Pool.max(2), new Layer.Flatten(), new Layer.Dense(3)),
                Activation.RELU, true, true, Output.TWO_LOGITS);
        assertEquals(37, arch.parameterCount());
        double[] w = new double[37];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sin(1.7 * i + 0.3);
        }
        double s = 3;
        double expected = norm(w, 0, 18) / s * (norm(w, 20, 26) / s) * (norm(w, 29, 35) / s);
        assertEquals(expected, NormalizedLoss.normalizer(arch, w, 0, s), 1e-15 * expected);
        // a bias alone changes the loss (through the output) but never the normalizer
        double[] biased = w.clone();
        biased[19] += 5;
        biased[36] -= 2;
        assertEquals(NormalizedLoss.normalizer(arch, w, 0, s), NormalizedLoss.normalizer(arch, biased, 0, s), 0.0);
        // the mean cross-entropy is softplus(-y m / N) averaged over the points
        double[] x = new double[32];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.cos(0.9 * i);
        }
        int[] y = {1, -1};
        double[] scratch = arch.newScratch();
        double n = NormalizedLoss.normalizer(arch, w, 0, s);
        double mean = (Math.log1p(Math.exp(-arch.output(w, 0, x, 0, scratch) / n))
                + Math.log1p(Math.exp(arch.output(w, 0, x, 16, scratch) / n))) / 2;
        assertEquals(mean, NormalizedLoss.meanCrossEntropy(arch, w, 0, x, y, s, scratch), 1e-14);
    }
}
