package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forward pass of conv, pool and flatten layers and of two-logit outputs against hand-computed
 * values (so the definition itself is checked), the parameter layout, and the shape checks.
 */
class LayerStackTest {
    /** A 3 x 3 single-channel image, row-major: [[1, 2, 0], [0, 1, -1], [2, 0, 1]]. */
    private static final double[] X = {1, 2, 0, 0, 1, -1, 2, 0, 1};
    private static final InputShape SHAPE = new InputShape(1, 3, 3);

    @Test
    void convThenPoolsMatchAHandComputation() {
        // Kernel [[1, -1], [0, 2]], bias -0.5: pre-activations
        //   (0,0) 1 - 2 + 0 + 2 = 1, (0,1) 2 - 0 + 0 - 2 = 0, (1,0) 0 - 1 + 0 + 0 = -1, (1,1) 1 + 1 + 0 + 2 = 4,
        // minus 0.5 -> relu (0.5, 0, 0, 3.5). Max-pool 2: 3.5; avg-pool 2: 4 / 4 = 1. Output 0.5 h + 0.25.
        List<Layer> maxStack = List.of(new Layer.Conv(1, 2, 1, 0), Layer.Pool.max(2), new Layer.Flatten());
        Architecture max = new Architecture(SHAPE, maxStack, Activation.RELU, true, true, Output.SINGLE);
        double[] w = {1, -1, 0, 2, -0.5, 0.5, 0.25};
        assertEquals(w.length, max.parameterCount());
        assertEquals(0.5 * 3.5 + 0.25, max.output(w, 0, X, 0, max.newScratch()), 0);
        Architecture avg = new Architecture(SHAPE, List.of(new Layer.Conv(1, 2, 1, 0), Layer.Pool.avg(2),
                new Layer.Flatten()), Activation.RELU, true, true, Output.SINGLE);
        assertEquals(0.5 * 1 + 0.25, avg.output(w, 0, X, 0, avg.newScratch()), 0);
        // Offsets of weights and input are honoured.
        double[] shifted = new double[w.length + 3];
        System.arraycopy(w, 0, shifted, 3, w.length);
        double[] xs = new double[X.length + 2];
        System.arraycopy(X, 0, xs, 2, X.length);
        assertEquals(0.5 * 3.5 + 0.25, max.output(shifted, 3, xs, 2, max.newScratch()), 0);
        assertEquals("c1k2xm2xf", max.label());
    }

    @Test
    void strideAndPaddingAndTwoLogitsMatchAHandComputation() {
        // Two 3x3 kernels, stride 2, padding 1 on a 3x3 image: a 2 x 2 x 2 output. Channel 0 (all ones)
        // sums the in-image part of each window: (0,0) 1+2+0+1 = 4, (0,1) 2+0+1-1 = 2, (1,0) 0+1+2+0 = 3,
        // (1,1) 1-1+0+1 = 1. Channel 1 (centre tap only) picks x[2r][2c]: 1, 0, 2, 1. Identity activation.
        // Logit(-1) = 1 * h[0] + 0.5 = 4.5; logit(+1) = h[6] + h[7] + 2 = 5; margin 0.5.
        Architecture arch = new Architecture(SHAPE, List.of(new Layer.Conv(2, 3, 2, 1), new Layer.Flatten()),
                Activation.IDENTITY, false, true, Output.TWO_LOGITS);
        assertEquals(List.of(new InputShape(2, 2, 2), InputShape.flat(8)), arch.shapes());
        double[] w = new double[arch.parameterCount()];
        assertEquals(2 * 9 + 2 * 8 + 2, w.length);
        for (int t = 0; t < 9; t++) {
            w[t] = 1; // channel 0
        }
        w[9 + 4] = 1; // channel 1, centre
        int out = 18;
        w[out] = 1; // logit(-1) reads h[0]
        w[out + 8 + 6] = 1; // logit(+1) reads h[6] and h[7]
        w[out + 8 + 7] = 1;
        w[out + 16] = 0.5;
        w[out + 17] = 2;
        assertEquals(0.5, arch.output(w, 0, X, 0, arch.newScratch()), 0);
        assertEquals(1, Architecture.label(0.5));
        // A tie goes to -1: equal logits give a margin of exactly 0.
        w[out + 17] = 1.5;
        assertEquals(0.0, arch.output(w, 0, X, 0, arch.newScratch()), 0);
        assertEquals(-1, Architecture.label(arch.output(w, 0, X, 0, arch.newScratch())));
    }

