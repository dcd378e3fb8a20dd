package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gnc.kernel.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@link Backprop}: its forward pass is {@link Architecture#output} bit for bit, and its gradient matches
 * central finite differences of {@link Architecture#output} on small conv / pool / dense stacks with one
 * output or two logits, strides and padding, with and without biases.
 */
class BackpropTest {
    static final List<List<Layer>> STACKS = List.of(
            List.of(new Layer.Conv(2, 3, 1, 0), Layer.Pool.max(2), new Layer.Flatten(), new Layer.Dense(3)),
            List.of(new Layer.Conv(2, 3, 2, 1), new Layer.Conv(3, 2, 1, 1), new Layer.Flatten()),
            List.of(new Layer.Conv(2, 3, 1, 0), Layer.Pool.avg(2), new Layer.Conv(2, 3, 1, 1), Layer.Pool.max(2),
                    new Layer.Flatten(), new Layer.Dense(4), new Layer.Dense(3)),
            List.of(Layer.Pool.max(2), new Layer.Flatten(), new Layer.Dense(3)),
            List.of(new Layer.Flatten()));
    static final InputShape SHAPE = new InputShape(2, 6, 6);

    @Test
    void theForwardPassIsArchitectureOutputBitForBit() {
        int checked = 0;
        for (List<Layer> stack : STACKS) {
            for (Activation act : List.of(Activation.RELU, Activation.TANH, Activation.IDENTITY)) {
                for (Output output : Output.values()) {
                    Architecture arch = new Architecture(SHAPE, stack, act, true, true, output);
                    Backprop bp = new Backprop(arch);
                    double[] w = Fixtures.gaussian(checked, arch.parameterCount());
                    double[] x = Fixtures.gaussian(500 + checked, 3 * SHAPE.size());
                    for (int i = 0; i < 3; i++) {
                        assertEquals(Double.doubleToRawLongBits(arch.output(w, 0, x, i * SHAPE.size(),
                                arch.newScratch())), Double.doubleToRawLongBits(bp.forward(w, x, i * SHAPE.size())));
                    }
                    checked++;
                }
            }
        }
        assertEquals(STACKS.size() * 3 * 2, checked);
    }

    /**
     * Central differences (o(w + h e_j) - o(w - h e_j)) / 2h with h = 1e-6: the truncation error is
     * h^2 |o'''| / 6, about 1e-12 for these O(1)-scaled smooth (tanh, identity) networks, and the rounding
     * error about eps |o| / h, 1e-10 for |o| &lt;= 1e2; tolerance 1e-6 x max(1, |g|) leaves a wide margin
     * and still catches any wrong index or missing term (those are O(1) errors). Max-pool windows get
     * no ties from Gaussian weights and inputs (probability 0), so o is differentiable there.
     */
    @Test
    void gradientsMatchCentralDifferences() {
        int checked = 0;
        for (List<Layer> stack : STACKS) {
            for (Activation act : List.of(Activation.TANH, Activation.IDENTITY)) {
                for (Output output : Output.values()) {
                    for (int flags = 0; flags < 4; flags++) {
                        Architecture arch = new Architecture(SHAPE, stack, act, (flags & 1) != 0, (flags & 2) != 0,
                                output);
                        checkAgainstDifferences(arch, 7000 + checked, 1e-6);
                        checked++;
                    }
                }
            }
        }
        assertEquals(STACKS.size() * 2 * 2 * 4, checked);
    }

    /**
     * With relu the output has kinks where a pre-activation is 0; Gaussian weights put no pre-activation
     * within 1e-7 of 0 except with tiny probability, so a step of 1e-7 stays on one side of every kink and
     * the difference quotient is exact up to rounding (eps |o| / h ~ 1e-9).
     */
    @Test
    void reluGradientsMatchAwayFromKinks() {
        for (int s = 0; s < STACKS.size(); s++) {
            for (Output output : Output.values()) {
                Architecture arch = new Architecture(SHAPE, STACKS.get(s), Activation.RELU, true, true, output);
                checkAgainstDifferences(arch, 9100 + 2 * s + output.ordinal(), 1e-7);
            }
        }
    }

    @Test
    void theGradientIsScaledAndAddedAndTheSignActivationIsRefused() {
        Architecture arch = new Architecture(SHAPE, STACKS.get(0), Activation.TANH, true, true, Output.TWO_LOGITS);
        Backprop bp = new Backprop(arch);
        double[] w = Fixtures.gaussian(1, arch.parameterCount());
        double[] x = Fixtures.gaussian(2, SHAPE.size());
        double[] once = new double[w.length];
        bp.forward(w, x, 0);
        bp.addGradient(1.0, once);
        double[] twice = new double[w.length];
        bp.addGradient(0.5, twice);
        bp.addGradient(-2.0, twice);
        for (int j = 0; j < w.length; j++) {
            assertEquals(-1.5 * once[j], twice[j], 1e-12 * Math.max(1, Math.abs(once[j])));
        }
        assertThrows(IllegalArgumentException.class, () -> new Backprop(new Architecture(SHAPE, STACKS.get(0),
                Activation.SIGN, false, false, Output.SINGLE)));
    }

    private static void checkAgainstDifferences(Architecture arch, long seed, double h) {
        Backprop bp = new Backprop(arch);
        double[] w = Fixtures.gaussian(seed, arch.parameterCount());
        for (int j = 0; j < w.length; j++) {
            w[j] *= 0.5; // keeps tanh units off saturation, so every parameter's gradient is exercised
        }
        double[] x = Fixtures.gaussian(seed + 1, SHAPE.size());
        double[] grad = new double[w.length];
        bp.forward(w, x, 0);
        bp.addGradient(1.0, grad);
        double[] scratch = arch.newScratch();
        for (int j = 0; j < w.length; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (arch.output(plus, 0, x, 0, scratch) - arch.output(minus, 0, x, 0, scratch)) / (2 * h);
            assertEquals(numeric, grad[j], 1e-6 * Math.max(1, Math.abs(numeric)), arch + " parameter " + j);
        }
    }
}
