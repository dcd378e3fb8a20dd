package org.gnc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dense continuous-prior filter accepts exactly the indices the plain reference accepts, with the
 * same error counts, no tolerance: uniform priors (the high-bits kernel, decided by a rounding bound
 * with a fallback to the reference's forward pass; more cases in {@link UniformHighBitsKernelTest}) and
 * Gaussian priors (the reference's arithmetic in the reference's order), widths that are and are not
 * multiples of the four interleaved units, hidden and output biases, error allowances 0 to 2, inputs of
 * dimension 3 to 300, and mixed magnitudes (1e16 / 1 / 0.5, where any other summation order would
 * round differently). Both the scalar path and, where the Vector API is present and the width a
 * multiple of its lanes (8 and 16 here on AVX-512 or AVX2), the vector path.
 */
class DenseReluFilterTest {
    static Stream<Arguments> cases() {
        Prior uniform = new Prior.Uniform(-1, 1);
        Prior shifted = new Prior.Uniform(-0.5, 2);
        Prior gaussian = new Prior.Gaussian(1);
        return Stream.of(
                Arguments.of("uniform [16] d=300 teacher data", uniform, 16, 300, false, false, 0, 8, "teacher", 16_000),
                Arguments.of("uniform [8] d=20 teacher data", uniform, 8, 20, false, false, 0, 10, "teacher", 40_000),
                Arguments.of("gaussian [16] d=100 teacher data", gaussian, 16, 100, false, false, 0, 8, "teacher", 8_000),
                Arguments.of("gaussian [5] d=7 biases, 1 error", gaussian, 5, 7, true, true, 1, 9, "random", 40_000),
                Arguments.of("shifted uniform [6] d=13 mixed magnitudes", shifted, 6, 13, false, false, 0, 7, "mixed",
                        40_000),
                Arguments.of("uniform [3] d=3 output bias, 2 errors", uniform, 3, 3, false, true, 2, 9, "random",
                        40_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsExactlyWhatTheReferenceAccepts(String name, Prior prior, int width, int dim, boolean bias,
                                               boolean outputBias, int maxErrors, int n, String inputs, int count) {
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, bias, outputBias);
        assertTrue(DenseReluFilter.supports(arch, prior));
        CandidateWeights candidates = new CandidateWeights(arch, prior, 5, name.hashCode());
        Dataset train = switch (inputs) {
            case "teacher" -> Fixtures.teacherData(9, n, dim);
            case "random" -> Fixtures.randomLabels(9, n, dim);
            default -> Fixtures.special(inputs, n, dim);
        };
        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, count);
        assertTrue(reference.count() > 10, "the case must accept some candidates: " + reference.count());
        assertTrue(reference.count() < count / 2, "the case must reject most candidates: " + reference.count());

        DenseReluFilter scalar = new DenseReluFilter(candidates, train, maxErrors, false);
        assertFalse(scalar.vectorized());
        assertEquals(reference, scalar.scan(0, count), "scalar path");
        DenseReluFilter fast = new DenseReluFilter(candidates, train, maxErrors);
        if (DenseReluFilter.vectorLanes() > 0 && width % DenseReluFilter.vectorLanes() == 0) {
            assertTrue(fast.vectorized(), "the Vector API path must run where it applies");
        }
        assertEquals(reference, fast.scan(0, count), fast.vectorized() ? "vector path" : "scalar path");
        // Scanned again in uneven pieces after the point order has adapted.
        Fixtures.assertScansInPieces(reference, fast, count, 777);
    }

    /** The Gaussian vector path draws exactly the weights of {@link CandidateWeights#fill}, tails included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("priors")
    @org.junit.jupiter.api.Tag("vector-api")
    void vectorWeightsAreTheCandidatesWeights(Prior prior) {
        int lanes = DenseReluFilter.vectorLanes();
        org.junit.jupiter.api.Assumptions.assumeTrue(lanes > 0, "no Vector API here");
        int width = 2 * lanes;
        int dim = 37;
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, false);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 7, 99);
        DenseReluVector v = new DenseReluVector(width, dim, candidates.rng().key(), prior);
        double[] x = Fixtures.gaussian(3, dim);
        double[] h = new double[width];
        for (long i = 0; i < 2_000; i++) {
            long base = CandidateWeights.firstCounter(i);
            v.drawGaussian(base);
            v.evaluate(x, 0, h);
            double[] w = candidates.weights(i);
            for (int j = 0; j < width; j++) {
                double s = 0.0;
                for (int c = 0; c < dim; c++) {
                    assertEquals(w[j * dim + c], v.weight(j, c), "candidate " + i + " unit " + j + " column " + c);
                    s += w[j * dim + c] * x[c];
                }
                assertEquals(s, h[j], "candidate " + i + " unit " + j);
            }
        }
    }

    static Stream<Prior> priors() {
        return Stream.of(new Prior.Gaussian(1), new Prior.Gaussian(0.3));
    }

    @Test
    void appliesToContinuousPriorsOnOneReluLayer() {
        Prior uniform = new Prior.Uniform(-1, 1);
        Prior ternary = new Prior.Levels(new double[] {-1, 0, 1});
        assertTrue(DenseReluFilter.supports(new Architecture(784, List.of(16), Activation.RELU, false, false), uniform));
        assertTrue(DenseReluFilter.supports(new Architecture(5, List.of(3), Activation.RELU, true, true),
                new Prior.Gaussian(2)));
        assertFalse(DenseReluFilter.supports(new Architecture(20, List.of(8), Activation.RELU, false, false), ternary));
        assertFalse(DenseReluFilter.supports(new Architecture(20, List.of(8), Activation.TANH, false, false), uniform));
        assertFalse(DenseReluFilter.supports(new Architecture(20, List.of(8, 2), Activation.RELU, false, false),
                uniform));
        assertFalse(DenseReluFilter.supports(new Architecture(20, List.of(), Activation.RELU, false, false), uniform));
    }
}
