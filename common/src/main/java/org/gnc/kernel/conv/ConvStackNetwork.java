package org.gnc.kernel.conv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gnc.kernel.RowSums;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.simd.VectorModule;

/**
 * The forward pass of a ReLU student with conv layers (stacks of conv, max-pool, avg-pool, flatten and
 * dense layers, any stride and padding, biases or not, one output or two logits), one point at a time,
 * equal to {@link Architecture#output} bit for bit. One piece of code for every point the conv kernels
 * evaluate: {@link ConvStackFilter}'s training points and {@link ConvStackScorer}'s test points.
 *
 * <p><b>Work.</b> A candidate's weights are drawn once, in the reference layout ({@link
 * CandidateWeights#fill}; for a uniform prior on the vector path {@link ConvStackVector#draw} forms the
 * same bits eight or four weights at a time, the dense matrices straight into the transposed layout the
 * vector path reads, each column only once an evaluated point's input to it is not 0), or copied from
 * given weights ({@link #set}). Each conv layer is a small GEMM over
 * its input's patches: the patches of a point, [tap][position] with tap = (i, u, v) row-major and zeros
 * where a tap falls in the padding (im2col), are built per point, or given by the caller for a first
 * conv layer (a filter's training points are fixed; {@link #firstPatches}); output channel o at position
 * q is then sum over taps of K[o][tap] patch[tap][q], positions side by side (vector lanes on the vector
 * path, {@link ConvStackVector#conv}). On the vector path a stride-1 conv without padding reads its input
 * directly instead (the patch of the next position in a row is the input shifted by one;
 * {@link ConvStackVector#convDirect}). Dense layers sum their inputs in order, several units side by side
 * (vector lanes over the transposed matrix on the vector path, {@link ConvStackVector#dense}). Pools are
 * {@link Architecture#pool}'s, without its data-dependent branches where the values allow ({@link #pool});
 * on the vector path a 2 x 2 max-pool after a conv read directly is fused with it, the bias and ReLU taken
 * once per window ({@link #convMaxPool}).
 *
 * <p><b>Exactness.</b> Every value is the reference's ({@link Architecture#output}) bit for bit: each
 * output of a conv or dense layer is the sum of the same products in the same order, each product
 * rounded on its own and each addition a separate double addition (Java never fuses them, and the
 * vector path's lane arithmetic is the same IEEE operation per lane), starting from 0.0, the bias added
 * last and ReLU as z &gt; 0 ? z : 0.0. The only difference is that a tap in the zero padding adds
 * k x 0 instead of being left out: k x 0 is a signed zero for a finite weight k, and adding a signed
 * zero to a running sum s leaves s unchanged unless s = -0.0; but a sum that starts at +0.0 is never
 * -0.0 (in round-to-nearest x + y is -0.0 only when x and y are both -0.0), so the sums are equal.
 * (Pools: {@link #pool} says why its branch-free form gives the reference's values.)
 * Hence a padded conv needs finite weights ({@link #pads}). The output layer and the margin of two
 * logits are computed as the reference computes them. No rounding bound is needed. Nothing is
 * allocated per candidate or point. Not thread-safe.
 */
final class ConvStackNetwork {
    /** The candidates {@link #load} draws, or null when the weights are only {@link #set}. */
    private final CandidateWeights candidates;
    private final Architecture arch;
    private final Object[] steps;
    /** Parameter index of the output layer. */
    private final int outputOffset;
    /** The current weights in the reference layout. */
    private final double[] w;
    /** Ping-pong buffers for the layers' values. */
    private final double[] first;
    private final double[] second;
    /** One point's patches, for a conv layer whose patches are not given. */
    private final double[] patches;
    /** One row of window maxima of a max-pool ({@link #pool}). */
    private final double[] rowMax;
    /** A fused conv's maxima of row pairs, or its outputs where it falls back ({@link #convMaxPool}). */
    private final double[] pairMaxima;
    /** The Vector API path, or null for the scalar one. */
    private final ConvStackVector vector;

    /**
     * A conv layer: shapes, kernel, the offsets of its weights and biases (-1: none) in w, and for stride 1
     * without padding the offset of each tap (i, u, v) in the input from the input position of its output
     * position, (i H + u) W + v (else null): such a conv reads its input directly, without patches.
     */
    record Conv(InputShape in, InputShape out, int kernel, int stride, int padding, int taps, int positions,
                int weights, int biases, int[] tapOffsets) {
        /** True when the conv can read its input directly ({@link #tapOffsets}). */
        boolean direct() {
            return tapOffsets != null;
        }
    }

