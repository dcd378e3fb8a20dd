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
import org.gnc.rng.CounterRng;
import org.gnc.simd.VectorModule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The uniform-prior path of {@link DenseReluFilter} (high bits first, a rounding bound, a fallback to
 * the exact weights) accepts exactly the indices {@link ReferenceFilter} accepts, with the same error
 * counts, on cases built to reach the fallback: integer inputs with an all-zero point (f = 0 exactly,
 * so the bound can never decide it), a prior range of 2^-40 next to 1 (the floating-point terms of
 * the bound dominate the weight-rounding term) on inputs whose sums cancel exactly, the bound
 * inflated a million times (most decisions fall back), inputs too large for the float sums (the
 * scalar path), mixed magnitudes, widths and dimensions that do and do not fit the vector lanes,
 * hidden and output biases. Each case runs the scalar path, the default path (vector where it
 * applies) and the inflated bound, and scans again in uneven pieces.
 */
class UniformHighBitsKernelTest {
    private static final Prior UNIFORM = new Prior.Uniform(-1, 1);

    static Stream<Arguments> cases() {
        Prior narrow = new Prior.Uniform(1, 1 + 0x1.0p-40);
        return Stream.of(
                Arguments.of("R2-like [16] d=784 teacher", UNIFORM, 16, 784, false, false, 0, 8, "teacher", 3_000, false),
                Arguments.of("[8] d=12 integers with a zero point", UNIFORM, 8, 12, false, false, 0, 6, "zero", 20_000,
                        true),
                Arguments.of("[16] d=8 integers with a zero point, biases", new Prior.Uniform(-0.5, 2), 16, 8, true,
                        true, 1, 7, "zero", 20_000, false),
                Arguments.of("[3] d=12 range 2^-40, cancelling inputs", narrow, 3, 12, false, false, 0, 5, "cancel",
                        20_000, true),
                Arguments.of("[8] d=12 range 2^-40, cancelling inputs, 1 error", narrow, 8, 12, false, false, 1, 5,
                        "cancel", 20_000, false),
                Arguments.of("[8] d=13 mixed magnitudes, output bias", UNIFORM, 8, 13, false, true, 0, 7, "mixed", 20_000,
                        false),
                Arguments.of("[8] d=16 inputs beyond float range", UNIFORM, 8, 16, false, false, 0, 7, "huge", 20_000,
                        false),
                Arguments.of("[5] d=9 biases, 2 errors", new Prior.Uniform(-2, 0.5), 5, 9, true, false, 2, 9, "random",
                        20_000, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsExactlyWhatTheReferenceAccepts(String name, Prior prior, int width, int dim, boolean bias,
                                               boolean outputBias, int maxErrors, int n, String inputs, int count,
                                               boolean mustFallBack) {
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, bias, outputBias);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 13, name.hashCode());
        Dataset train = data(inputs, n, dim);
        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, count);
        assertTrue(reference.count() > 0, "the case must accept some candidates");
        assertTrue(reference.count() < count, "the case must reject some candidates");

        DenseReluFilter scalar = new DenseReluFilter(candidates, train, maxErrors, false);
        assertFalse(scalar.vectorized());
        assertEquals(reference, scalar.scan(0, count), "scalar path");
        if (mustFallBack) {
            assertTrue(scalar.fallbacks() > 0, "the case must reach the fallback");
        }
        DenseReluFilter fast = new DenseReluFilter(candidates, train, maxErrors);
        int lanes = VectorModule.present() ? UniformHighBitsVector.lanes() : 0;
        boolean fits = lanes > 0 && width % lanes == 0 && dim % 4 == 0 && !inputs.equals("huge");
        assertEquals(fits, fast.vectorized(), "the vector path runs exactly where it applies");
        assertEquals(reference, fast.scan(0, count), fast.vectorized() ? "vector path" : "scalar path");
        if (mustFallBack) {
            assertTrue(fast.fallbacks() > 0, "the case must reach the fallback");
        }
        DenseReluFilter loose = new DenseReluFilter(candidates, train, maxErrors, true, 1e6);
        assertEquals(reference, loose.scan(0, count), "bound inflated 1e6 times");
        assertTrue(loose.fallbacks() > count / 10, "an inflated bound must fall back often: " + loose.fallbacks());

        Fixtures.assertScansInPieces(reference, fast, count, 777);
    }

