package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void parameterCountsFollowTheLayout() {
        assertEquals(20 * 8 + 8, new Architecture(20, List.of(8), Activation.RELU, false, false).parameterCount());
        assertEquals(5 + 1, new Architecture(5, List.of(), Activation.RELU, true, true).parameterCount());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2 + 2 + 1,
                new Architecture(3, List.of(4, 2), Activation.TANH, true, true).parameterCount());
    }

    @Test
    void forwardPassMatchesAHandComputation() {
        // Two inputs, hidden layer of 2 with biases, output bias.
        // W = [[1, -1], [0.5, 2]], b = [0.25, -3], a = [2, -1], c = 0.5; x = (3, 1)
        // h = relu(3 - 1 + 0.25, 1.5 + 2 - 3) = (2.25, 0.5); f = 4.5 - 0.5 + 0.5 = 4.5
        Architecture arch = new Architecture(2, List.of(2), Activation.RELU, true, true);
        double[] w = {1, -1, 0.5, 2, 0.25, -3, 2, -1, 0.5};
        assertEquals(4.5, arch.output(w, 0, new double[] {3, 1}, 0, arch.newScratch()), 0);
        // sign: h = (1, 1) -> f = 2 - 1 + 0.5; identity: h = (2.25, 0.5) as relu here.
        Architecture sign = new Architecture(2, List.of(2), Activation.SIGN, true, true);
        assertEquals(1.5, sign.output(w, 0, new double[] {3, 1}, 0, sign.newScratch()), 0);
        // Offsets: the same weights placed after 3 others, the input after 2 others.
        double[] shifted = new double[12];
        System.arraycopy(w, 0, shifted, 3, 9);
        assertEquals(4.5, arch.output(shifted, 3, new double[] {9, 9, 3, 1}, 2, arch.newScratch()), 0);
    }

    @Test
    void twoHiddenLayersAndThePerceptron() {
        // x = (1, 2); layer 1: W1 = [[1, 1], [1, -1]] -> relu(3, -1) = (3, 0);
        // layer 2: W2 = [[1, 2]] -> relu(3) = 3; a = [-2] -> f = -6.
        Architecture deep = new Architecture(2, List.of(2, 1), Activation.RELU, false, false);
        double[] w = {1, 1, 1, -1, 1, 2, -2};
        assertEquals(-6, deep.output(w, 0, new double[] {1, 2}, 0, deep.newScratch()), 0);
        Architecture perceptron = new Architecture(3, List.of(), Activation.RELU, false, true);
        assertEquals(1 * 1 - 2 * 2 + 3 * 0.5 + 1,
                perceptron.output(new double[] {1, -2, 0.5, 1}, 0, new double[] {1, 2, 3}, 0,
                        perceptron.newScratch()), 0);
    }

    @Test
    void labelRuleSendsZeroToMinusOne() {
        assertEquals(1, Architecture.label(1e-300));
        assertEquals(-1, Architecture.label(0.0));
        assertEquals(-1, Architecture.label(-0.0));
        assertEquals(-1, Architecture.label(-2));
        assertEquals(-1.0, Activation.SIGN.apply(0.0));
    }
}