    /**
     * A dense layer on {@code inputs} values: the offsets of its matrix and biases (-1: none) in w, of its
     * transposed matrix on the vector path, and of its first input among all dense layers' inputs (where
     * the vector path notes which matrix columns it has drawn).
     */
    record Dense(int inputs, int units, int weights, int biases, int transposed, int firstInput) {
    }

    /**
     * A pool from shape {@code in} to {@code out}; {@code afterRelu}: its input is a conv or dense layer's
     * output, so every value is +0.0 or positive (ReLU never gives -0.0 or NaN).
     */
    record Pool(Layer.Pool layer, InputShape in, InputShape out, boolean afterRelu) {
    }

    /**
     * A conv read directly on the vector path and the 2 x 2 max-pool after it, in one step
     * ({@link #convMaxPool}).
     */
    record ConvMaxPool(Conv conv, Pool pool) {
    }


    /** True when the forward pass applies to the architecture: ReLU and at least one conv layer. */
    static boolean fits(Architecture arch) {
        return arch.activation() == Activation.RELU
                && arch.layers().stream().anyMatch(l -> l instanceof Layer.Conv);
    }

    /** True when a conv layer pads its input (then every weight must be finite for exactness). */
    static boolean pads(Architecture arch) {
        return arch.layers().stream().anyMatch(l -> l instanceof Layer.Conv c && c.padding() > 0);
    }

    /** Lanes of the Vector API path (0 without the module, or when narrower than 4 doubles). */
    static int vectorLanes() {
        return VectorModule.present() ? ConvStackVector.lanes() : 0;
    }

    /**
     * The forward pass of {@code arch} ({@link #fits}); {@code candidates} (of that architecture, direct
     * encoding) is what {@link #load} draws, or null; {@code allowVector = false} forces the scalar path.
     */
    ConvStackNetwork(Architecture arch, CandidateWeights candidates, boolean allowVector) {
        if (!fits(arch)) {
            throw new IllegalArgumentException("the conv-stack forward pass does not apply to " + arch);
        }
        if (candidates != null && candidates.projected() != null) {
            throw new IllegalArgumentException("the conv-stack forward pass reads the direct encoding");
        }
        this.candidates = candidates;
        this.arch = arch;
        boolean bias = arch.bias();
        List<Object> plan = new ArrayList<>();
        InputShape shape = arch.inputShape();
        int p = 0;
        int maxPatches = 0;
        List<Dense> dense = new ArrayList<>();
        int transposed = 0;
        int denseInputs = 0;
        for (Layer layer : arch.layers()) {
            InputShape next = layer.outputShape(shape);
            if (layer instanceof Layer.Conv c) {
                int taps = shape.channels() * c.kernel() * c.kernel();
                int positions = next.height() * next.width();
                int biases = p + c.channels() * taps;
                plan.add(new Conv(shape, next, c.kernel(), c.stride(), c.padding(), taps, positions, p,
                        bias ? biases : -1, c.stride() == 1 && c.padding() == 0 ? tapOffsets(shape, c.kernel()) : null));
                maxPatches = Math.max(maxPatches, taps * positions);
                p = biases + (bias ? c.channels() : 0);
            } else if (layer instanceof Layer.Dense d) {
                int biases = p + d.units() * shape.size();
                Dense step = new Dense(shape.size(), d.units(), p, bias ? biases : -1, transposed, denseInputs);
                plan.add(step);
                dense.add(step);
                transposed += d.units() * shape.size();
                denseInputs += shape.size();
                p = biases + (bias ? d.units() : 0);
            } else if (layer instanceof Layer.Pool pool) {
                Object previous = plan.isEmpty() ? null : plan.get(plan.size() - 1);
                // Pools keep values that are +0.0 or positive so (a max of them, or a sum of them over size^2).
                boolean afterRelu = previous instanceof Conv || previous instanceof Dense
                        || previous instanceof Pool before && before.afterRelu();
                plan.add(new Pool(pool, shape, next, afterRelu));
            }
            shape = next;
        }
        this.outputOffset = p;
        this.w = new double[arch.parameterCount()];
        this.first = new double[arch.maxWidth()];
        this.second = new double[arch.maxWidth()];
        this.patches = new double[maxPatches];
        this.rowMax = new double[arch.maxWidth()];
        int lanes = allowVector ? vectorLanes() : 0;
        this.vector = lanes > 0 ? new ConvStackVector(dense, candidates == null ? null : candidates.prior(),
                candidates == null ? 0 : candidates.rng().key()) : null;
        this.steps = vector == null ? plan.toArray() : fuseMaxPools(plan, vector);
        this.pairMaxima = new double[arch.maxWidth()];
    }

