package org.gnc.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A family of fully connected networks with one real output, before the input dimension is known:
 * hidden-layer widths (empty for a perceptron), the hidden activation, whether hidden layers and the
 * output have biases, and the prior over every weight and bias.
 */
public record NetworkSpec(List<Integer> widths, Activation activation, boolean bias, boolean outputBias,
                          Prior prior) {
    public NetworkSpec {
        widths = List.copyOf(widths);
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be >= 1, got " + widths);
            }
        }
    }

    /** The concrete architecture for inputs of dimension {@code inputDim}. */
    public Architecture architecture(int inputDim) {
        return new Architecture(inputDim, widths, activation, bias, outputBias);
    }

    /** Widths as text: "8", "16x16", or "" for a perceptron. */
    public String widthsLabel() {
        return widths.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
}