    @Test
    void twoLogitsOnADenseStackAndAPerceptron() {
        // Perceptron, two logits: l- = 1*3 + 2*1 = 5, l+ = -1*3 + 4*1 = 1: margin -4.
        Architecture p = new Architecture(InputShape.flat(2), List.of(), Activation.RELU, false, false,
                Output.TWO_LOGITS);
        assertEquals(4, p.parameterCount());
        assertEquals(-4, p.output(new double[] {1, 2, -1, 4}, 0, new double[] {3, 1}, 0, p.newScratch()), 0);
        // The margin is the larger-logit rule even where the logits are tiny: 2^-1074 - 0 > 0.
        assertEquals(Double.MIN_VALUE, p.output(new double[] {0, 0, Double.MIN_VALUE, 0}, 0, new double[] {1, 0}, 0,
                p.newScratch()), 0);
        // A dense stack with one output is the network gnc always had, bit for bit.
        Architecture dense = new Architecture(InputShape.flat(2), Architecture.dense(List.of(2)), Activation.RELU,
                true, true, Output.SINGLE);
        assertEquals(new Architecture(2, List.of(2), Activation.RELU, true, true), dense);
        assertTrue(dense.isDenseSingleOutput());
        Architecture twoLogits = new Architecture(InputShape.flat(2), Architecture.dense(List.of(2)),
                Activation.RELU, true, true, Output.TWO_LOGITS);
        assertTrue(twoLogits.isDenseStack());
        assertFalse(twoLogits.isDenseSingleOutput());
        assertEquals(List.of(2), twoLogits.widths());
        // h = relu(2.25, 0.5) as in ArchitectureTest; logits (2 h0 - h1 + 0.5, h0 + 0) -> margin 2.25 - 4.5.
        double[] w = {1, -1, 0.5, 2, 0.25, -3, 2, -1, 1, 0, 0.5, 0};
        assertEquals(2.25 - 4.5, twoLogits.output(w, 0, new double[] {3, 1}, 0, twoLogits.newScratch()), 0);
    }

    @Test
    void aStackMustFitItsInputAndEndFlat() {
        assertEquals("layers[0].kernel", Architecture.problem(SHAPE, List.of(new Layer.Conv(1, 4, 1, 0),
                new Layer.Flatten())).where());
        assertNull(Architecture.problem(SHAPE, List.of(new Layer.Conv(1, 4, 1, 1), new Layer.Flatten())));
        assertEquals("layers[1].size", Architecture.problem(SHAPE, List.of(new Layer.Conv(1, 2, 1, 0),
                Layer.Pool.max(3), new Layer.Flatten())).where());
        Architecture.StackProblem last = Architecture.problem(SHAPE, List.of(new Layer.Conv(1, 2, 1, 0)));
        assertEquals("layers[0].kind", last.where());
        assertTrue(last.message().contains("must end in a dense layer or a flatten"), last.message());
        assertEquals("layers[1].kind", Architecture.problem(SHAPE, List.of(new Layer.Conv(1, 2, 1, 0),
                new Layer.Dense(3))).where());
        assertEquals("layers", Architecture.problem(SHAPE, List.of()).where());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Architecture(SHAPE,
                List.of(Layer.Pool.avg(2), new Layer.Flatten()), Activation.RELU, false, false, Output.SINGLE));
        assertTrue(e.getMessage().startsWith("layers[0].size is 2, which does not divide"), e.getMessage());
        Architecture conv = new Architecture(SHAPE, List.of(new Layer.Conv(1, 1, 1, 0), new Layer.Flatten()),
                Activation.RELU, false, false, Output.SINGLE);
        IllegalStateException notDense = assertThrows(IllegalStateException.class, conv::widths);
        assertTrue(notDense.getMessage().contains("c1k1"), notDense.getMessage());
    }

    @Test
    void aNetworkSpecReadsItsDataAndScalesWidths() {
        Prior prior = new Prior.Levels(new double[] {-1, 1});
        NetworkSpec lenetLike = new NetworkSpec(List.of(new Layer.Conv(2, 2, 1, 0), Layer.Pool.max(2),
                new Layer.Flatten(), new Layer.Dense(3)), null, Activation.RELU, false, false, Output.SINGLE, prior);
        Architecture a = lenetLike.architecture(new InputShape(1, 5, 5));
        assertEquals(2 * 4 + 3 * 2 * 2 * 2 + 3, a.parameterCount());
        assertEquals("layers[1].size is 2, which does not divide", lenetLike.problemWith(new InputShape(1, 4, 4))
                .substring(0, 42));
        // A dense stack reads images as flat vectors: widths = [8] means the same on images as on tables.
        NetworkSpec dense = new NetworkSpec(List.of(8), Activation.RELU, false, false, prior);
        assertEquals(new Architecture(25, List.of(8), Activation.RELU, false, false),
                dense.architecture(new InputShape(1, 5, 5)));
        NetworkSpec shaped = new NetworkSpec(lenetLike.layers(), new InputShape(1, 5, 5), Activation.RELU, false,
                false, Output.SINGLE, prior);
        assertTrue(shaped.problemWith(InputShape.flat(24)).startsWith("input-shape is 1x5x5 (25 values)"));
        assertEquals(a, shaped.architecture(InputShape.flat(25)));
        assertEquals(List.of(new Layer.Conv(3, 2, 1, 0), Layer.Pool.max(2), new Layer.Dense(4), new Layer.Dense(1)),
                List.of(new Layer.Conv(2, 2, 1, 0).scaled(1.5), Layer.Pool.max(2).scaled(1.5),
                        new Layer.Dense(3).scaled(1.5), new Layer.Dense(1).scaled(0.1)));
        // The peers' LeNet widths: 6, 16, 120, 84 at w = 0.5 and 1/6 (3, 8, 60, 42 and 1, 2, 20, 14).
        assertEquals(List.of(3, 8, 60, 42), List.of(6, 16, 120, 84).stream().map(u -> Layer.scale(u, 0.5)).toList());
        assertEquals(List.of(1, 2, 20, 14), List.of(6, 16, 120, 84).stream().map(u -> Layer.scale(u, 1.0 / 6))
                .toList());
    }
}