    /** The plan with each conv that a 2 x 2 max-pool follows and {@link ConvStackVector#rowMaximaFit} fused with that pool. */
    private static Object[] fuseMaxPools(List<Object> plan, ConvStackVector vector) {
        List<Object> fused = new ArrayList<>();
        for (int s = 0; s < plan.size(); s++) {
            if (plan.get(s) instanceof Conv c && vector.rowMaximaFit(c) && s + 1 < plan.size()
                    && plan.get(s + 1) instanceof Pool pool && pool.layer().size() == 2
                    && pool.layer().reduction() == Layer.Pool.Reduction.MAX) {
                fused.add(new ConvMaxPool(c, pool));
                s++;
            } else {
                fused.add(plan.get(s));
            }
        }
        return fused.toArray();
    }

    /** True when the Vector API path runs. */
    boolean vectorized() {
        return vector != null;
    }

    /** The Vector API path, or null (for tests). */
    ConvStackVector vector() {
        return vector;
    }

    /**
     * Makes candidate i the current network: its weights in w and, on the vector path, the dense matrices
     * transposed (a uniform prior's drawn there directly, column by column as {@link #output} needs them,
     * their places in w then left as they were).
     */
    void load(long i) {
        if (vector == null) {
            candidates.fill(i, w, 0);
        } else if (!vector.draw(CandidateWeights.firstCounter(i), w)) {
            candidates.fill(i, w, 0);
            vector.transpose(w);
        }
    }

    /** Makes the network with weights weights[off ..] (reference layout) the current one. */
    void set(double[] weights, int off) {
        System.arraycopy(weights, off, w, 0, w.length);
        if (vector != null) {
            vector.transpose(w);
        }
    }

    /**
     * The number of values of a point's patches for the first layer when it is a conv that reads patches
     * (a caller may keep them per point: {@link #firstPatches}), else 0.
     */
    int firstPatchSize() {
        return steps[0] instanceof Conv c && !readsDirectly(c) ? c.taps() * c.positions() : 0;
    }

    /** The first layer's patches of the point x[off ..] into patch ({@link #firstPatchSize} values). */
    void firstPatches(double[] x, int off, double[] patch) {
        im2col((Conv) steps[0], x, off, patch);
    }

    /**
     * The output (or two-logit margin) of the current network on the point x[off ..], as the reference's;
     * {@code firstPatch}: the point's patches for the first layer ({@link #firstPatches}), or null.
     */
    double output(double[] x, int off, double[] firstPatch) {
        double[] in = x;
        int inOff = off;
        double[] out = first;
        for (int s = 0; s < steps.length; s++) {
            Object step = steps[s];
            if (step instanceof ConvMaxPool f) {
                convMaxPool(f, in, inOff, out);
            } else if (step instanceof Conv c && readsDirectly(c)) {
                convDirect(c, in, inOff, out);
            } else if (step instanceof Conv c) {
                double[] patch;
                if (s == 0 && firstPatch != null) {
                    patch = firstPatch;
                } else {
                    im2col(c, in, inOff, patches);
                    patch = patches;
                }
                conv(c, patch, out);
            } else if (step instanceof Dense d) {
                dense(d, in, inOff, out);
            } else {
                pool((Pool) step, in, inOff, out);
            }
            in = out;
            inOff = 0;
            out = out == first ? second : first;
        }
        return arch.outputLayer(w, outputOffset, in, inOff);
    }

