package org.gnc.kernel.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gnc.data.Dataset;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.kernel.Points;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.sample.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test scoring of conv students counts exactly the mistakes of the plain definition
 * ({@link Points#mistakes}), no tolerance, on {@link ConvStackFilterTest}'s students (conv, max and avg
 * pools, dense layers, stride and padding, biases on and off, one output and two logits, levels,
 * quantized, uniform and Gaussian priors, inputs with ties at 0): for the networks the filter accepts and
 * for random ones, by candidate index and from given weights, on the scalar path and (the default, where
 * the Vector API is present) the vector path; {@link Filters#testScorer} chooses it for these students
 * (and {@link HeldOutScorer}'s generic path by index counts the same).
 */
class ConvStackScorerTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.gnc.kernel.conv.ConvStackFilterTest#cases")
    void countsExactlyThePlainMistakes(String name, InputShape shape, List<Layer> layers, Prior prior, boolean bias,
                                       boolean outputBias, Output output, int maxErrors, int n, String inputs) {
        Architecture arch = new Architecture(shape, layers, Activation.RELU, bias, outputBias, output);
        Dataset train = ConvStackFilterTest.data(inputs, shape, n);
        Dataset test = testData(inputs, shape, 137);
        CandidateWeights candidates = CandidateWeights.forCell(arch, prior, 13, name.hashCode(), train.features(), n);
        List<Long> networks = new ArrayList<>();
        for (long i : new ConvStackFilter(candidates, train, maxErrors).scan(0, 6_000).indices()) {
            if (networks.size() < 40) {
                networks.add(i);
            }
        }
        assertTrue(networks.size() >= 5, "the case must accept some networks: " + networks.size());
        for (long i = 0; i < 40; i++) {
            networks.add(1_000_003L * i + 7);
        }

        Points plain = new Points(test, arch, "test");
        double[] scratch = arch.newScratch();
        ConvStackScorer scalar = new ConvStackScorer(arch, candidates, test, false);
        ConvStackScorer fast = new ConvStackScorer(arch, candidates, test, true);
        ConvStackScorer givenOnly = new ConvStackScorer(arch, null, test, true);
        assertFalse(scalar.vectorized());
        assertEquals(ConvStackFilter.vectorLanes() > 0, fast.vectorized(), "the vector path runs wherever it can");
        assertTrue(Filters.testScorer(candidates, test) instanceof ConvStackScorer, "the conv students' scorer");
        HeldOutScorer generic = new HeldOutScorer(candidates, test);
        Set<Integer> counts = new HashSet<>();
        for (long i : networks) {
            double[] w = candidates.weights(i);
            int expected = plain.mistakes(arch, w, 0, scratch);
            counts.add(expected);
            String what = "network " + i;
            assertEquals(expected, scalar.candidateMistakes(i), "scalar path, by index, " + what);
            assertEquals(expected, fast.candidateMistakes(i), "default path, by index, " + what);
            assertEquals(expected, scalar.mistakes(w, 0), "scalar path, given weights, " + what);
            assertEquals(expected, givenOnly.mistakes(w, 0), "default path, given weights, " + what);
            assertEquals(expected, generic.candidateMistakes(i), "HeldOutScorer by index, " + what);
        }
        assertTrue(counts.size() > 3, "the networks' mistake counts must differ to mean anything: " + counts);
    }

    /** n test points of this kind, other than the training points for Gaussian inputs. */
    private static Dataset testData(String kind, InputShape shape, int n) {
        if (kind.equals("gaussian")) {
            Dataset d = Fixtures.randomLabels(11, n, shape.size());
            return new Dataset(shape, d.features(), d.labels());
        }
        return ConvStackFilterTest.data(kind, shape, n);
    }

    /**
     * A padded conv with a non-finite weight is not exact on the conv path (k x 0 would be NaN in the
     * padding), which exactFor says; such given weights take the plain pass, and the test scorer of a
     * prior with such weights is HeldOutScorer.
     */
    @Test
    void aPaddedConvWithNonFiniteWeightsTakesThePlainPass() {
        InputShape shape = new InputShape(1, 6, 6);
        Architecture padded = new Architecture(shape, List.of(new Layer.Conv(2, 3, 1, 1), new Layer.Flatten()),
                Activation.RELU, false, false, Output.SINGLE);
        Dataset test = ConvStackFilterTest.data("gaussian", shape, 20);
        double[] w = new CandidateWeights(padded, new Prior.Uniform(-1, 1), 3, 4).weights(5);
        ConvStackScorer scorer = new ConvStackScorer(padded, null, test, true);
        assertTrue(scorer.exactFor(w, 0));
        Points plain = new Points(test, padded, "test");
        assertEquals(plain.mistakes(padded, w, 0, padded.newScratch()), scorer.mistakes(w, 0));
        w[3] = Double.POSITIVE_INFINITY;
        assertFalse(scorer.exactFor(w, 0));
        assertEquals(plain.mistakes(padded, w, 0, padded.newScratch()), scorer.mistakes(w, 0),
                "the plain pass for weights the conv path cannot take");
        assertTrue(Filters.testScorer(new CandidateWeights(padded, new Prior.Gaussian(1e307), 3, 4), test)
                instanceof HeldOutScorer);
        Architecture dense = new Architecture(InputShape.flat(8), Architecture.dense(List.of(4)), Activation.RELU,
                false, false, Output.SINGLE);
        assertFalse(ConvStackScorer.supports(dense));
        assertTrue(Filters.testScorer(new CandidateWeights(dense, new Prior.Uniform(-1, 1), 3, 4),
                Fixtures.randomLabels(1, 10, 8)) instanceof HeldOutScorer);
    }
}
