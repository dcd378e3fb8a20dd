package org.gnc.model;

import java.util.List;

/**
 * A family of networks before their input is known: the hidden layers (dense only for the {@code widths}
 * shorthand, empty for a perceptron), the input shape they are written for (null: the data's), the hidden
 * activation, whether hidden layers and the output have biases, the output kind, and the prior over every
 * weight and bias (so every prior works on every layer: parameters are drawn by index whatever their layer).
 *
 * <p>A stack of dense layers only reads every input as a flat vector ({@link #architecture(InputShape)}),
 * so {@code widths = [8]} means the same network on images as on tables.
 */
public record NetworkSpec(List<Layer> layers, InputShape inputShape, Activation activation, boolean bias,
                          boolean outputBias, Output output, Prior prior) {
    public NetworkSpec {
        layers = List.copyOf(layers);
        if (inputShape != null) {
            Architecture.StackProblem p = Architecture.problem(readShape(inputShape, layers), layers);
            if (p != null) {
                throw new IllegalArgumentException(p.where() + " " + p.message());
            }
        }
    }

    /** The fully connected network with these hidden widths and one output (the {@code widths} form). */
    public NetworkSpec(List<Integer> widths, Activation activation, boolean bias, boolean outputBias, Prior prior) {
        this(Architecture.dense(widths), null, activation, bias, outputBias, Output.SINGLE, prior);
    }

    /** True when every hidden layer is dense (or a flatten). */
    public boolean isDenseStack() {
        return Architecture.isDenseStack(layers);
    }

    /** The hidden widths of a dense stack; an exception for other stacks. */
    public List<Integer> widths() {
        if (!isDenseStack()) {
            throw new IllegalStateException("not a fully connected network: " + widthsLabel());
        }
        return layers.stream().filter(l -> l instanceof Layer.Dense).map(l -> ((Layer.Dense) l).units()).toList();
    }

    /**
     * The shape this network reads inputs of {@code dataShape} as: its own input shape when given, the
     * data's otherwise; flattened for a dense stack.
     */
    public InputShape inputShapeFor(InputShape dataShape) {
        return readShape(inputShape != null ? inputShape : dataShape, layers);
    }

    /** The shape {@code layers} read inputs of shape {@code shape} as: flattened for a dense stack, else as it is. */
    public static InputShape readShape(InputShape shape, List<Layer> layers) {
        return Architecture.isDenseStack(layers) ? InputShape.flat(shape.size()) : shape;
    }

    /**
     * What is wrong with this network on data whose points have shape {@code dataShape}, or null: a given
     * input shape of another size ("input-shape is ..."), or a layer that does not fit ("layers[0].kernel
     * is ...", see {@link Architecture#problem}).
     */
    public String problemWith(InputShape dataShape) {
        if (inputShape != null && inputShape.size() != dataShape.size()) {
            return "input-shape is " + inputShape.label() + " (" + inputShape.size() + " values), but the data's"
                    + " points have " + dataShape.size() + " values (" + dataShape.label() + ")";
        }
        Architecture.StackProblem p = Architecture.problem(inputShapeFor(dataShape), layers);
        return p == null ? null : p.where() + " " + p.message();
    }

    /**
     * The concrete architecture for inputs of shape {@code dataShape}; an IllegalArgumentException with
     * {@link #problemWith} when it does not fit them.
     */
    public Architecture architecture(InputShape dataShape) {
        String problem = problemWith(dataShape);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new Architecture(inputShapeFor(dataShape), layers, activation, bias, outputBias, output);
    }

    /** The concrete architecture for flat inputs of dimension {@code inputDim}. */
    public Architecture architecture(int inputDim) {
        return architecture(InputShape.flat(inputDim));
    }

    /** The hidden layers as text: "8", "16x16", "" for a perceptron, "c6k5xm2xfx16" with other layers. */
    public String widthsLabel() {
        return Architecture.label(layers);
    }
}
