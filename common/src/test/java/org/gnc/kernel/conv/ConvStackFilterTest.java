package org.gnc.kernel.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.sample.Filters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conv-stack filter accepts exactly the indices the plain reference accepts, with the same error
 * counts, no tolerance, on LeNet-like stacks (two convs with pools, then dense layers): max and avg
 * pools, stride and padding, one output and two logits, biases on and off, every prior kind (levels,
 * quantized, uniform, Gaussian), error allowances 0 to 2, and inputs that put margins at or near 0
 * (all-zero images, of +0.0 or -0.0, images of one repeated pixel, which make every max-pool window a tie
 * and, without biases, every output exactly 0), pools first, after a conv and after another pool, dense
 * layers whose input counts are and are not multiples of 4 (the uniform draw's shared high words). Both the scalar path and, where the Vector API is present, the vector
 * path (the default constructor), also scanned in uneven pieces after the point order has adapted.
 */
class ConvStackFilterTest {
    private static final InputShape IMAGE = new InputShape(1, 14, 14);
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});
    private static final Prior UNIFORM = new Prior.Uniform(-1, 1);
    private static final Prior GAUSSIAN = new Prior.Gaussian(1);

    /** conv 3x3 -> pool 2 -> conv 3x3 -> pool 2 -> flatten -> dense -> dense: LeNet's shape, small. */
    private static List<Layer> lenet(int c1, int c2, Layer.Pool pool, int d1, int d2) {
        return List.of(new Layer.Conv(c1, 3, 1, 0), pool, new Layer.Conv(c2, 3, 1, 0), pool, new Layer.Flatten(),
                new Layer.Dense(d1), new Layer.Dense(d2));
    }

    /** Images whose first conv has rows of 16 (whole vectors of 4 and 8 lanes), fused with its max-pool. */
    private static final InputShape FUSED = new InputShape(1, 20, 20);

    /**
     * conv 5x5 -> max-pool 2 -> conv 3x3 -> max-pool 2 -> flatten -> dense 44 -> dense 9 on {@link #FUSED}
     * (44 units: more than four vectors of 4 or 8 lanes, and not a multiple of four vectors).
     */
    private static List<Layer> fused(int c1) {
        return List.of(new Layer.Conv(c1, 5, 1, 0), Layer.Pool.max(2), new Layer.Conv(4, 3, 1, 0), Layer.Pool.max(2),
                new Layer.Flatten(), new Layer.Dense(44), new Layer.Dense(9));
    }

    static Stream<Arguments> cases() {
        Layer.Pool max = Layer.Pool.max(2);
        Layer.Pool avg = Layer.Pool.avg(2);
        List<Layer> strided = List.of(new Layer.Conv(3, 3, 2, 1), max, new Layer.Conv(5, 2, 1, 1), new Layer.Flatten(),
                new Layer.Dense(9));
        return Stream.of(
                Arguments.of("lenet max-pool, uniform, biases, two logits", IMAGE, lenet(3, 8, max, 12, 10), UNIFORM,
                        true, true, Output.TWO_LOGITS, 0, 6, "gaussian"),
                Arguments.of("lenet max-pool, uniform, no biases, single, 1 error", IMAGE, lenet(2, 5, max, 9, 4),
                        UNIFORM, false, false, Output.SINGLE, 1, 8, "gaussian"),
                Arguments.of("lenet avg-pool, gaussian, biases, single", IMAGE, lenet(3, 4, avg, 17, 8), GAUSSIAN,
                        true, false, Output.SINGLE, 0, 6, "gaussian"),
                Arguments.of("lenet avg-pool, ternary, two logits, 2 errors", IMAGE, lenet(2, 3, avg, 8, 8), TERNARY,
                        false, true, Output.TWO_LOGITS, 2, 9, "gaussian"),
                Arguments.of("lenet max-pool, quantized, output bias, zero and flat images", IMAGE,
                        lenet(3, 8, max, 16, 5), new Prior.Quantized(2, 0.5), false, true, Output.SINGLE, 0, 7, "flat"),
                Arguments.of("lenet max-pool, ternary, no biases, zero and flat images, 1 error", IMAGE,
                        lenet(2, 4, max, 8, 8), TERNARY, false, false, Output.TWO_LOGITS, 1, 8, "flat"),
                Arguments.of("lenet max-pool, uniform, biases, zero and flat images", IMAGE, lenet(3, 8, max, 8, 8),
                        UNIFORM, true, true, Output.TWO_LOGITS, 0, 7, "flat"),
                Arguments.of("stride 2, padding 1, two channels in, uniform, biases", new InputShape(2, 11, 11),
                        strided, UNIFORM, true, false, Output.SINGLE, 0, 6, "gaussian"),
                Arguments.of("stride 2, padding 1, gaussian, two logits, 1 error", new InputShape(2, 11, 11), strided,
                        GAUSSIAN, false, true, Output.TWO_LOGITS, 1, 8, "gaussian"),
                Arguments.of("max-pool first, then conv, avg-pool, max-pool; ternary, biases, zero and flat images",
                        new InputShape(1, 12, 12), List.of(Layer.Pool.max(2), new Layer.Conv(3, 3, 1, 0), Layer.Pool.avg(2),
                                Layer.Pool.max(2), new Layer.Flatten(), new Layer.Dense(4)), TERNARY, true, false,
                        Output.SINGLE, 0, 7, "flat"),
                Arguments.of("one 5x5 conv, dense inputs not multiples of 4 (75, 10), uniform, biases, two logits",
                        new InputShape(1, 9, 9), List.of(new Layer.Conv(3, 5, 1, 0), new Layer.Flatten(),
                                new Layer.Dense(10), new Layer.Dense(9)), new Prior.Uniform(-1.5, 1), true, true,
                        Output.TWO_LOGITS, 1, 6, "gaussian"),
                Arguments.of("rows of 16: conv and 2x2 max-pool fused on 4 and 8 lanes, 3 channels, uniform, biases",
                        FUSED, fused(3), UNIFORM, true, true, Output.TWO_LOGITS, 0, 6, "gaussian"),
                Arguments.of("6 rows of 8, conv and max-pool fused (the odd channel's last rows overlap), ternary, flat images",
                        new InputShape(1, 10, 12), List.of(new Layer.Conv(3, 5, 1, 0), Layer.Pool.max(2),
                                new Layer.Flatten(), new Layer.Dense(8)), TERNARY, false, false, Output.SINGLE, 0, 7,
                        "flat"),
                Arguments.of("one conv, integer inputs, binary, 1 error", new InputShape(1, 6, 6),
                        List.of(new Layer.Conv(4, 3, 1, 0), Layer.Pool.max(2), new Layer.Flatten()),
                        new Prior.Levels(new double[] {-1, 1}), false, false, Output.SINGLE, 1, 7, "integer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsExactlyWhatTheReferenceAccepts(String name, InputShape shape, List<Layer> layers, Prior prior,
                                               boolean bias, boolean outputBias, Output output, int maxErrors, int n,
                                               String inputs) {
        Architecture arch = new Architecture(shape, layers, Activation.RELU, bias, outputBias, output);
        assertTrue(ConvStackFilter.supports(arch, prior));
        Dataset train = data(inputs, shape, n);
        CandidateWeights candidates = CandidateWeights.forCell(arch, prior, 13, name.hashCode(), train.features(), n);
        int count = 6_000;
        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, count);
        assertTrue(reference.count() > 10, "the case must accept some candidates to mean anything: " + reference.count());
        assertTrue(reference.count() < count / 2, "the case must reject most candidates: " + reference.count());

        ConvStackFilter scalar = new ConvStackFilter(candidates, train, maxErrors, false);
        assertFalse(scalar.vectorized());
        assertEquals(reference, scalar.scan(0, count), "scalar path");
        assertEquals(reference, new ConvStackFilter(candidates, train, maxErrors, false, 0).scan(0, count),
                "scalar path, the first conv's patches built per point");
        ConvStackFilter fast = new ConvStackFilter(candidates, train, maxErrors);
        assertEquals(ConvStackFilter.vectorLanes() > 0, fast.vectorized(), "the vector path runs wherever it can");
        assertEquals(reference, fast.scan(0, count), fast.vectorized() ? "vector path" : "scalar path");
        Fixtures.assertScansInPieces(reference, fast, count, 777);
    }

    /**
     * Stronger than equal decisions: the filter's output (or two-logit margin) is the reference's double
     * bit for bit, on both paths, for every case's stack and prior, candidate by candidate and point by point.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyOutputIsTheReferencesDouble(String name, InputShape shape, List<Layer> layers, Prior prior,
                                          boolean bias, boolean outputBias, Output output, int maxErrors, int n,
                                          String inputs) {
        Architecture arch = new Architecture(shape, layers, Activation.RELU, bias, outputBias, output);
        Dataset train = data(inputs, shape, n);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 17, name.hashCode());
        double[] scratch = arch.newScratch();
        for (boolean allowVector : new boolean[] {false, true}) {
            ConvStackFilter filter = new ConvStackFilter(candidates, train, maxErrors, allowVector);
            for (long i = 0; i < 200; i++) {
                filter.load(i);
                double[] w = candidates.weights(i);
                for (int p = 0; p < n; p++) {
                    double expected = arch.output(w, 0, train.features(), p * shape.size(), scratch);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(filter.output(p)),
                            "candidate " + i + " point " + p + (filter.vectorized() ? ", vector path" : ", scalar path"));
                }
            }
        }
    }

    /**
     * Conv sums that overflow to +inf and -inf are NaN (their outputs are then 0.0, relu of NaN, as the
     * reference computes them), where the vector path's conv fused with its max-pool takes the conv's
     * outputs and the pool instead: a 4 x 8 conv output whose first or second row is NaN and the other
     * finite and positive gives the reference's finite output (the fused step alone would give 0.0 for
     * every window of the first two rows).
     */
    @Test
    void overflowingConvSumsGiveTheReferencesOutputs() {
        InputShape shape = new InputShape(1, 6, 10);
        Architecture arch = new Architecture(shape, List.of(new Layer.Conv(1, 3, 1, 0), Layer.Pool.max(2),
                new Layer.Flatten(), new Layer.Dense(2)), Activation.RELU, true, true, Output.SINGLE);
        double[] w = new double[arch.parameterCount()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.1 * (j % 7 - 3) + 0.05;
        }
        // Taps (0, 0) and (0, 1): on a row of 2s they overflow to +inf and -inf, on a row of 0.5s they cancel.
        w[0] = 1e308;
        w[1] = -1e308;
        double[] scratch = arch.newScratch();
        for (int nanRow = 0; nanRow < 2; nanRow++) {
            double[] x = new double[shape.size()];
            for (int r = 0; r < 6; r++) {
                for (int col = 0; col < 10; col++) {
                    x[r * 10 + col] = r == nanRow ? 2.0 : r < 2 ? 0.5 : 0.1 + 0.05 * col;
                }
            }
            double expected = arch.output(w, 0, x, 0, scratch);
            assertTrue(Double.isFinite(expected), "the reference's output is finite: " + expected);
            for (boolean allowVector : new boolean[] {false, true}) {
                ConvStackNetwork network = new ConvStackNetwork(arch, null, allowVector);
                network.set(w, 0);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(network.output(x, 0, null)),
                        "NaN in conv row " + nanRow + ", vector " + network.vectorized());
            }
        }
    }

    /**
     * n points of this shape with random labels: Gaussian pixels, small integers, or ("flat") every other
     * image all zeros (-0.0 or +0.0; labelled -1, the label of a zero margin) and the rest one repeated
     * random pixel.
     */
    static Dataset data(String kind, InputShape shape, int n) {
        int dim = shape.size();
        Dataset random = kind.equals("integer") ? Fixtures.special("integer", n, dim) : Fixtures.randomLabels(7, n, dim);
        double[] x = random.features();
        int[] y = random.labels();
        if (kind.equals("flat")) {
            CounterRng rng = CounterRng.of(3, "flat-images");
            for (int p = 0; p < n; p++) {
                double pixel = p % 2 == 0 ? (p % 4 == 0 ? -0.0 : 0.0) : rng.uniform(p) * 4 - 2;
                java.util.Arrays.fill(x, p * dim, (p + 1) * dim, pixel);
                if (p % 2 == 0) {
                    y[p] = -1;
                }
            }
        }
        return new Dataset(shape, x, y);
    }

    @Test
    void filtersChooseItForReluConvStudentsOnly() {
        Architecture lenet = new Architecture(IMAGE, lenet(3, 8, Layer.Pool.max(2), 12, 10), Activation.RELU, true,
                true, Output.TWO_LOGITS);
        Dataset train = data("gaussian", IMAGE, 6);
        for (Prior prior : List.of(UNIFORM, GAUSSIAN, TERNARY)) {
            assertTrue(Filters.choose(new CandidateWeights(lenet, prior, 1, 2), train, 0) instanceof ConvStackFilter,
                    prior.label());
        }
        Architecture tanh = new Architecture(IMAGE, lenet(3, 8, Layer.Pool.max(2), 12, 10), Activation.TANH, true,
                true, Output.TWO_LOGITS);
        assertFalse(ConvStackFilter.supports(tanh, UNIFORM));
        assertTrue(Filters.choose(new CandidateWeights(tanh, UNIFORM, 1, 2), train, 0) instanceof EarlyRejectionFilter);
        Architecture dense = new Architecture(InputShape.flat(8), Architecture.dense(List.of(4, 4)), Activation.RELU,
                false, false, Output.TWO_LOGITS);
        assertFalse(ConvStackFilter.supports(dense, UNIFORM), "no conv layer: not this filter's case");
        assertThrows(IllegalArgumentException.class,
                () -> new ConvStackFilter(new CandidateWeights(tanh, UNIFORM, 1, 2), train, 0));
    }

    @Test
    void aPaddedConvNeedsFiniteWeights() {
        Architecture padded = new Architecture(new InputShape(1, 6, 6), List.of(new Layer.Conv(2, 3, 1, 1),
                new Layer.Flatten()), Activation.RELU, false, false, Output.SINGLE);
        assertTrue(ConvStackFilter.supports(padded, UNIFORM));
        assertFalse(ConvStackFilter.supports(padded, new Prior.Uniform(-1e308, 1e308)));
        assertFalse(ConvStackFilter.supports(padded, new Prior.Gaussian(1e307)));
        assertFalse(ConvStackFilter.supports(padded, new Prior.Levels(new double[] {-1, Double.POSITIVE_INFINITY})));
        Architecture unpadded = new Architecture(new InputShape(1, 6, 6), List.of(new Layer.Conv(2, 3, 1, 0),
                new Layer.Flatten()), Activation.RELU, false, false, Output.SINGLE);
        assertTrue(ConvStackFilter.supports(unpadded, new Prior.Uniform(-1e308, 1e308)));
    }

    /** The vector path's uniform draw gives exactly the weights of {@link CandidateWeights#fill}, tail included. */
    @Test
    @Tag("vector-api")
    void vectorUniformWeightsAreTheCandidatesWeights() {
        int lanes = ConvStackFilter.vectorLanes();
        Assumptions.assumeTrue(lanes > 0, "no Vector API here");
        for (Prior prior : List.of(UNIFORM, new Prior.Uniform(-0.3, 2.5))) {
            for (int channels = 1; channels <= 3; channels++) {
                // Parameter counts that are and are not multiples of the lanes.
                Architecture arch = new Architecture(new InputShape(1, 5, 5), List.of(new Layer.Conv(channels, 2, 1, 0),
                        new Layer.Flatten(), new Layer.Dense(3)), Activation.RELU, true, channels != 2, Output.SINGLE);
                CandidateWeights candidates = new CandidateWeights(arch, prior, 5, channels);
                ConvStackVector v = new ConvStackVector(List.of(), prior, candidates.rng().key());
                double[] w = new double[candidates.parameterCount()];
                for (long i = 0; i < 300; i++) {
                    assertTrue(v.draw(CandidateWeights.firstCounter(i), w));
                    assertEquals(java.util.Arrays.toString(candidates.weights(i)), java.util.Arrays.toString(w),
                            prior.label() + " " + arch.parameterCount() + " parameters, candidate " + i);
                }
            }
        }
        assertFalse(new ConvStackVector(List.of(), GAUSSIAN, 1).draw(0, new double[10]), "only uniform priors");
    }

    /**
     * The vector path's lazy draw of a uniform prior's dense columns ({@link ConvStackVector#draw}) gives
     * the eager draw's weights: after a candidate's outputs on some of the points (so that some columns
     * are drawn on demand, over columns left from earlier candidates), drawing the rest gives exactly the
     * transposed matrices of {@link CandidateWeights#fill}'s weights, and every output is the reference's.
     */
    @Test
    @Tag("vector-api")
    void lazilyDrawnDenseColumnsAreTheEagerDraw() {
        int lanes = ConvStackFilter.vectorLanes();
        Assumptions.assumeTrue(lanes > 0, "no Vector API here");
        // Dense layers of 21 and 19 units (not multiples of the lanes) on 32 inputs (8 x 2 x 2 after the second pool) and 21.
        Architecture arch = new Architecture(IMAGE, lenet(3, 8, Layer.Pool.max(2), 21, 19), Activation.RELU, true, true,
                Output.TWO_LOGITS);
        int n = 6;
        Dataset train = data("gaussian", IMAGE, n);
        double[] scratch = arch.newScratch();
        for (Prior prior : List.of(UNIFORM, new Prior.Uniform(-0.3, 2.5))) {
            CandidateWeights candidates = new CandidateWeights(arch, prior, 23, 4);
            ConvStackNetwork lazy = new ConvStackNetwork(arch, candidates, true);
            ConvStackNetwork eager = new ConvStackNetwork(arch, null, true);
            for (long i = 0; i < 300; i++) {
                double[] w = candidates.weights(i);
                lazy.load(i);
                for (int p = 0; p < (int) (i % (n + 1)); p++) {
                    double expected = arch.output(w, 0, train.features(), p * IMAGE.size(), scratch);
                    assertEquals(Double.doubleToRawLongBits(expected),
                            Double.doubleToRawLongBits(lazy.output(train.features(), p * IMAGE.size(), null)),
                            prior.label() + " candidate " + i + " point " + p);
                }
                lazy.vector().drawAllColumns();
                eager.set(w, 0);
                // The vector units of each dense layer (below the last multiple of the lanes; the scalar path reads the rest from w).
                double[] expected = eager.vector().transposed();
                double[] drawn = lazy.vector().transposed();
                int at = 0;
                for (int[] layer : new int[][] {{32, 21}, {21, 19}}) {
                    int units = layer[1];
                    for (int in = 0; in < layer[0]; in++) {
                        for (int o = 0; o < units - units % lanes; o++) {
                            int t = at + in * units + o;
                            assertEquals(Double.doubleToRawLongBits(expected[t]), Double.doubleToRawLongBits(drawn[t]),
                                    prior.label() + " candidate " + i + " input " + in + " unit " + o);
                        }
                    }
                    at += layer[0] * units;
                }
                assertEquals(at, drawn.length);
            }
        }
    }
}
