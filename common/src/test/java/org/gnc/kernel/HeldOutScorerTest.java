package org.gnc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.simd.VectorModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The point-parallel test scorer counts exactly the mistakes of the plain per-point forward pass
 * (no tolerance), for every activation, with and without biases, on Gaussian, integer (many exact
 * zeros) and mixed-magnitude inputs, for finite and continuous priors, over sizes that are not
 * multiples of its tile or of the vector lanes; the Vector API path (ReLU, where present) and the
 * scalar path.
 */
class HeldOutScorerTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void countsExactlyTheReferenceMistakes(Activation act) {
        Prior[] priors = {new Prior.Levels(new double[] {-1, 0, 1}), new Prior.Uniform(-1, 1), new Prior.Gaussian(1)};
        for (boolean bias : new boolean[] {false, true}) {
            for (String kind : new String[] {"gaussian", "integer", "mixed"}) {
                int dim = 7;
                Dataset test = kind.equals("gaussian") ? Fixtures.randomLabels(4, 603, dim)
                        : Fixtures.special(kind, 603, dim);
                for (List<Integer> widths : List.of(List.of(5), List.of(9), List.of(3, 2), List.<Integer>of())) {
                    Architecture arch = new Architecture(dim, widths, act, bias, bias);
                    Points plain = new Points(test, arch, "test");
                    HeldOutScorer scorer = new HeldOutScorer(arch, test);
                    HeldOutScorer scalar = new HeldOutScorer(arch, test, false);
                    double[] scratch = arch.newScratch();
                    long fallbacks0 = scorer.fallbacks();
                    for (Prior prior : priors) {
                        CandidateWeights c = new CandidateWeights(arch, prior, 1, 2);
                        for (long i = 0; i < 200; i++) {
                            double[] w = c.weights(i);
                            int expected = plain.mistakes(arch, w, 0, scratch);
                            String what = act + " " + kind + " " + widths + " bias " + bias + " " + prior.label() + " #" + i;
                            assertEquals(expected, scorer.mistakes(w, 0), what);
                            assertEquals(expected, scalar.mistakes(w, 0), "scalar path " + what);
                        }
                    }
                    if (kind.equals("integer") && act == Activation.RELU && widths.size() == 1
                            && VectorModule.present()) {
                        // Integer inputs and levels make exact ties at 0: the bound must send them to the
                        // reference's forward pass.
                        assertTrue(scorer.fallbacks() > fallbacks0, "no fallback on integer data " + widths);
                    }
                }
            }
        }
    }

    /**
     * Wide inputs (d = 784, as Fashion-MNIST) with 16 units: the single-precision path's labels are the
     * reference's on every point, including networks scaled so that many outputs are tiny.
     */
    @org.junit.jupiter.api.Test
    void wideInputsCountExactlyTheReferenceMistakes() {
        int dim = 784;
        Dataset test = Fixtures.randomLabels(9, 517, dim);
        Architecture arch = new Architecture(dim, List.of(16), Activation.RELU, false, false);
        Points plain = new Points(test, arch, "test");
        HeldOutScorer scorer = new HeldOutScorer(arch, test);
        double[] scratch = arch.newScratch();
        CandidateWeights c = new CandidateWeights(arch, new Prior.Uniform(-1, 1), 3, 4);
        for (long i = 0; i < 60; i++) {
            double[] w = c.weights(i);
            if (i % 3 == 0) {
                // one unit's output weight tiny: its term is near the rounding bound of the others
                w[dim * 16] *= 1e-9;
            }
            assertEquals(plain.mistakes(arch, w, 0, scratch), scorer.mistakes(w, 0), "#" + i);
        }
    }
}
