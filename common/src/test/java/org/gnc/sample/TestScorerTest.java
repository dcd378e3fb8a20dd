package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The point-parallel test scorer counts exactly the mistakes of the plain per-point forward pass
 * (no tolerance), for every activation, with and without biases, on Gaussian, integer (many exact
 * zeros) and mixed-magnitude inputs, for finite and continuous priors, over sizes that are not
 * multiples of its tile or of the vector lanes; the Vector API path (ReLU, where present) and the
 * scalar path.
 */
class TestScorerTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void countsExactlyTheReferenceMistakes(Activation act) {
        Prior[] priors = {new Prior.Levels(new double[] {-1, 0, 1}), new Prior.Uniform(-1, 1), new Prior.Gaussian(1)};
        for (boolean bias : new boolean[] {false, true}) {
            for (String kind : new String[] {"gaussian", "integer", "mixed"}) {
                int dim = 7;
                Dataset test = kind.equals("gaussian") ? Fixtures.randomLabels(4, 603, dim)
                        : PackedLevelsFilterTest.special(kind, 603, dim);
                for (List<Integer> widths : List.of(List.of(5), List.of(9), List.of(3, 2), List.<Integer>of())) {
                    Architecture arch = new Architecture(dim, widths, act, bias, bias);
                    Points plain = new Points(test, arch, "test");
                    TestScorer scorer = new TestScorer(arch, test);
                    TestScorer scalar = new TestScorer(arch, test, false);
                    double[] scratch = arch.newScratch();
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
                }
            }
        }
    }
}
