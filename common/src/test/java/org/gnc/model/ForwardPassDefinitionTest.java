package org.gnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gnc.kernel.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@link Architecture#output} against a second, plain implementation of the definition in its Javadoc
 * (one output value at a time, each sum in the stated order), bit for bit, on random weights and inputs,
 * across strides, paddings, channels, pools, activations, biases and both output kinds: the forward pass
 * may be organized for speed, but every value must be the one the definition gives.
 */
class ForwardPassDefinitionTest {

    @Test
    void theForwardPassIsItsDefinitionBitForBit() {
        List<List<Layer>> stacks = List.of(
                List.of(new Layer.Conv(3, 3, 1, 0), Layer.Pool.max(2), new Layer.Flatten(), new Layer.Dense(4)),
                List.of(new Layer.Conv(2, 3, 2, 1), new Layer.Conv(3, 2, 1, 1), new Layer.Flatten()),
                List.of(new Layer.Conv(2, 5, 3, 2), Layer.Pool.avg(1), new Layer.Flatten(), new Layer.Dense(3),
                        new Layer.Dense(2)),
                List.of(new Layer.Conv(4, 1, 1, 0), Layer.Pool.avg(2), new Layer.Conv(2, 2, 1, 0), new Layer.Flatten()),
                List.of(new Layer.Conv(2, 4, 2, 3), Layer.Pool.max(3), new Layer.Flatten()));
        InputShape shape = new InputShape(2, 8, 8);
        int checked = 0;
        for (List<Layer> stack : stacks) {
            for (Activation act : Activation.values()) {
                for (Output output : Output.values()) {
                    for (int flags = 0; flags < 4; flags++) {
                        Architecture arch = new Architecture(shape, stack, act, (flags & 1) != 0, (flags & 2) != 0,
                                output);
                        double[] w = Fixtures.gaussian(checked, arch.parameterCount());
                        double[] x = Fixtures.gaussian(1000 + checked, shape.size());
                        double fast = arch.output(w, 0, x, 0, arch.newScratch());
                        assertEquals(Double.doubleToRawLongBits(definition(arch, w, x)), Double.doubleToRawLongBits(fast),
                                arch + " case " + checked);
                        checked++;
                    }
                }
            }
        }
        assertEquals(5 * 4 * 2 * 4, checked);
    }

    /** The definition, value by value: a[c][r][col] arrays, every sum from 0.0 in the stated order. */
    private static double definition(Architecture arch, double[] w, double[] x) {
        InputShape s = arch.inputShape();
        double[][][] a = new double[s.channels()][s.height()][s.width()];
        for (int c = 0; c < s.channels(); c++) {
            for (int r = 0; r < s.height(); r++) {
                for (int k = 0; k < s.width(); k++) {
                    a[c][r][k] = x[(c * s.height() + r) * s.width() + k];
                }
            }
        }
        int p = 0;
        for (Layer layer : arch.layers()) {
            if (layer instanceof Layer.Conv conv) {
                int cin = a.length;
                int h = a[0].length;
                int wd = a[0][0].length;
                int k = conv.kernel();
                int oh = (h + 2 * conv.padding() - k) / conv.stride() + 1;
                int ow = (wd + 2 * conv.padding() - k) / conv.stride() + 1;
                double[][][] out = new double[conv.channels()][oh][ow];
                int biasBase = p + conv.channels() * cin * k * k;
                for (int o = 0; o < conv.channels(); o++) {
                    for (int r = 0; r < oh; r++) {
                        for (int col = 0; col < ow; col++) {
                            double sum = 0.0;
                            for (int i = 0; i < cin; i++) {
                                for (int u = 0; u < k; u++) {
                                    for (int v = 0; v < k; v++) {
                                        int rr = r * conv.stride() - conv.padding() + u;
                                        int cc = col * conv.stride() - conv.padding() + v;
                                        if (rr >= 0 && rr < h && cc >= 0 && cc < wd) {
                                            sum += w[p + ((o * cin + i) * k + u) * k + v] * a[i][rr][cc];
                                        }
                                    }
                                }
                            }
                            if (arch.bias()) {
                                sum += w[biasBase + o];
                            }
                            out[o][r][col] = arch.activation().apply(sum);
                        }
                    }
                }
                p = biasBase + (arch.bias() ? conv.channels() : 0);
                a = out;
            } else if (layer instanceof Layer.Pool pool) {
                int z = pool.size();
                double[][][] out = new double[a.length][a[0].length / z][a[0][0].length / z];
                for (int c = 0; c < a.length; c++) {
                    for (int r = 0; r < out[0].length; r++) {
                        for (int col = 0; col < out[0][0].length; col++) {
                            double m = a[c][r * z][col * z];
                            double sum = 0.0;
                            for (int u = 0; u < z; u++) {
                                for (int v = 0; v < z; v++) {
                                    double e = a[c][r * z + u][col * z + v];
                                    m = e > m ? e : m;
                                    sum += e;
                                }
                            }
                            out[c][r][col] = pool.reduction() == Layer.Pool.Reduction.MAX ? m : sum / (z * z);
                        }
                    }
                }
                a = out;
            } else if (layer instanceof Layer.Flatten) {
                a = new double[][][] {{flat(a)}};
            } else {
                double[] in = flat(a);
                int units = ((Layer.Dense) layer).units();
                double[] out = new double[units];
                for (int o = 0; o < units; o++) {
                    double sum = 0.0;
                    for (int i = 0; i < in.length; i++) {
                        sum += w[p + o * in.length + i] * in[i];
                    }
                    if (arch.bias()) {
                        sum += w[p + units * in.length + o];
                    }
                    out[o] = arch.activation().apply(sum);
                }
                p += units * in.length + (arch.bias() ? units : 0);
                a = new double[][][] {{out}};
            }
        }
        double[] h = flat(a);
        double[] logits = new double[arch.output().units()];
        for (int j = 0; j < logits.length; j++) {
            double f = 0.0;
            for (int i = 0; i < h.length; i++) {
                f += w[p + j * h.length + i] * h[i];
            }
            logits[j] = f;
        }
        p += logits.length * h.length;
        if (arch.outputBias()) {
            for (int j = 0; j < logits.length; j++) {
                logits[j] += w[p + j];
            }
        }
        return logits.length == 1 ? logits[0] : logits[1] - logits[0];
    }

    private static double[] flat(double[][][] a) {
        double[] v = new double[a.length * a[0].length * a[0][0].length];
        int t = 0;
        for (double[][] c : a) {
            for (double[] r : c) {
                for (double e : r) {
                    v[t++] = e;
                }
            }
        }
        return v;
    }
}
