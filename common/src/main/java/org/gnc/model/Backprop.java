package org.gnc.model;

import java.util.Arrays;
import java.util.List;

/**
 * The gradient of a network's output o(x) = {@link Architecture#output} (f, or the two-logit margin
 * logit(+1) - logit(-1)) with respect to its flat weights, for any layer stack: the reverse pass of the
 * one forward pass, in double precision.
 *
 * <p>{@link #forward} runs the forward pass with {@link Architecture}'s own layer code and keeps every
 * layer's values, so it returns exactly (bit for bit) what {@link Architecture#output} returns.
 * {@link #addGradient} then adds s * do/dw to a gradient vector, by the chain rule taken layer by layer
 * backwards, with d = do/d(values of a layer):
 * <ul>
 *   <li>output, single: do/da_i = h_i, do/dc = 1, d_i = a_i. Two logits: o = l_+ - l_-, so the row of
 *       class +1 gets +h_i, the row of class -1 gets -h_i, the biases +1 and -1, and d_i = a+_i - a-_i;</li>
 *   <li>activation: dz = d * act'(z), computed from the layer's output h = act(z): relu' = 1 iff h &gt; 0
 *       (so relu'(0) = 0), tanh' = 1 - h^2, identity' = 1 (sign has no useful gradient and is refused);</li>
 *   <li>dense: dW[o][i] = dz[o] h_prev[i], db[o] = dz[o], d_prev[i] = sum_o W[o][i] dz[o];</li>
 *   <li>conv (stride s, padding p): dK[o][i][u][v] = sum_{r,c} dz[o][r][c] x[i][r s - p + u][c s - p + v]
 *       over the positions inside the input (padding contributes zero terms, as in the forward pass),
 *       db[o] = sum_{r,c} dz[o][r][c], and d_prev[i][row][col] gets K[o][i][u][v] dz[o][r][c] for every
 *       (o, r, c, u, v) that reads it;</li>
 *   <li>max-pool: the whole of a window's d goes to its arg-max, the first value in row-major order that
 *       attains the maximum: the forward pass replaces its current value only by a strictly larger one, so
 *       the value it returns is read first at that position (ties go to the earliest);</li>
 *   <li>avg-pool: each value of a window gets d / size^2; flatten: d unchanged.</li>
 * </ul>
 * Where the output is differentiable in w (no pre-activation at a relu kink, no tie in a max-pool
 * window) this is its exact gradient up to rounding; at a kink it is the one-sided choice stated.
 *
 * <p>Holds scratch buffers for one point at a time: not thread-safe, one per thread.
 */
public final class Backprop {
    private final Architecture arch;
    private final Layer[] layers;
    /** shapes[l]: the input shape of layer l; shapes[L]: the input of the output layer. */
    private final InputShape[] shapes;
    /** offsets[l]: index of layer l's first parameter; offsets[L]: the output layer's. */
    private final int[] offsets;
    /** values[l]: the input of layer l (values[0] the point, values[L] the last hidden values). */
    private final double[][] values;
    /** deltas[l]: do/d values[l]. */
    private final double[][] deltas;
    private double[] weights;

    /** A reverse pass for {@code arch}; an IllegalArgumentException for the sign activation. */
    public Backprop(Architecture arch) {
        if (arch.activation() == Activation.SIGN && hasActivatedLayer(arch.layers())) {
            throw new IllegalArgumentException("the sign activation has zero gradient almost everywhere");
        }
        this.arch = arch;
        this.layers = arch.layers().toArray(new Layer[0]);
        int depth = layers.length;
        this.shapes = new InputShape[depth + 1];
        shapes[0] = arch.inputShape();
        List<InputShape> after = arch.shapes();
        for (int l = 0; l < depth; l++) {
            shapes[l + 1] = after.get(l);
        }
        this.offsets = new int[depth + 1];
        for (int l = 0; l < depth; l++) {
            offsets[l + 1] = offsets[l] + (int) layers[l].parameterCount(shapes[l], arch.bias());
        }
        this.values = new double[depth + 1][];
        this.deltas = new double[depth + 1][];
        for (int l = 0; l <= depth; l++) {
            values[l] = new double[shapes[l].size()];
            deltas[l] = new double[shapes[l].size()];
        }
    }

    private static boolean hasActivatedLayer(List<Layer> layers) {
        return layers.stream().anyMatch(l -> l instanceof Layer.Dense || l instanceof Layer.Conv);
    }

    /**
     * o(x) for the weights {@code w} (from index 0) and the point {@code x[xOff .. xOff + inputDim)},
     * exactly {@link Architecture#output}; keeps the layer values for {@link #addGradient}.
     */
    public double forward(double[] w, double[] x, int xOff) {
        System.arraycopy(x, xOff, values[0], 0, values[0].length);
        for (int l = 0; l < layers.length; l++) {
            arch.hiddenLayer(l, w, offsets[l], values[l], 0, values[l + 1], 0);
        }
        weights = w;
        return arch.outputLayer(w, offsets[layers.length], values[layers.length], 0);
    }

