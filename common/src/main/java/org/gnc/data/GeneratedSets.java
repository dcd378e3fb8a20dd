package org.gnc.data;

import org.gnc.rng.CounterRng;
import org.gnc.spec.DataSpec;

/**
 * Generates the 2-D sets of Chiang et al. (ICLR 2023, {@code Ping-C/optimizer}, {@code datasets.py}): the data
 * of a {@code data.kind = generated} cell, a pure function of the spec (and so of {@code data.seed}).
 *
 * <p>The pool, in pool order (label +1 is the peers' class 1, label -1 their class 0):
 * <ul>
 *   <li>{@code kink}: with L(a, b)[i] = a + i (b - a) / 999 for i &lt; 999 and L(a, b)[999] = b (numpy's
 *       linspace of 1,000 points), x = L(-1, 0) ++ L(0, 1); points 0..1999 are (x, L(-1, 0) ++ L(0, -1)),
 *       the curve y = -|x|, label +1; points 2000..3999 are (x, L(-1 + m, m) ++ L(m, -1 + m)), the curve
 *       y = -|x| + m for the margin m, label -1.</li>
 *   <li>{@code slab}: thickness t = (2 - 3 x 2 x 0.1) / 4 = 0.35; slab s = 0..3 spans y in [e_s - t, e_s] with
 *       e_0 = 1 and e_{s+1} = e_s - (t + 0.2); its 400 points are x uniform on [-1, -0.1] with label +1 for
 *       even s, on [0.1, 1] with label -1 for odd s, and y uniform on the slab. Point p = 400 s + j takes x
 *       from word 2p and y from word 2p + 1 of {@code CounterRng.of(seed, "slab-points")}, a + (b - a) u
 *       with u = {@link CounterRng#unitInterval}.</li>
 * </ul>
 * The order: a full {@link SeededShuffle} of the pool indices with {@code CounterRng.of(seed,
 * "generated-order")}; the training set is the first {@code train-size} points of that order, the test
 * set the last {@code test-size} (disjoint: the spec bounds their sum by the pool). So training sets of one
 * seed are nested, as in the peers' code (which shuffles with numpy's generator instead, so its draws
 * differ from these). Stateless.
 */
public final class GeneratedSets {
    /** Points per curve of the kink. */
    static final int KINK_HALF = 2000;
    /** Points per slab. */
    static final int SLAB_POINTS = 400;
    /** Number of slabs. */
    static final int SLABS = 4;

    private GeneratedSets() {
    }

    /** The training and test sets of this spec. */
    public static CellData generate(DataSpec.Generated spec) {
        double[] pool = new double[2 * spec.set().poolSize()];
        int[] labels = new int[spec.set().poolSize()];
        if (spec.set() == DataSpec.GeneratedSet.KINK) {
            kink(spec.margin(), pool, labels);
        } else {
            slab(CounterRng.of(spec.seed(), "slab-points"), pool, labels);
        }
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SeededShuffle.partial(order, order.length, CounterRng.of(spec.seed(), "generated-order"));
        int[] train = java.util.Arrays.copyOf(order, spec.trainSize());
        int[] test = java.util.Arrays.copyOfRange(order, order.length - spec.testSize(), order.length);
        return new CellData(points(pool, labels, train), points(pool, labels, test), 0);
    }

    private static Dataset points(double[] pool, int[] labels, int[] rows) {
        double[] x = new double[2 * rows.length];
        int[] y = new int[rows.length];
        for (int t = 0; t < rows.length; t++) {
            x[2 * t] = pool[2 * rows[t]];
            x[2 * t + 1] = pool[2 * rows[t] + 1];
            y[t] = labels[rows[t]];
        }
        return new Dataset(2, x, y);
    }

    /** numpy's linspace(a, b, 1000)[i]. */
    static double linspace(double a, double b, int i) {
        int last = KINK_HALF / 2 - 1;
        return i == last ? b : a + i * ((b - a) / last);
    }

    private static void kink(double m, double[] pool, int[] labels) {
        int half = KINK_HALF / 2;
        for (int p = 0; p < 2 * KINK_HALF; p++) {
            boolean upper = p >= KINK_HALF;
            int q = p % KINK_HALF;
            boolean right = q >= half;
            int i = q % half;
            double x = right ? linspace(0, 1, i) : linspace(-1, 0, i);
            double lo = upper ? -1 + m : -1;
            double hi = upper ? 0 + m : 0;
            pool[2 * p] = x;
            pool[2 * p + 1] = right ? linspace(hi, lo, i) : linspace(lo, hi, i);
            labels[p] = upper ? -1 : 1;
        }
    }

    private static void slab(CounterRng rng, double[] pool, int[] labels) {
        double margin = 0.1;
        double thickness = (2 - (SLABS - 1) * margin * 2) / SLABS;
        double end = 1;
        double begin = 1 - thickness;
        for (int s = 0; s < SLABS; s++) {
            boolean left = s % 2 == 0;
            double xLo = left ? -1 : margin;
            double xHi = left ? 0 - margin : 1;
            for (int j = 0; j < SLAB_POINTS; j++) {
                int p = s * SLAB_POINTS + j;
                pool[2 * p] = xLo + (xHi - xLo) * rng.uniform(2L * p);
                pool[2 * p + 1] = begin + (end - begin) * rng.uniform(2L * p + 1);
                labels[p] = left ? 1 : -1;
            }
            begin -= thickness + margin * 2;
            end -= thickness + margin * 2;
        }
    }
}