    /**
     * The vector path's high words are the candidate's words, its exact weights are
     * {@link CandidateWeights#fill}'s bit for bit, and its float sums are within the stated bound of
     * a double sum of the same products.
     */
    @Test
    @org.junit.jupiter.api.Tag("vector-api")
    void vectorWordsAndWeightsAreTheCandidatesAndItsSumsWithinTheBound() {
        int lanes = VectorModule.present() ? UniformHighBitsVector.lanes() : 0;
        Assumptions.assumeTrue(lanes > 0, "no Vector API here");
        int width = 2 * lanes;
        int dim = 60;
        Prior.Uniform prior = new Prior.Uniform(-0.5, 2);
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, true);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 7, 99);
        int n = 3;
        double[] x = Fixtures.gaussian(3, n * dim);
        x[5] = 1e6;
        x[dim + 7] = -3e-7;
        UniformHighBitsVector v = new UniformHighBitsVector(width, dim, x, n);
        long key = candidates.rng().key();
        long lowOffset = Prior.Uniform.highWords(candidates.parameterCount());
        double[] t = new double[width];
        double[] w = new double[width * dim];
        for (long i = 0; i < 300; i++) {
            long base = CandidateWeights.firstCounter(i);
            long z0 = key + (base + 1) * CounterRng.GAMMA;
            v.drawAndSum(z0, 0, t);
            double[] exact = candidates.weights(i);
            for (int j = 0; j < width; j++) {
                for (int c4 = 0; c4 < dim / 4; c4++) {
                    assertEquals(candidates.rng().word(base + j * (dim / 4) + c4), v.highWord(j, c4));
                }
            }
            for (int p = 0; p < n; p++) {
                v.sum(p, t);
                for (int j = 0; j < width; j++) {
                    double s = 0;
                    double absX = 0;
                    for (int c = 0; c < dim; c++) {
                        int k = j * dim + c;
                        s += Prior.Uniform.highPart(v.highWord(j, c / 4), c % 4) * x[p * dim + c];
                        absX += Math.abs(x[p * dim + c]);
                    }
                    double allowed = 65536 * absX * (UniformHighBitsVector.floatError(dim) + 2 * (dim + 1) * 0x1.0p-53);
                    assertTrue(Math.abs(s - t[j]) <= allowed, "candidate " + i + " unit " + j + " point " + p + ": "
                            + s + " vs " + t[j]);
                }
            }
            v.exactWeights(z0, lowOffset, prior.low(), prior.high() - prior.low());
            v.exactWeightsInto(w);
            for (int k = 0; k < width * dim; k++) {
                assertEquals(exact[k], w[k], 0, "candidate " + i + " weight " + k);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("vector-api")
    void floatPathOnlyForInputsInFloatRange() {
        Assumptions.assumeTrue(VectorModule.present(), "no Vector API here");
        assertTrue(UniformHighBitsVector.supportsInputs(new double[] {0, -0.0, 1e-30, -1e30, 3}));
        assertFalse(UniformHighBitsVector.supportsInputs(new double[] {1, 1e-31}));
        assertFalse(UniformHighBitsVector.supportsInputs(new double[] {1e31}));
        assertFalse(UniformHighBitsVector.supportsInputs(new double[] {Double.NaN}));
    }

    /**
     * Inputs: "teacher" and "random" Gaussian (see {@link Fixtures}); "zero": integers in [-2, 2] and
     * point 0 all zeros with label -1; "cancel": integers whose sum is exactly 0 (x_2i = -x_2i+1 = k), all labelled +1;
     * "mixed": magnitudes 1e16 / 1 / 0.5; "huge": Gaussian times 1e35.
     */
    static Dataset data(String kind, int n, int dim) {
        switch (kind) {
            case "teacher":
                return Fixtures.teacherData(9, n, dim);
            case "random":
                return Fixtures.randomLabels(9, n, dim);
            case "mixed":
                return Fixtures.special("mixed", n, dim);
            case "huge": {
                Dataset g = Fixtures.randomLabels(4, n, dim);
                double[] x = g.features();
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 1e35;
                }
                return new Dataset(dim, x, g.labels());
            }
            default: {
                CounterRng rng = CounterRng.of(21, "uniform-kernel-" + kind);
                double[] x = new double[n * dim];
                int[] y = new int[n];
                for (int p = 0; p < n; p++) {
                    for (int c = 0; c < dim; c++) {
                        long u = rng.word(p * dim + c);
                        int k = (int) Long.remainderUnsigned(u, 5) - 2;
                        x[p * dim + c] = kind.equals("cancel") ? (c % 2 == 0 ? k : -x[p * dim + c - 1]) : k;
                    }
                    y[p] = kind.equals("cancel") || rng.word(1_000_000 + p) >= 0 ? 1 : -1;
                }
                if (kind.equals("zero")) {
                    java.util.Arrays.fill(x, 0, dim, 0.0);
                    y[0] = -1;
                }
                return new Dataset(dim, x, y);
            }
        }
    }
}