    /**
     * Adds {@code s} * do/dw at the point and weights of the last {@link #forward} to {@code grad}
     * (indexed like the weights).
     */
    public void addGradient(double s, double[] grad) {
        double[] w = weights;
        int depth = layers.length;
        double[] h = values[depth];
        double[] d = deltas[depth];
        int n = h.length;
        int p = offsets[depth];
        if (arch.output() == Output.SINGLE) {
            for (int i = 0; i < n; i++) {
                grad[p + i] += s * h[i];
                d[i] = s * w[p + i];
            }
            if (arch.outputBias()) {
                grad[p + n] += s;
            }
        } else {
            for (int i = 0; i < n; i++) {
                grad[p + i] -= s * h[i];
                grad[p + n + i] += s * h[i];
                d[i] = s * (w[p + n + i] - w[p + i]);
            }
            if (arch.outputBias()) {
                grad[p + 2 * n] -= s;
                grad[p + 2 * n + 1] += s;
            }
        }
        for (int l = depth - 1; l >= 0; l--) {
            // The input's own gradient is not needed; nor is anything below the first layer with parameters.
            boolean needInput = offsets[l] > 0;
            Layer layer = layers[l];
            if (layer instanceof Layer.Flatten) {
                System.arraycopy(deltas[l + 1], 0, deltas[l], 0, deltas[l].length);
                continue;
            }
            if (needInput) {
                Arrays.fill(deltas[l], 0.0);
            } else if (!(layer instanceof Layer.Dense || layer instanceof Layer.Conv)) {
                continue;
            }
            if (layer instanceof Layer.Dense) {
                dense(l, w, grad, needInput);
            } else if (layer instanceof Layer.Conv c) {
                conv(l, c, w, grad, needInput);
            } else {
                pool(l, (Layer.Pool) layer);
            }
        }
    }

    /** Turns deltas[l + 1] (do/dh) into do/dz in place, by the activation's derivative at h. */
    private void throughActivation(int l) {
        double[] h = values[l + 1];
        double[] d = deltas[l + 1];
        switch (arch.activation()) {
            case RELU -> {
                for (int i = 0; i < d.length; i++) {
                    if (!(h[i] > 0)) {
                        d[i] = 0.0;
                    }
                }
            }
            case TANH -> {
                for (int i = 0; i < d.length; i++) {
                    d[i] *= 1 - h[i] * h[i];
                }
            }
            case IDENTITY -> {
            }
            case SIGN -> throw new IllegalStateException("sign is refused by the constructor");
        }
    }

    private void dense(int l, double[] w, double[] grad, boolean needInput) {
        throughActivation(l);
        double[] in = values[l];
        double[] dz = deltas[l + 1];
        double[] dIn = deltas[l];
        int nIn = in.length;
        int units = dz.length;
        int p = offsets[l];
        int biasBase = p + units * nIn;
        for (int o = 0; o < units; o++) {
            double g = dz[o];
            if (g == 0.0) {
                continue;
            }
            int row = p + o * nIn;
            for (int i = 0; i < nIn; i++) {
                grad[row + i] += g * in[i];
            }
            if (needInput) {
                for (int i = 0; i < nIn; i++) {
                    dIn[i] += w[row + i] * g;
                }
            }
            if (arch.bias()) {
                grad[biasBase + o] += g;
            }
        }
    }

    private void conv(int l, Layer.Conv c, double[] w, double[] grad, boolean needInput) {
        throughActivation(l);
        double[] in = values[l];
        double[] dz = deltas[l + 1];
        double[] dIn = deltas[l];
        InputShape s = shapes[l];
        InputShape o = shapes[l + 1];
        int k = c.kernel();
        int stride = c.stride();
        int pad = c.padding();
        int cin = s.channels();
        int h = s.height();
        int wd = s.width();
        int p = offsets[l];
        int biasBase = p + c.channels() * cin * k * k;
        int q = 0;
        for (int oc = 0; oc < c.channels(); oc++) {
            int kBase = p + oc * cin * k * k;
            for (int r = 0; r < o.height(); r++) {
                for (int col = 0; col < o.width(); col++, q++) {
                    double g = dz[q];
                    if (g == 0.0) {
                        continue;
                    }
                    if (arch.bias()) {
                        grad[biasBase + oc] += g;
                    }
                    for (int i = 0; i < cin; i++) {
                        for (int u = 0; u < k; u++) {
                            int row = r * stride - pad + u;
                            if (row < 0 || row >= h) {
                                continue;
                            }
                            int kRow = kBase + (i * k + u) * k;
                            int xRow = (i * h + row) * wd;
                            for (int v = 0; v < k; v++) {
                                int x = col * stride - pad + v;
                                if (x < 0 || x >= wd) {
                                    continue;
                                }
                                grad[kRow + v] += g * in[xRow + x];
                                if (needInput) {
                                    dIn[xRow + x] += w[kRow + v] * g;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void pool(int l, Layer.Pool pool) {
        double[] in = values[l];
        double[] dOut = deltas[l + 1];
        double[] dIn = deltas[l];
        InputShape s = shapes[l];
        InputShape o = shapes[l + 1];
        int size = pool.size();
        boolean max = pool.reduction() == Layer.Pool.Reduction.MAX;
        double area = size * size;
        int q = 0;
        for (int ch = 0; ch < s.channels(); ch++) {
            for (int r = 0; r < o.height(); r++) {
                for (int col = 0; col < o.width(); col++, q++) {
                    int base = (ch * s.height() + r * size) * s.width() + col * size;
                    if (max) {
                        int arg = base;
                        double m = in[base];
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                int at = base + u * s.width() + v;
                                if (in[at] > m) {
                                    m = in[at];
                                    arg = at;
                                }
                            }
                        }
                        dIn[arg] += dOut[q];
                    } else {
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                dIn[base + u * s.width() + v] += dOut[q] / area;
                            }
                        }
                    }
                }
            }
        }
    }
}
