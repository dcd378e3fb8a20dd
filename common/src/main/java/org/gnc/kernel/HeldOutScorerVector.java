package org.gnc.kernel;

import static org.gnc.model.Rounding.U_DOUBLE;
import static org.gnc.model.Rounding.U_FLOAT;
import static org.gnc.model.Rounding.gamma;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.Rounding;
import org.gnc.simd.VectorShapes;

/**
 * The Vector API path of {@link HeldOutScorer} for one ReLU hidden layer: single-precision fused
 * multiply-adds, one test point per lane, four hidden units and two vectors of points at a time in
 * registers (eight independent chains of fused multiply-adds, enough to hide their latency), with a proven
 * bound on the distance to the double-precision reference output, so every label it returns is the
 * reference's.
 *
 * <p><b>Bound.</b> Let u = 2^-24 and gamma(k) = k u / (1 - k u) ({@link Rounding}). The float pre-activation h~_j of a
 * point x is summed in two levels: chunks of c = ceil(sqrt(d)) fused multiply-adds, then the
 * ceil(d / c) chunk sums added (inputs and weights rounded to float). Its distance to the exact sum is
 * at most gamma(c + ceil(d / c) + 3) (sum_i |w_ji| |x_i| + |b_j|): gamma(c) for a chunk,
 * gamma(ceil(d / c)) for adding the chunks (and gamma(a) + gamma(b) + gamma(a) gamma(b) &lt;= gamma(a + b)),
 * one rounding each for w, x and the bias. The reference's double sum differs from the exact one by
 * far less, gamma_53(d + 1) of the same, so with G = 2 gamma(c + ceil(d / c) + 3) and
 * sum_i |w_ji| |x_i| &lt;= M_j S
 * (M_j = max_i |w_ji|, S = sum_i |x_i| precomputed per point), |h_j - h~_j| &lt;= E_j = G (M_j S + |b_j|).
 * ReLU is 1-Lipschitz, so |a_j relu(h_j) - a_j relu(h~_j)| &lt;= |a_j| E_j, and the float output sum
 * over the live units (+ c) adds gamma(H + 2) (sum_j |a_j| relu(h~_j) + |c|) for the rounding of a_j
 * and c and of each FMA. Hence |f - f~| &lt;= B = sum_j |a_j| E_j (1 + G) + 2 gamma(H + 2)
 * (sum_j |a_j| (relu(h~_j) + E_j) + |c|), computed in double with a factor 2 of margin. Where
 * |f~| &gt; B the label of f~ is the reference's. Elsewhere (about 1-2% of points on wide inputs, where
 * M_j S is loose) the point is recomputed in double precision with fused multiply-adds over the inputs
 * and the same bound with u = 2^-53 and the exact sums of |w_ji x_i|; only what is still within that
 * bound (ties, common with integer data) takes the reference's own forward pass
 * ({@link Points#misclassifies}). So the mistake count equals the plain definition exactly.
 *
 * <p>Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class HeldOutScorerVector {
    private static final VectorSpecies<Float> FS = VectorShapes.FLOATS;
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    /** 2^-53 with a little room: (k G53) bounds gamma_53(k) for every k used here (k u &lt;&lt; 1). */
    private static final double G53 = 2 * U_DOUBLE;

    private final int n;
    private final int d;
    private final int width;
    private final boolean bias;
    private final boolean outputBias;
    /**
     * Test inputs in float, in pairs of vectors of points, feature-major within a pair:
     * xt[p * d + i * 2L + (p % 2L)] for the points of the full vectors (L lanes, p * d counting whole
     * pairs), so that a pass over one pair reads d * 2L contiguous floats; stride is that point count
     * rounded up to two vectors, the padding 0, so every pass can read two vectors.
     */
    private final float[] xt;
    private final int stride;
    /** Per point: sum_i |x_i| (double), and the weight-rounding factor G. */
    private final double[] sumAbs;
    private final double g;
    /** Inputs per inner float sum: about sqrt(d), so each sum's rounding grows with sqrt(d), not d. */
    private final int chunk;
    private final double gOut;
    /** Per network: first-layer weights, output weights and biases in float, and the live units. */
    private final float[] wf;
    private final float[] af;
    private final float[] bf;
    private final int[] live;
    private final float[] fOut = new float[2 * FS.length()];
    /** Test labels as doubles, for the vector decisions; the points {@link #decideBlock} left open. */
    private final double[] yd;
    private final int[] openAt = new int[2 * FS.length()];
    private final double[] fLane = new double[DS.length()];
    private final double[] bLane = new double[DS.length()];
    private int open;
    private final float[] rOut = new float[2 * FS.length()];
    private long fallbacks;

    HeldOutScorerVector(Points test, int width, boolean bias, boolean outputBias) {
        this.n = test.n;
        this.d = test.dim;
        this.width = width;
        this.bias = bias;
        this.outputBias = outputBias;
        int blocks = n / FS.length() * FS.length();
        this.stride = (blocks + 2 * FS.length() - 1) / (2 * FS.length()) * (2 * FS.length());
        this.xt = new float[d * stride];
        this.sumAbs = new double[n];
        this.yd = new double[n];
        for (int p = 0; p < n; p++) {
            yd[p] = test.y[p];
        }
        final int pair = 2 * FS.length();
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double x = test.x[p * d + i];
                s += Math.abs(x);
                if (p < blocks) {
                    xt[(p / pair) * pair * d + i * pair + p % pair] = (float) x;
                }
            }
            // s is rounded; (1 + d 2^-52) covers that with room to spare.
            sumAbs[p] = s * (1 + d * G53);
        }
        this.chunk = (int) Math.ceil(Math.sqrt(d));
        this.g = 2 * gamma(chunk + (d + chunk - 1) / chunk + 3, U_FLOAT);
        this.gOut = 2 * gamma(width + 2, U_FLOAT);
        this.wf = new float[width * d];
        this.af = new float[width];
        this.bf = new float[width];
        this.live = new int[width];
    }

    /** The points [0, blockedPoints()) are scored in vectors; the rest by the caller. */
    int blockedPoints() {
        return n / FS.length() * FS.length();
    }

    /** How many point labels fell within the bound and were taken from the reference's forward pass. */
    long fallbacks() {
        return fallbacks;
    }

    /**
     * The mistakes on the points [0, blockedPoints()) of the network with weights w[wOff ..] in
     * {@link org.gnc.model.Architecture}'s layout; {@code plain} decides the points within the bound.
     */
    int mistakes(double[] w, int wOff, Points test, org.gnc.model.Architecture arch, double[] scratch) {
        int aOff = wOff + width * d + (bias ? width : 0);
        int units = 0;
        double sumAM = 0;
        double sumAB = 0;
        double sumA = 0;
        for (int j = 0; j < width; j++) {
            double a = w[aOff + j];
            if (a == 0) {
                continue;
            }
            live[units] = j;
            af[units] = (float) a;
            double m = 0;
            int row = wOff + j * d;
            int dst = units * d;
            for (int i = 0; i < d; i++) {
                double v = w[row + i];
                m = Math.max(m, Math.abs(v));
                wf[dst + i] = (float) v;
            }
            double b = bias ? w[wOff + width * d + j] : 0;
            bf[units] = (float) b;
            sumAM += Math.abs(a) * m;
            sumAB += Math.abs(a) * Math.abs(b);
            sumA += Math.abs(a);
            units++;
        }
        double c = outputBias ? w[aOff + width] : 0;
        int lanes = FS.length();
        int blocks = blockedPoints();
        int mistakes = 0;
        for (int p0 = 0; p0 < blocks; ) {
            // Two vectors of points per pass; past the last full vector they read the zero padding.
            int points = Math.min(2 * lanes, blocks - p0);
            scoreBlockPair(p0, units, (float) c);
            if (units == 0 && c == 0) {
                // f is exactly 0 on every point: label -1.
                for (int q = 0; q < points; q++) {
                    mistakes += test.y[p0 + q] > 0 ? 1 : 0;
                }
                p0 += points;
                continue;
            }
            mistakes += decideBlock(p0, points, sumAM, sumAB, c);
            for (int k = 0; k < open; k++) {
                int p = p0 + openAt[k];
                int label = doubleLabel(w, wOff, aOff, units, c, test, p);
                if (label == 0) {
                    fallbacks++;
                    mistakes += test.misclassifies(arch, w, wOff, p, scratch) ? 1 : 0;
                } else {
                    mistakes += label != test.y[p] ? 1 : 0;
                }
            }
            p0 += points;
        }
        return mistakes;
    }

    /**
     * The decided mistakes among the {@code points} points from p0 (f~, sum |a_j| relu(h~_j) in fOut,
     * rOut), a double vector of points at a time: label +1 where f~ &gt; B, -1 where f~ &lt; -B, with
     * B = 2 (e (1 + G) + gOut (r (1 + u) + e + |c|)) and e = G (S sum_j |a_j| M_j + sum_j |a_j| |b_j|),
     * the bound of the class comment computed with the same operations as the scalar form. The points
     * within B are left in openAt[0 .. open) for the caller.
     */
    private int decideBlock(int p0, int points, double sumAM, double sumAB, double c) {
        final int dl = DS.length();
        final double absC = Math.abs(c);
        int wrong = 0;
        open = 0;
        for (int q0 = 0; q0 < points; q0 += FS.length()) {
            FloatVector ff = FloatVector.fromArray(FS, fOut, q0);
            FloatVector rf = FloatVector.fromArray(FS, rOut, q0);
            for (int part = 0; part * dl < FS.length(); part++) {
                int q = q0 + part * dl;
                DoubleVector f = (DoubleVector) ff.convert(VectorOperators.F2D, part);
                DoubleVector r = (DoubleVector) rf.convert(VectorOperators.F2D, part);
                DoubleVector e = DoubleVector.fromArray(DS, sumAbs, p0 + q).mul(sumAM).add(sumAB).mul(g);
                DoubleVector bound = e.mul(1 + g).add(r.mul(1 + U_FLOAT).add(e).add(absC).mul(gOut)).mul(2.0);
                DoubleVector y = DoubleVector.fromArray(DS, yd, p0 + q);
                VectorMask<Double> pos = f.compare(VectorOperators.GT, bound);
                VectorMask<Double> neg = f.compare(VectorOperators.LT, bound.neg());
                wrong += pos.and(y.compare(VectorOperators.LT, 0.0)).or(neg.and(y.compare(VectorOperators.GT, 0.0)))
                        .trueCount();
                if (f.abs().compare(VectorOperators.LE, bound).anyTrue()) {
                    // Some point within its bound (neither f~ > B nor f~ < -B): rare; found lane by lane.
                    f.intoArray(fLane, 0);
                    bound.intoArray(bLane, 0);
                    for (int l = 0; l < dl; l++) {
                        if (!(fLane[l] > bLane[l] || fLane[l] < -bLane[l])) {
                            openAt[open++] = q + l;
                        }
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * f~ and sum_j |a_j| relu(h~_j) of the 2L points from p0 (two vectors) into fOut, rOut [0, 2L): per
     * unit, chunks of {@link #chunk} fused multiply-adds summed in order; four units and both vectors at
     * a time, so that one weight broadcast serves two vectors and eight independent chains of fused
     * multiply-adds are in flight.
     */
    private void scoreBlockPair(int p0, int units, float c) {
        final int lanes = FS.length();
        FloatVector zero = FloatVector.zero(FS);
        FloatVector fa = zero;
        FloatVector fb = zero;
        FloatVector ra = zero;
        FloatVector rb = zero;
        int t = 0;
        for (; t + 4 <= units; t += 4) {
            int r0 = t * d;
            int r1 = r0 + d;
            int r2 = r1 + d;
            int r3 = r2 + d;
            FloatVector h0 = zero;
            FloatVector h1 = zero;
            FloatVector h2 = zero;
            FloatVector h3 = zero;
            FloatVector g0 = zero;
            FloatVector g1 = zero;
            FloatVector g2 = zero;
            FloatVector g3 = zero;
            for (int i0 = 0; i0 < d; i0 += chunk) {
                FloatVector s0 = zero;
                FloatVector s1 = zero;
                FloatVector s2 = zero;
                FloatVector s3 = zero;
                FloatVector u0 = zero;
                FloatVector u1 = zero;
                FloatVector u2 = zero;
                FloatVector u3 = zero;
                int end = Math.min(d, i0 + chunk);
                for (int i = i0, xo = p0 * d + i0 * 2 * lanes; i < end; i++, xo += 2 * lanes) {
                    FloatVector x = FloatVector.fromArray(FS, xt, xo);
                    FloatVector y = FloatVector.fromArray(FS, xt, xo + lanes);
                    FloatVector w0 = FloatVector.broadcast(FS, wf[r0 + i]);
                    FloatVector w1 = FloatVector.broadcast(FS, wf[r1 + i]);
                    FloatVector w2 = FloatVector.broadcast(FS, wf[r2 + i]);
                    FloatVector w3 = FloatVector.broadcast(FS, wf[r3 + i]);
                    s0 = x.fma(w0, s0);
                    u0 = y.fma(w0, u0);
                    s1 = x.fma(w1, s1);
                    u1 = y.fma(w1, u1);
                    s2 = x.fma(w2, s2);
                    u2 = y.fma(w2, u2);
                    s3 = x.fma(w3, s3);
                    u3 = y.fma(w3, u3);
                }
                h0 = h0.add(s0);
                h1 = h1.add(s1);
                h2 = h2.add(s2);
                h3 = h3.add(s3);
                g0 = g0.add(u0);
                g1 = g1.add(u1);
                g2 = g2.add(u2);
                g3 = g3.add(u3);
            }
            for (int k = 0; k < 4; k++) {
                FloatVector qa = relu((k == 0 ? h0 : k == 1 ? h1 : k == 2 ? h2 : h3).add(bf[t + k]));
                FloatVector qb = relu((k == 0 ? g0 : k == 1 ? g1 : k == 2 ? g2 : g3).add(bf[t + k]));
                FloatVector a = FloatVector.broadcast(FS, af[t + k]);
                FloatVector absA = FloatVector.broadcast(FS, Math.abs(af[t + k]));
                fa = qa.fma(a, fa);
                fb = qb.fma(a, fb);
                ra = qa.fma(absA, ra);
                rb = qb.fma(absA, rb);
            }
        }
        for (; t < units; t++) {
            int r = t * d;
            FloatVector h = zero;
            FloatVector g = zero;
            for (int i0 = 0; i0 < d; i0 += chunk) {
                FloatVector s0 = zero;
                FloatVector u0 = zero;
                int end = Math.min(d, i0 + chunk);
                for (int i = i0, xo = p0 * d + i0 * 2 * lanes; i < end; i++, xo += 2 * lanes) {
                    FloatVector w0 = FloatVector.broadcast(FS, wf[r + i]);
                    s0 = FloatVector.fromArray(FS, xt, xo).fma(w0, s0);
                    u0 = FloatVector.fromArray(FS, xt, xo + lanes).fma(w0, u0);
                }
                h = h.add(s0);
                g = g.add(u0);
            }
            FloatVector qa = relu(h.add(bf[t]));
            FloatVector qb = relu(g.add(bf[t]));
            fa = qa.fma(FloatVector.broadcast(FS, af[t]), fa);
            fb = qb.fma(FloatVector.broadcast(FS, af[t]), fb);
            ra = qa.fma(FloatVector.broadcast(FS, Math.abs(af[t])), ra);
            rb = qb.fma(FloatVector.broadcast(FS, Math.abs(af[t])), rb);
        }
        fa.add(c).intoArray(fOut, 0);
        fb.add(c).intoArray(fOut, lanes);
        ra.intoArray(rOut, 0);
        rb.intoArray(rOut, lanes);
    }

    /**
     * The label of point p from a double-precision pass with fused multiply-adds over the inputs, or 0
     * when |f| is within its bound (the same argument as the float bound, with u = 2^-53 and the exact
     * sums of |w_i x_i| instead of M_j S), so that only near-exact ties reach the reference's pass.
     */
    private int doubleLabel(double[] w, int wOff, int aOff, int units, double c, Points test, int p) {
        double f = 0;
        double err = 0;
        double rSum = 0;
        int xOff = p * d;
        int upper = DS.loopBound(d);
        for (int t = 0; t < units; t++) {
            int j = live[t];
            int row = wOff + j * d;
            DoubleVector acc = DoubleVector.zero(DS);
            DoubleVector abs = DoubleVector.zero(DS);
            int i = 0;
            for (; i < upper; i += DS.length()) {
                DoubleVector wv = DoubleVector.fromArray(DS, w, row + i);
                DoubleVector xv = DoubleVector.fromArray(DS, test.x, xOff + i);
                acc = wv.fma(xv, acc);
                abs = wv.abs().fma(xv.abs(), abs);
            }
            double h = acc.reduceLanes(VectorOperators.ADD);
            double habs = abs.reduceLanes(VectorOperators.ADD);
            for (; i < d; i++) {
                h = Math.fma(w[row + i], test.x[xOff + i], h);
                habs += Math.abs(w[row + i] * test.x[xOff + i]);
            }
            double b = bias ? w[wOff + width * d + j] : 0;
            h += b;
            double a = w[aOff + j];
            double e = G53 * (d + 3) * (habs + Math.abs(b)) * 2;
            double r = h > 0 ? h : 0;
            f += a * r;
            err += Math.abs(a) * e;
            rSum += Math.abs(a) * r;
        }
        f += c;
        double bound = 2 * (err * (1 + G53 * (d + 3)) + G53 * (width + 2) * (rSum + err + Math.abs(c)));
        if (f > bound) {
            return 1;
        }
        return f < -bound ? -1 : 0;
    }

    private static FloatVector relu(FloatVector h) {
        return h.max(0f);
    }
}
