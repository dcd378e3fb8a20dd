package org.gnc.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A network x -&gt; h_1 -&gt; ... -&gt; h_L -&gt; output, with hidden layers of the kinds in {@link Layer} on
 * an input of shape {@code inputShape}, and the one forward pass that every evaluator uses (so that fast
 * paths decide exactly as the reference does). The output layer is implicit: dense on the last hidden
 * layer's values, which must be flat (a conv or pool last needs a flatten after it), with one or two
 * units ({@link Output}). The activation follows every conv and dense layer; pools and flatten have none.
 * The constructor checks that every layer fits its input ({@link #problem}).
 *
 * <p><b>Parameter layout</b> in a flat weight vector, layer by layer in order: a conv layer with C_in
 * input and C_out output channels and a k x k kernel gives its kernel tensor [C_out][C_in][k][k]
 * row-major, then C_out biases if {@code bias}; a dense layer with n_in inputs and n_out units gives the
 * n_out x n_in matrix row-major, then n_out biases if {@code bias}; pools and flatten have none. Then the
 * output layer: for {@code single} its weights a (one per value of the last hidden layer, or per input for
 * a perceptron), then one bias if {@code outputBias}; for {@code two-logits} the weights of the logit of
 * class -1, then those of class +1, then their two biases (class -1 first) if {@code outputBias}. For a
 * stack of dense layers this is the layout of the fully connected networks gnc has always had.
 *
 * <p><b>Forward pass</b>, every sum in double precision, starting from 0.0, in the order stated, with the
 * bias added last:
 * <ul>
 *   <li>dense: h[o] = act(sum_i W[o][i] h_prev[i] + b[o]), i increasing;</li>
 *   <li>conv (stride s, padding p): h[o][r][c] = act(sum over (i, u, v) in increasing row-major order of
 *       K[o][i][u][v] x[i][r s - p + u][c s - p + v] + b[o]), where the terms whose input position falls
 *       in the zero padding are left out (they are zero products);</li>
 *   <li>max-pool: the largest value of each window (visited row-major, a later value replacing the
 *       current one only when strictly larger); avg-pool: the window's sum, row-major, divided by
 *       size^2; flatten: nothing (values are stored channel-major, so the flat vector is the same memory);</li>
 *   <li>output: f = sum_i a[i] h_L[i] + c for {@code single}; for {@code two-logits} the logits l_- and
 *       l_+ each so, and the margin m = l_+ - l_-, one double subtraction.</li>
 * </ul>
 * {@link #output} returns f or m, and the label is {@link #label}: +1 iff the value is &gt; 0. For two
 * logits this is exactly "the class of the larger logit, a tie to -1": for doubles x, y the rounded
 * difference fl(x - y) has the sign of x - y (rounding is monotone and 0 is a double) and is zero only if
 * x = y (with gradual underflow the exact difference of two distinct doubles is a nonzero multiple of the
 * smallest subnormal, hence representable or rounded away from 0 to at least that subnormal; an overflow
 * rounds to +-infinity, keeping the sign). So fl(l_+ - l_-) &gt; 0 iff l_+ &gt; l_-. (With a NaN logit, or
 * both logits the same infinity, m is NaN and the label is -1, as a tie.)
 */
public final class Architecture implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final InputShape inputShape;
    private final List<Layer> layers;
    private final Activation activation;
    private final boolean bias;
    private final boolean outputBias;
    private final Output output;
    /** The layers and, at index l + 1, the shape after layer l (index 0: the input), for the forward pass. */
    private final Layer[] layerArray;
    private final InputShape[] shapes;

    /**
     * The network of these layers on inputs of this shape; an IllegalArgumentException naming the layer and
     * key when a layer does not fit its input ({@link #problem}).
     */
    public Architecture(InputShape inputShape, List<Layer> layers, Activation activation, boolean bias,
                        boolean outputBias, Output output) {
        this.layers = List.copyOf(layers);
        StackProblem p = problem(inputShape, this.layers);
        if (p != null) {
            throw new IllegalArgumentException(p.where() + " " + p.message());
        }
        this.inputShape = inputShape;
        this.activation = java.util.Objects.requireNonNull(activation);
        this.bias = bias;
        this.outputBias = outputBias;
        this.output = java.util.Objects.requireNonNull(output);
        this.layerArray = this.layers.toArray(new Layer[0]);
        this.shapes = new InputShape[layerArray.length + 1];
        shapes[0] = inputShape;
        for (int l = 0; l < layerArray.length; l++) {
            shapes[l + 1] = layerArray[l].outputShape(shapes[l]);
        }
    }

    /**
     * The fully connected network with these hidden widths (empty for a perceptron) on flat inputs of
     * dimension {@code inputDim}, with one output: the architecture gnc has always had.
     */
    public Architecture(int inputDim, List<Integer> widths, Activation activation, boolean bias,
                        boolean outputBias) {
        this(flatInput(inputDim), dense(widths), activation, bias, outputBias, Output.SINGLE);
    }

    private static InputShape flatInput(int inputDim) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be >= 1, got " + inputDim);
        }
        return InputShape.flat(inputDim);
    }

    /** The shape of one input. */
    public InputShape inputShape() {
        return inputShape;
    }

    /** The hidden layers, in order (the output layer is implicit). */
    public List<Layer> layers() {
        return layers;
    }

    public Activation activation() {
        return activation;
    }

    /** Whether conv and dense layers have biases. */
    public boolean bias() {
        return bias;
    }

    /** Whether the output unit (each logit) has a bias. */
    public boolean outputBias() {
        return outputBias;
    }

    public Output output() {
        return output;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Architecture a && inputShape.equals(a.inputShape) && layers.equals(a.layers)
                && activation == a.activation && bias == a.bias && outputBias == a.outputBias && output == a.output;
    }

    @Override public int hashCode() {
        return java.util.Objects.hash(inputShape, layers, activation, bias, outputBias, output);
    }

    @Override public String toString() {
        return "Architecture[" + inputShape.label() + " -> " + label() + " -> " + output.configName() + ", "
                + activation.configName() + ", bias=" + bias + ", outputBias=" + outputBias + "]";
    }

    /** Dense layers of these widths. */
    public static List<Layer> dense(List<Integer> widths) {
        return widths.stream().<Layer>map(Layer.Dense::new).toList();
    }

    /**
     * What is wrong with {@code layers} on inputs of shape {@code in}, or null when every layer fits its
     * input and the last hidden values are flat (so that the implicit dense output can read them). Only
     * the first problem: the shapes after a layer that does not fit are undefined.
     */
    public static StackProblem problem(InputShape in, List<Layer> layers) {
        InputShape shape = in;
        for (int l = 0; l < layers.size(); l++) {
            Layer.Problem p = layers.get(l).problem(shape);
            if (p != null) {
                return new StackProblem(l, p.key(), p.message());
            }
            shape = layers.get(l).outputShape(shape);
        }
        if (!shape.isFlat()) {
            return layers.isEmpty()
                    ? new StackProblem(-1, "", "is empty on an input of shape " + in.label()
                            + ": the dense output needs a flat input; add { kind = flatten }")
                    : new StackProblem(layers.size() - 1, "kind", "is " + layers.get(layers.size() - 1).kind()
                            + ", the last layer, with output " + shape.label() + ": the stack must end in a dense"
                            + " layer or a flatten before the implicit dense output");
        }
        return null;
    }

    /**
     * A problem with layer {@code layer} (-1: the stack as a whole) at {@code key} ("" for the layer or
     * stack itself).
     */
    public record StackProblem(int layer, String key, String message) {
        /** "layers[2].size", "layers[0]" or "layers". */
        public String where() {
            return "layers" + (layer < 0 ? "" : "[" + layer + "]") + (key.isEmpty() ? "" : "." + key);
        }
    }

    /** The input dimension: channels x height x width. */
    public int inputDim() {
        return inputShape.size();
    }

    /** True when every hidden layer is dense (or a flatten): a fully connected network. */
    public boolean isDenseStack() {
        return isDenseStack(layers);
    }

    /** True when every layer is dense or a flatten. */
    public static boolean isDenseStack(List<Layer> layers) {
        return layers.stream().allMatch(l -> l instanceof Layer.Dense || l instanceof Layer.Flatten);
    }

    /**
     * True for a fully connected network with one output: the networks the dense kernels, the projected
     * encoding, exact Gibbs moves and p* are written for ({@link #widths}, {@link #depth}).
     */
    public boolean isDenseSingleOutput() {
        return isDenseStack() && output == Output.SINGLE;
    }

    /** The hidden widths of a fully connected network ({@link #isDenseStack}); an exception otherwise. */
    public List<Integer> widths() {
        requireDense();
        List<Integer> w = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Layer.Dense d) {
                w.add(d.units());
            }
        }
        return List.copyOf(w);
    }

    /** Number of hidden layers of a fully connected network (0 for a perceptron); an exception otherwise. */
    public int depth() {
        return widths().size();
    }

    private void requireDense() {
        if (!isDenseStack()) {
            throw new IllegalStateException("not a fully connected network: " + label());
        }
    }

    /** The hidden layers as text: "8", "16x16", "" for a perceptron, "c6k5xm2xfx16" with other layers. */
    public String label() {
        return label(layers);
    }

    /** Hidden layers as text, their {@link Layer#label}s joined by "x". */
    public static String label(List<Layer> layers) {
        return String.join("x", layers.stream().map(Layer::label).toList());
    }

    /** The shape of the values after each hidden layer, in order. */
    public List<InputShape> shapes() {
        return List.of(shapes).subList(1, shapes.length);
    }

    /** Total number of parameters (weights and biases). */
    public int parameterCount() {
        long n = 0;
        for (int l = 0; l < layerArray.length; l++) {
            n += layerArray[l].parameterCount(shapes[l], bias);
        }
        n += (long) output.units() * (shapes[layerArray.length].size() + (outputBias ? 1 : 0));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many parameters: " + n);
        }
        return (int) n;
    }

    /** The largest layer size, input included: the size of each half of the scratch buffer. */
    public int maxWidth() {
        int m = 0;
        for (InputShape shape : shapes) {
            m = Math.max(m, shape.size());
        }
        return m;
    }

    /** A scratch buffer large enough for {@link #output}. */
    public double[] newScratch() {
        return new double[2 * maxWidth()];
    }

    /**
     * The output f (single) or margin logit(+1) - logit(-1) (two logits) of the network with weights
     * {@code w[wOff ..]} on the input {@code x[xOff .. xOff + inputDim)}: the forward pass defined above.
     * {@code scratch} must come from {@link #newScratch()}; its contents are overwritten.
     */
    public double output(double[] w, int wOff, double[] x, int xOff, double[] scratch) {
        int half = scratch.length / 2;
        double[] in = x;
        int inOff = xOff;
        int p = wOff;
        int outOff = 0;
        for (int l = 0; l < layerArray.length; l++) {
            if (layerArray[l] instanceof Layer.Flatten) {
                continue; // the same values
            }
            p = hiddenLayer(l, w, p, in, inOff, scratch, outOff);
            in = scratch;
            inOff = outOff;
            outOff = outOff == 0 ? half : 0;
        }
        return outputLayer(w, p, in, inOff);
    }

    /**
     * Hidden layer {@code l} of the forward pass: reads its input (shape {@code shapes[l]}) from
     * {@code in[inOff ..]}, writes its values to {@code out[outOff ..]} (a flatten copies them) and returns
     * the parameter index after its parameters, which start at {@code p}. {@link #output} and
     * {@link Backprop} share it, so both compute the same values.
     */
    int hiddenLayer(int l, double[] w, int p, double[] in, int inOff, double[] out, int outOff) {
        Layer layer = layerArray[l];
        InputShape shape = shapes[l];
        if (layer instanceof Layer.Dense d) {
            return dense(w, p, in, inOff, shape.size(), d.units(), out, outOff);
        }
        if (layer instanceof Layer.Conv c) {
            return conv(c, w, p, in, inOff, shape, shapes[l + 1], out, outOff);
        }
        if (layer instanceof Layer.Pool pool) {
            pool(pool, in, inOff, shape, shapes[l + 1], out, outOff);
        } else {
            System.arraycopy(in, inOff, out, outOff, shape.size());
        }
        return p;
    }

    /**
     * The output layer on the last hidden values {@code in[inOff ..]}, its parameters starting at {@code p}:
     * f, or the margin logit(+1) - logit(-1), as defined above (public so that fast paths finish exactly as
     * the reference does; {@link Backprop} shares it too).
     */
    public double outputLayer(double[] w, int p, double[] in, int inOff) {
        int inSize = shapes[layerArray.length].size();
        double f = 0.0;
        if (output == Output.SINGLE) {
            for (int i = 0; i < inSize; i++) {
                f += w[p + i] * in[inOff + i];
            }
            return outputBias ? f + w[p + inSize] : f;
        }
        // Both logits' sums in one loop (each in input order, as two loops would form them).
        double g = 0.0;
        for (int i = 0, q = p + inSize; i < inSize; i++) {
            double x = in[inOff + i];
            f += w[p + i] * x;
            g += w[q + i] * x;
        }
        if (outputBias) {
            f += w[p + 2 * inSize];
            g += w[p + 2 * inSize + 1];
        }
        return g - f;
    }

    /** A dense layer: writes act(W h + b) to out[outOff ..]; returns the parameter index after it. */
    private int dense(double[] w, int p, double[] in, int inOff, int inSize, int width, double[] out, int outOff) {
        int biasBase = p + width * inSize;
        for (int o = 0; o < width; o++) {
            double s = 0.0;
            for (int i = 0; i < inSize; i++) {
                s += w[p++] * in[inOff + i];
            }
            if (bias) {
                s += w[biasBase + o];
            }
            out[outOff + o] = activation.apply(s);
        }
        return bias ? p + width : p;
    }

    /**
     * A conv layer, as defined above; returns the parameter index after it. Each output row is accumulated
     * tap by tap ((i, u, v) increasing, the inner loop across the row's positions), so every output sums the
     * same terms in the same order as the definition (taps in the padding are skipped, not added), while
     * the inner loop runs over contiguous values the JIT can vectorize.
     */
    private int conv(Layer.Conv c, double[] w, int p, double[] in, int inOff, InputShape s, InputShape o,
                     double[] out, int outOff) {
        int k = c.kernel();
        int stride = c.stride();
        int pad = c.padding();
        int cin = s.channels();
        int h = s.height();
        int wd = s.width();
        int outW = o.width();
        int biasBase = p + c.channels() * cin * k * k;
        int q = outOff;
        for (int oc = 0; oc < c.channels(); oc++) {
            int kBase = p + oc * cin * k * k;
            for (int r = 0; r < o.height(); r++, q += outW) {
                java.util.Arrays.fill(out, q, q + outW, 0.0);
                int r0 = r * stride - pad;
                for (int i = 0; i < cin; i++) {
                    for (int u = 0; u < k; u++) {
                        int row = r0 + u;
                        if (row < 0 || row >= h) {
                            continue;
                        }
                        int kRow = kBase + (i * k + u) * k;
                        int xRow = inOff + (i * h + row) * wd;
                        for (int v = 0; v < k; v++) {
                            // Positions whose column col * stride - pad + v lies in [0, wd).
                            int first = Math.max(0, Math.floorDiv(pad - v + stride - 1, stride));
                            int last = Math.min(outW - 1, Math.floorDiv(wd - 1 + pad - v, stride));
                            double kv = w[kRow + v];
                            int x0 = xRow - pad + v;
                            if (stride == 1) {
                                for (int col = first; col <= last; col++) {
                                    out[q + col] += kv * in[x0 + col];
                                }
                            } else {
                                for (int col = first; col <= last; col++) {
                                    out[q + col] += kv * in[x0 + col * stride];
                                }
                            }
                        }
                    }
                }
                for (int col = 0; col < outW; col++) {
                    double sum = out[q + col];
                    if (bias) {
                        sum += w[biasBase + oc];
                    }
                    out[q + col] = activation.apply(sum);
                }
            }
        }
        return biasBase + (bias ? c.channels() : 0);
    }

    /**
     * The pool of the forward pass, as defined above: the values of shape {@code s} at in[inOff ..] pooled
     * to shape {@code o} at out[outOff ..] (public so that fast paths pool exactly as the reference does).
     */
    public static void pool(Layer.Pool pool, double[] in, int inOff, InputShape s, InputShape o, double[] out,
                            int outOff) {
        int size = pool.size();
        boolean max = pool.reduction() == Layer.Pool.Reduction.MAX;
        double area = size * size;
        int q = outOff;
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int r = 0; r < o.height(); r++) {
                for (int col = 0; col < o.width(); col++) {
                    int base = inOff + (ch * s.height() + r * size) * s.width() + col * size;
                    double m = in[base];
                    double sum = 0.0;
                    for (int u = 0; u < size; u++) {
                        for (int v = 0; v < size; v++) {
                            double x = in[base + u * s.width() + v];
                            if (x > m) {
                                m = x;
                            }
                            sum += x;
                        }
                    }
                    out[q++] = max ? m : sum / area;
                }
            }
        }
    }

    /** The label rule shared by teacher and student: +1 if f (or the two-logit margin) &gt; 0, else -1. */
    public static int label(double f) {
        return f > 0 ? 1 : -1;
    }
}
