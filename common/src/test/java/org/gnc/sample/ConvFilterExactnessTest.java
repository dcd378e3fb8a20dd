package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.DenseReluFilter;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.kernel.Points;
import org.gnc.kernel.ProjectedGaussianFilter;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.kernel.conv.ConvStackFilter;
import org.gnc.kernel.packed.PackedLevelsFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.model.ProjectedGaussian;
import org.gnc.smc.GibbsLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv students and two-logit outputs: the early-rejection filter, and the filter {@link Filters#choose}
 * picks, accept exactly the indices (and error counts) of {@link ReferenceFilter} on the same candidates,
 * across layer kinds (conv, max-pool, avg-pool, stride, padding, flatten, dense), every prior kind, both
 * output kinds and error allowances 0 and &gt; 0; the dense kernels and encodings refuse what they were
 * not written for, and the test scorer counts as the plain definition does.
 */
class ConvFilterExactnessTest {
    private static final int CANDIDATES = 6_000;
    private static final InputShape IMAGE = new InputShape(1, 6, 6);
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});

    private static List<Layer> convPool(Layer pool) {
        return List.of(new Layer.Conv(2, 3, 1, 0), pool, new Layer.Flatten(), new Layer.Dense(3));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("conv + max-pool + dense, ternary relu", IMAGE, convPool(Layer.Pool.max(2)), TERNARY,
                        Activation.RELU, false, false, Output.SINGLE, 0, 5),
                Arguments.of("conv + avg-pool + dense, quantized tanh biases, 1 error", IMAGE,
                        convPool(Layer.Pool.avg(2)), new Prior.Quantized(2, 0.5), Activation.TANH, true, true,
                        Output.SINGLE, 1, 7),
                Arguments.of("stride 2 padding 1, uniform relu bias", IMAGE,
                        List.of(new Layer.Conv(3, 3, 2, 1), new Layer.Flatten()), new Prior.Uniform(-1, 1),
                        Activation.RELU, true, false, Output.SINGLE, 0, 5),
                Arguments.of("two channels in, gaussian sign, 2 errors", new InputShape(2, 4, 4),
                        List.of(new Layer.Conv(2, 2, 2, 0), Layer.Pool.max(2), new Layer.Flatten()),
                        new Prior.Gaussian(1), Activation.SIGN, false, true, Output.SINGLE, 2, 8),
                Arguments.of("two logits, conv, binary relu, 1 error", IMAGE, convPool(Layer.Pool.max(2)),
                        new Prior.Levels(new double[] {-1, 1}), Activation.RELU, false, true, Output.TWO_LOGITS, 1, 6),
                Arguments.of("two logits, dense [5] uniform relu", InputShape.flat(4),
                        Architecture.dense(List.of(5)), new Prior.Uniform(-1, 1), Activation.RELU, true, false,
                        Output.TWO_LOGITS, 0, 5),
                Arguments.of("two logits, dense [3] gaussian relu", InputShape.flat(6),
                        Architecture.dense(List.of(3)), new Prior.Gaussian(1), Activation.RELU, false, false,
                        Output.TWO_LOGITS, 0, 4),
                Arguments.of("two logits, perceptron, quantized, 1 error", InputShape.flat(5), List.of(),
                        new Prior.Quantized(3, 0.25), Activation.RELU, false, true, Output.TWO_LOGITS, 1, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void earlyRejectionAndTheChosenFilterAcceptExactlyWhatTheReferenceAccepts(String name, InputShape shape,
            List<Layer> layers, Prior prior, Activation act, boolean bias, boolean outputBias, Output output,
            int maxErrors, int n) {
        Architecture arch = new Architecture(shape, layers, act, bias, outputBias, output);
        Dataset train = new Dataset(shape, Fixtures.randomLabels(5, n, shape.size()).features(),
                Fixtures.randomLabels(5, n, shape.size()).labels());
        CandidateWeights candidates = CandidateWeights.forCell(arch, prior, 11, name.hashCode(), train.features(), n);
        assertNull(candidates.projected(), "only dense single-output networks have the projected encoding");

        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, CANDIDATES);
        assertTrue(reference.count() > 10, "the case must accept some candidates to mean anything: " + reference.count());
        assertTrue(reference.count() < CANDIDATES / 2, "the case must reject most candidates: " + reference.count());

        for (int block : new int[] {1, 7, 64}) {
            assertEquals(reference, new EarlyRejectionFilter(candidates, train, maxErrors, block).scan(0, CANDIDATES),
                    "block " + block);
        }
        // ReLU conv students get the conv-stack kernel; every other case here early rejection.
        boolean convRelu = ConvStackFilter.supports(arch, prior);
        assertEquals(convRelu, act == Activation.RELU && layers.stream().anyMatch(l -> l instanceof Layer.Conv), name);
        assertTrue(Filters.choose(candidates, train, maxErrors) instanceof ConvStackFilter == convRelu, name);
        assertTrue(Filters.choose(candidates, train, maxErrors) instanceof EarlyRejectionFilter != convRelu, name);
        assertEquals(reference, Filters.choose(candidates, train, maxErrors).scan(0, CANDIDATES));
    }

    @Test
    void theDenseKernelsAndEncodingsRefuseTwoLogitsAndConvLayers() {
        Architecture r1TwoLogits = new Architecture(InputShape.flat(20), Architecture.dense(List.of(8)),
                Activation.RELU, false, false, Output.TWO_LOGITS);
        Architecture r1 = new Architecture(20, List.of(8), Activation.RELU, false, false);
        assertTrue(PackedLevelsFilter.supports(r1, TERNARY));
        assertFalse(PackedLevelsFilter.supports(r1TwoLogits, TERNARY));
        Prior uniform = new Prior.Uniform(-1, 1);
        assertTrue(DenseReluFilter.supports(r1, uniform));
        assertFalse(DenseReluFilter.supports(r1TwoLogits, uniform));
        Prior gaussian = new Prior.Gaussian(1);
        assertTrue(ProjectedGaussian.supports(r1, gaussian));
        assertFalse(ProjectedGaussian.supports(r1TwoLogits, gaussian));
        assertTrue(GibbsLayout.supports(r1, TERNARY));
        assertFalse(GibbsLayout.supports(r1TwoLogits, TERNARY));
        // A conv layer with one channel and a 1x1 kernel is a dense-looking stack, but not a dense one.
        Architecture conv1x1 = new Architecture(InputShape.flat(20), List.of(new Layer.Conv(8, 1, 1, 0),
                new Layer.Flatten()), Activation.RELU, false, false, Output.SINGLE);
        assertFalse(PackedLevelsFilter.supports(conv1x1, TERNARY));
        assertFalse(DenseReluFilter.supports(conv1x1, uniform));
        assertFalse(ProjectedGaussian.supports(conv1x1, gaussian));
        assertFalse(GibbsLayout.supports(conv1x1, TERNARY));
        // A flatten before dense layers changes nothing: the dense kernels still apply.
        Architecture flattened = new Architecture(InputShape.flat(20), List.of(new Layer.Flatten(),
                new Layer.Dense(8)), Activation.RELU, false, false, Output.SINGLE);
        assertTrue(PackedLevelsFilter.supports(flattened, TERNARY));
        Dataset train = Fixtures.teacherData(5, 10, 20);
        assertTrue(Filters.choose(new CandidateWeights(r1TwoLogits, uniform, 1, 2), train, 0)
                instanceof EarlyRejectionFilter);
        assertTrue(Filters.choose(CandidateWeights.forCell(r1, gaussian, 1, 2, train.features(), 10), train, 0)
                instanceof ProjectedGaussianFilter);
        assertTrue(Filters.choose(CandidateWeights.forCell(r1TwoLogits, gaussian, 1, 2, train.features(), 10), train,
                0) instanceof EarlyRejectionFilter);
    }

    @Test
    void theTestScorerCountsConvAndTwoLogitMistakesAsThePlainDefinition() {
        Dataset test = Fixtures.randomLabels(9, 300, 36);
        Dataset images = new Dataset(IMAGE, test.features(), test.labels());
        for (Architecture arch : List.of(
                new Architecture(IMAGE, convPool(Layer.Pool.max(2)), Activation.RELU, true, false, Output.SINGLE),
                new Architecture(InputShape.flat(36), Architecture.dense(List.of(4)), Activation.RELU, false, true,
                        Output.TWO_LOGITS))) {
            CandidateWeights candidates = new CandidateWeights(arch, new Prior.Uniform(-1, 1), 3, 4);
            Points plain = new Points(images, arch, "test");
            HeldOutScorer scorer = new HeldOutScorer(arch, images);
            for (long i = 0; i < 50; i++) {
                double[] w = candidates.weights(i);
                assertEquals(plain.mistakes(arch, w, 0, arch.newScratch()), scorer.mistakes(w, 0), arch.label());
            }
        }
    }
}
