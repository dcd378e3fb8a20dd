package org.gnc.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The normalized training cross-entropy by which Chiang et al. (ICLR 2023) bin their interpolators
 * ({@code forward_normalize} in {@code Ping-C/optimizer}, {@code utils.py}), for any {@link Architecture}.
 *
 * <p>With the network's output o(x) = {@link Architecture#output} (f for one output; the margin
 * logit(+1) - logit(-1) for two logits, the only thing a two-class cross-entropy depends on), the
 * normalizer N = prod over the weight tensors W_l of (||W_l||_F / s), every layer's weights including the
 * output layer's and no bias (the peers leave biases out of N and do not rescale them; s = 3 for their
 * LeNet and MLPs on images, 1 for their 2-D MLP), and
 * L = (1/n) sum_p softplus(-y_p o(x_p) / N), softplus(z) = ln(1 + e^z), which is the mean two-class
 * cross-entropy of the logits divided by N: for logits (l_-, l_+) and y = +1, -ln softmax_+ =
 * ln(1 + e^{l_- - l_+}) = softplus(-m) (y = -1 alike). Sums run in index order (norms) and point order
 * (the mean), softplus is evaluated as z + ln(1 + e^-z) for z &gt; 0 and ln(1 + e^z) otherwise, so it never
 * overflows; a zero weight tensor makes N = 0 and the terms +-infinity or NaN (a NaN loss lies in no bin).
 *
 * <p>Weight tensors, in the parameter layout of {@link Architecture}: each conv layer's kernel tensor and
 * each dense layer's n_out x n_in matrix (their biases skipped; pools and flatten have none), then the
 * output weights as one tensor (both logits' rows for two logits, as the peers' last linear layer).
 * Stateless.
 */
public final class NormalizedLoss {
    private NormalizedLoss() {
    }

    /**
     * L for the weights {@code w[wOff ..]} on the points {@code x} (row-major, {@code y.length} rows of
     * the input dimension) labelled {@code y}; {@code scratch} from {@link Architecture#newScratch}.
     */
    public static double meanCrossEntropy(Architecture arch, double[] w, int wOff, double[] x, int[] y,
                                          double layerScale, double[] scratch) {
        double n = normalizer(arch, w, wOff, layerScale);
        int dim = arch.inputDim();
        double sum = 0.0;
        for (int p = 0; p < y.length; p++) {
            sum += softplus(-y[p] * arch.output(w, wOff, x, p * dim, scratch) / n);
        }
        return sum / y.length;
    }

    /** N = prod_l ||W_l||_F / layerScale over the weight tensors of {@code w[wOff ..]}. */
    public static double normalizer(Architecture arch, double[] w, int wOff, double layerScale) {
        double n = 1.0;
        int p = wOff;
        List<Layer> layers = arch.layers();
        List<InputShape> in = new ArrayList<>();
        in.add(arch.inputShape());
        in.addAll(arch.shapes());
        for (int l = 0; l < layers.size(); l++) {
            int weights = (int) layers.get(l).parameterCount(in.get(l), false);
            if (weights > 0) {
                n *= frobenius(w, p, weights) / layerScale;
            }
            p += (int) layers.get(l).parameterCount(in.get(l), arch.bias());
        }
        int outputWeights = arch.output().units() * in.get(layers.size()).size();
        return n * (frobenius(w, p, outputWeights) / layerScale);
    }

    /** ln(1 + e^z), without overflow. */
    public static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    private static double frobenius(double[] w, int from, int count) {
        double s = 0.0;
        for (int i = from; i < from + count; i++) {
            s += w[i] * w[i];
        }
        return Math.sqrt(s);
    }
}