    /**
     * The patches of the values in[inOff ..] (shape c.in) into patch[tap * positions + position], zeros
     * where a tap falls in the padding; the columns inside the input are copied as a block per output row.
     */
    static void im2col(Conv c, double[] in, int inOff, double[] patch) {
        int k = c.kernel();
        int stride = c.stride();
        int pad = c.padding();
        int h = c.in().height();
        int wd = c.in().width();
        int outH = c.out().height();
        int outW = c.out().width();
        int q = 0;
        for (int i = 0; i < c.in().channels(); i++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                    // Output columns whose input column col * stride - pad + v lies in [0, wd).
                    int first = Math.min(outW, Math.max(0, Math.floorDiv(pad - v + stride - 1, stride)));
                    int last = Math.min(outW - 1, Math.floorDiv(wd - 1 + pad - v, stride));
                    int inside = Math.max(0, last - first + 1);
                    for (int r = 0; r < outH; r++, q += outW) {
                        int row = r * stride - pad + u;
                        if (row < 0 || row >= h) {
                            Arrays.fill(patch, q, q + outW, 0.0);
                            continue;
                        }
                        int x0 = inOff + (i * h + row) * wd - pad + v;
                        Arrays.fill(patch, q, q + first, 0.0);
                        if (stride == 1) {
                            System.arraycopy(in, x0 + first, patch, q + first, inside);
                        } else {
                            for (int col = first; col < first + inside; col++) {
                                patch[q + col] = in[x0 + col * stride];
                            }
                        }
                        Arrays.fill(patch, q + first + inside, q + outW, 0.0);
                    }
                }
            }
        }
    }

    /** (i H + u) W + v for each tap (i, u, v) of a k x k kernel on inputs of this shape, row-major. */
    private static int[] tapOffsets(InputShape in, int k) {
        int[] offsets = new int[in.channels() * k * k];
        int tap = 0;
        for (int i = 0; i < in.channels(); i++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                    offsets[tap++] = (i * in.height() + u) * in.width() + v;
                }
            }
        }
        return offsets;
    }

    /** True when the vector path reads this conv's input directly, without patches. */
    private boolean readsDirectly(Conv c) {
        return vector != null && vector.readsDirectly(c);
    }

    /**
     * A stride-1 conv without padding on the vector path: the vector columns from the input directly
     * ({@link ConvStackVector#convDirect}), the last columns of each row here, each output's taps in order.
     */
    private void convDirect(Conv c, double[] in, int inOff, double[] out) {
        int from = vector.convDirect(c, w, in, inOff, out);
        int outW = c.out().width();
        int wd = c.in().width();
        int[] tapOffsets = c.tapOffsets();
        for (int o = 0; o < c.out().channels(); o++) {
            int k0 = c.weights() + o * c.taps();
            for (int r = 0; r < c.out().height(); r++) {
                for (int col = from; col < outW; col++) {
                    int x0 = inOff + r * wd + col;
                    double s = 0.0;
                    for (int tap = 0; tap < tapOffsets.length; tap++) {
                        s += w[k0 + tap] * in[x0 + tapOffsets[tap]];
                    }
                    if (c.biases() >= 0) {
                        s += w[c.biases() + o];
                    }
                    out[o * c.positions() + r * outW + col] = s > 0 ? s : 0.0;
                }
            }
        }
    }

    /**
     * A conv read directly and the 2 x 2 max-pool after it ({@link ConvMaxPool}): the maxima of each pair
     * of rows of the conv's sums ({@link ConvStackVector#convDirectRowMaxima}), then per window
     * m = Math.max of its two columns and relu(m + b[o]) (m alone without biases). That is the pool of the
     * conv's outputs relu(s + b[o]): with f(x) = relu(fl(x + b)) (relu of NaN being 0.0, as z &gt; 0 ? z : 0.0
     * gives) the pool's value is max_i f(s_i) over the window's sums s_i, and f is non-decreasing on the
     * doubles that are not NaN, -0.0 and +0.0 alike (rounding to nearest is monotone; for b = +inf, f is 0
     * at -inf and +inf elsewhere; for b = -inf or NaN it is 0), so max_i f(s_i) = f(max_i s_i) as a value,
     * and values of relu are +0.0 or positive, so equal values are the same double. When some s_i is NaN
     * (m is then NaN, Math.max keeping NaN), the step is done unfused instead: the conv's outputs, then
     * {@link #pool}.
     */
    private void convMaxPool(ConvMaxPool f, double[] in, int inOff, double[] out) {
        Conv c = f.conv();
        vector.convDirectRowMaxima(c, w, in, inOff, pairMaxima);
        int windows = c.positions() / 4;
        boolean hasBias = c.biases() >= 0;
        boolean nan = false;
        for (int o = 0, q = 0, at = 0; o < c.out().channels(); o++) {
            double b = hasBias ? w[c.biases() + o] : 0.0;
            for (int end = q + windows; q < end; q++, at += 2) {
                double m = Math.max(pairMaxima[at], pairMaxima[at + 1]);
                nan |= m != m;
                double z = hasBias ? m + b : m;
                out[q] = z > 0 ? z : 0.0;
            }
        }
        if (nan) {
            convDirect(c, in, inOff, pairMaxima);
            pool(f.pool(), pairMaxima, 0, out);
        }
    }

    /** relu(sum over taps of K[o][tap] patch[tap][q] + b[o]) into out[o * positions + q]. */
    private void conv(Conv c, double[] patch, double[] out) {
        int from = vector != null ? vector.conv(c, w, patch, out) : 0;
        int positions = c.positions();
        int taps = c.taps();
        int channels = c.out().channels();
        for (int o = 0; o < channels; o++) {
            int q0 = o * positions;
            Arrays.fill(out, q0 + from, q0 + positions, 0.0);
            int k0 = c.weights() + o * taps;
            for (int tap = 0; tap < taps; tap++) {
                double kv = w[k0 + tap];
                int src = tap * positions;
                for (int q = from; q < positions; q++) {
                    out[q0 + q] += kv * patch[src + q];
                }
            }
            double b = c.biases() >= 0 ? w[c.biases() + o] : 0.0;
            for (int q = from; q < positions; q++) {
                double s = out[q0 + q];
                if (c.biases() >= 0) {
                    s += b;
                }
                out[q0 + q] = s > 0 ? s : 0.0;
            }
        }
    }

    /**
     * The pool of {@link Architecture#pool}, without its data-dependent branches where that gives the same
     * values: an avg-pool sums each window row-major from 0.0 and divides by size^2, as the reference does;
     * a max-pool after ReLU takes Math.max over the window, its rows first (the maxima of the window rows'
     * columns, for a whole row of windows at once), then across the columns, which equals the reference's
     * row-major "a later value replaces the current one only when strictly larger" because no value is NaN
     * or -0.0 (on such values the maximum is unique, whatever the order, and equal values are the same
     * double). Other max-pools are the reference's.
     */
    private void pool(Pool pool, double[] in, int inOff, double[] out) {
        Layer.Pool layer = pool.layer();
        boolean max = layer.reduction() == Layer.Pool.Reduction.MAX;
        if (max && !pool.afterRelu()) {
            Architecture.pool(layer, in, inOff, pool.in(), pool.out(), out, 0);
            return;
        }
        int size = layer.size();
        int wd = pool.in().width();
        int outW = pool.out().width();
        int span = outW * size;
        double area = size * size;
        int q = 0;
        for (int ch = 0; ch < pool.in().channels(); ch++) {
            for (int r = 0; r < pool.out().height(); r++) {
                int rowBase = inOff + (ch * pool.in().height() + r * size) * wd;
                if (max) {
                    // Rows first (vector lanes on the vector path, else a loop the JIT vectorizes), then each window's columns.
                    int from = vector != null ? vector.rowMaxima(in, rowBase, wd, size, span, rowMax) : 0;
                    System.arraycopy(in, rowBase + from, rowMax, from, span - from);
                    for (int u = 1; u < size; u++) {
                        int at = rowBase + u * wd;
                        for (int j = from; j < span; j++) {
                            rowMax[j] = Math.max(rowMax[j], in[at + j]);
                        }
                    }
                    for (int col = 0, base = 0; col < outW; col++, base += size) {
                        double m = rowMax[base];
                        for (int v = 1; v < size; v++) {
                            m = Math.max(m, rowMax[base + v]);
                        }
                        out[q++] = m;
                    }
                } else {
                    for (int col = 0; col < outW; col++) {
                        int base = rowBase + col * size;
                        double sum = 0.0;
                        for (int u = 0; u < size; u++) {
                            for (int v = 0; v < size; v++) {
                                sum += in[base + u * wd + v];
                            }
                        }
                        out[q++] = sum / area;
                    }
                }
            }
        }
    }

    /** relu(W h + b) of a dense layer into out[0 ..], each unit's sum in input order. */
    private void dense(Dense d, double[] in, int inOff, double[] out) {
        int from = vector != null ? vector.dense(d, w, in, inOff, out) : 0;
        RowSums.of(w, d.weights() + from * d.inputs(), d.units() - from, d.inputs(), in, inOff, out, from);
        for (int o = from; o < d.units(); o++) {
            out[o] = unit(d, o, out[o]);
        }
    }

    /** relu(s + b[o]) (the bias only when the layer has one). */
    private double unit(Dense d, int o, double s) {
        if (d.biases() >= 0) {
            s += w[d.biases() + o];
        }
        return s > 0 ? s : 0.0;
    }
}
