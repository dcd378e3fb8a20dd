package org.gnc.model;

import java.util.List;

/**
 * A fully connected network x -> h_1 -> ... -> h_L -> f(x) in R, and the one forward pass that every
 * evaluator uses (so that fast paths decide exactly as the reference does).
 *
 * <p>Parameter layout in a flat weight vector: for each hidden layer l with n_in inputs and n_out
 * units, the n_out x n_in matrix W_l row-major, then n_out biases if {@code bias}; then the output
 * weights a (one per unit of the last hidden layer, or per input for a perceptron), then one output
 * bias if {@code outputBias}.
 *
 * <p>Forward pass: h_l[o] = act(sum_i W_l[o][i] h_{l-1}[i] + b_l[o]), summed in increasing i with the
 * bias added last; f(x) = sum_i a[i] h_L[i] + c. The label of a network on x is +1 if f(x) &gt; 0,
 * else -1.
 */
public record Architecture(int inputDim, List<Integer> widths, Activation activation, boolean bias,
                           boolean outputBias) implements java.io.Serializable {

    public Architecture {
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be >= 1, got " + inputDim);
        }
        widths = List.copyOf(widths);
    }

    /** Number of hidden layers (0 for a perceptron). */
    public int depth() {
        return widths.size();
    }

    /** Total number of parameters (weights and biases). */
    public int parameterCount() {
        long n = 0;
        int in = inputDim;
        for (int w : widths) {
            n += (long) w * in + (bias ? w : 0);
            in = w;
        }
        n += in + (outputBias ? 1 : 0);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many parameters: " + n);
        }
        return (int) n;
    }

    /** The largest layer width, input included: the size of each half of the scratch buffer. */
    public int maxWidth() {
        int m = inputDim;
        for (int w : widths) {
            m = Math.max(m, w);
        }
        return m;
    }

    /** A scratch buffer large enough for {@link #output}. */
    public double[] newScratch() {
        return new double[2 * maxWidth()];
    }

    /**
     * f(x) for the network with weights {@code w[wOff ..]} on the input {@code x[xOff .. xOff + inputDim)}.
     * {@code scratch} must come from {@link #newScratch()}; its contents are overwritten.
     */
    public double output(double[] w, int wOff, double[] x, int xOff, double[] scratch) {
        int half = scratch.length / 2;
        double[] in = x;
        int inOff = xOff;
        int inSize = inputDim;
        int p = wOff;
        int outOff = 0;
        for (int l = 0; l < widths.size(); l++) {
            int width = widths.get(l);
            int biasBase = p + width * inSize;
            for (int o = 0; o < width; o++) {
                double s = 0.0;
                for (int i = 0; i < inSize; i++) {
                    s += w[p++] * in[inOff + i];
                }
                if (bias) {
                    s += w[biasBase + o];
                }
                scratch[outOff + o] = activation.apply(s);
            }
            if (bias) {
                p += width;
            }
            in = scratch;
            inOff = outOff;
            inSize = width;
            outOff = outOff == 0 ? half : 0;
        }
        double f = 0.0;
        for (int i = 0; i < inSize; i++) {
            f += w[p++] * in[inOff + i];
        }
        if (outputBias) {
            f += w[p];
        }
        return f;
    }

    /** The label rule shared by teacher and student: +1 if f &gt; 0, else -1. */
    public static int label(double f) {
        return f > 0 ? 1 : -1;
    }
}
