package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.kernel.Fixtures;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive enumeration of a tiny conv student (1x3x3 images, one 2x2 kernel, max-pool 2, one output
 * weight; ternary levels: 3^5 = 243 networks) against a count written out independently of the forward
 * pass: the network says +1 on x iff its output weight is 1 and some 2x2 patch p of x has K.p &gt; 0.
 */
class ConvEnumerationTest {
    private static final InputShape SHAPE = new InputShape(1, 3, 3);

    @Test
    void countsTheInterpolatorsOfATinyConvStudentByHand() {
        Architecture arch = new Architecture(SHAPE, List.of(new Layer.Conv(1, 2, 1, 0), Layer.Pool.max(2),
                new Layer.Flatten()), Activation.RELU, false, false, Output.SINGLE);
        Prior ternary = new Prior.Levels(new double[] {-1, 0, 1});
        Dataset trainFlat = Fixtures.randomLabels(21, 4, 9);
        Dataset testFlat = Fixtures.randomLabels(22, 40, 9);
        Dataset train = new Dataset(SHAPE, trainFlat.features(), trainFlat.labels());
        Dataset test = new Dataset(SHAPE, testFlat.features(), testFlat.labels());
        ExhaustiveEnumerator enumerator = new ExhaustiveEnumerator(arch, ternary, train, test, 1);
        assertEquals(243, enumerator.configurations());

        long interpolators = 0;
        long[] counts = new long[test.size() + 1];
        for (long c = 0; c < 243; c++) {
            double[] w = enumerator.weights(c);
            if (mistakes(w, train) <= 1) {
                interpolators++;
                counts[mistakes(w, test)]++;
            }
        }
        ExactPosterior exact = enumerator.enumerate();
        assertTrue(interpolators > 0 && interpolators < 243, "a non-trivial case: " + interpolators);
        assertEquals(interpolators, exact.interpolators());
        assertArrayEquals(counts, exact.mistakeCounts());
    }

    /** Mistakes of weights (K00, K01, K10, K11, a) by the rule in the class comment. */
    private static int mistakes(double[] w, Dataset data) {
        int m = 0;
        double[] x = data.features();
        for (int p = 0; p < data.size(); p++) {
            boolean positivePatch = false;
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    int o = p * 9 + r * 3 + c;
                    double s = w[0] * x[o] + w[1] * x[o + 1] + w[2] * x[o + 3] + w[3] * x[o + 4];
                    positivePatch |= s > 0;
                }
            }
            int label = w[4] == 1 && positivePatch ? 1 : -1;
            m += label != data.label(p) ? 1 : 0;
        }
        return m;
    }
}
