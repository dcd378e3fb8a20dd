package org.gnc.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;

/**
 * The teacher-equivalence count of Buzaglo et al. (ICML 2024): a lower bound p* on the prior mass of
 * students that compute the teacher's function, for a finite-level student prior (k levels, each weight
 * i.i.d. uniform) and a known teacher, for any depth L &gt;= 0 (student and teacher of equal depth and
 * activation). It counts fully connected networks with one output; for conv or pool layers or two logits
 * it is not applicable.
 *
 * <p><b>Pruning.</b> Teacher units that cannot reach the output are dropped: at layer L those with output
 * weight 0, then at layer l those with weight 0 into every kept unit of layer l+1. The pruned teacher
 * computes the same function; t_l denotes its widths and s_l the student's (s_0 = t_0 = d inputs).
 *
 * <p><b>The family F.</b> For each layer an injective map pi_l from the kept teacher units into the
 * student's units. Student unit pi_l(j) copies teacher unit j: weight W_t[j][i] from pi_{l-1}(i), weight 0
 * from every other unit of layer l-1, the teacher's bias (0 if the teacher has none); the output weight of
 * pi_L(j) is the teacher's, every other output weight is 0, the output bias is the teacher's. The other
 * ("off") student units keep all their incoming weights and biases free. Every member computes the teacher's
 * function: off units only feed weights that are 0. (In floating point the copied hidden units are computed
 * bit-identically and only the output sum is reordered, so a label can differ only where |f(x)| is within
 * rounding of 0, never when all sums are exact, as with integer levels and +-1 inputs.) Every fixed value
 * must be one of the student's levels (0 included whenever some weight is set to 0), the teacher's biases
 * must be 0 where the student has none, and s_l &gt;= t_l; otherwise F is empty and p* is not applicable.
 *
 * <p><b>Counting without double counting.</b> From a member of F the copied units are recovered as the
 * units with a non-zero path to the output (A_L = units with a non-zero output weight, A_l = units with a
 * non-zero weight into A_{l+1}; off units feed only zeros into copied units, and every kept teacher unit has
 * a non-zero weight into a kept unit). So two choices (pi_l) give the same member exactly when they differ by
 * an automorphism sigma of the pruned teacher (per-layer permutations with W_t[sigma j][sigma i] = W_t[j][i],
 * equal biases and output weights), and the automorphism group acts freely on the injective choices. Hence
 * <pre>
 *   |F| = prod_l s_l! / (s_l - t_l)!  /  |Aut|  *  k^free,     free = sum_l (s_l - t_l)(s_{l-1} + [student bias]),
 *   ln p* = ln|F| - P ln k,     P = the student's parameter count,
 * </pre>
 * since each of the k^P configurations has prior mass k^-P. |Aut| is bounded above by
 * prod over classes of m! where the classes group units of a layer by two colours that every automorphism
 * preserves: a forward colour (bias and the multiset of (colour of source, weight); inputs are fixed) and a
 * backward colour (the multiset of (colour of target, weight); output weight at layer L). With one hidden
 * layer the classes are exactly the sets of identical teacher units, so the count is exact; deeper, it is a
 * lower bound on |F| and so ln p* stays a lower bound on the log prior mass of teacher-equivalent students.
 *
 * <p><b>Sample complexity.</b> Every member of F fits any teacher-labelled training set, so the acceptance
 * probability is at least p* for every S. For a random interpolator h ~ Q_S (m = 0):
 * P_S(P(h fits S and err(h) &gt; eps) &gt; (1-eps)^n / d1) &lt;= d1 by Markov, and Q_S(err &gt; eps) &lt;= that mass / p*.
 * With d1 = delta/2 and the draw failing with probability delta/2,
 * <pre>
 *   P_{S, h}( err(h) &gt; eps(n) ) &lt;= delta,   eps(n) = 1 - exp( -( ln(1/p*) + 2 ln(2/delta) ) / n )
 *                                             &lt;= ( ln(1/p*) + 2 ln(2/delta) ) / n,
 * </pre>
 * so n ~ (ln(1/p*) + ln(1/delta)) / eps samples suffice: it grows with the teacher's size, not the student's.
 * Also {@link PacBayesBound#bound} with ln(1/p) &lt;= ln(1/p*) bounds E_{Q_S}[err] without estimating p.
 */
public final class TeacherEquivalence {

    /**
     * ln p* (natural log), or NaN with the reason when the construction does not apply. Immutable.
     */
    public record PStar(double logPStar, String reason) {
        public boolean applicable() {
            return !Double.isNaN(logPStar);
        }

        static PStar notApplicable(String reason) {
            return new PStar(Double.NaN, reason);
        }
    }

    private TeacherEquivalence() {
    }

    /** eps(n) = 1 - exp(-(ln(1/p*) + 2 ln(2/delta)) / n): the error a random interpolator exceeds w.p. at most delta. */
    public static double epsilon(double logPStar, int n, double delta) {
        PacBayesBound.checkDelta(delta);
        if (n < 1 || !(logPStar <= 0)) {
            throw new IllegalArgumentException("need n >= 1 and ln p* <= 0, got n = " + n + ", ln p* = " + logPStar);
        }
        return -Math.expm1(-(-logPStar + 2 * Math.log(2 / delta)) / n);
    }

    /** ln p* for this teacher (its architecture and weights) and student family. */
    public static PStar logPStar(Architecture teacher, double[] teacherWeights, Architecture student, Prior prior) {
        if (!prior.isFinite()) {
            return PStar.notApplicable("the student prior " + prior.label() + " is not finite");
        }
        if (!student.isDenseSingleOutput() || !teacher.isDenseSingleOutput()) {
            return PStar.notApplicable("p* counts fully connected networks with one output; the student has "
                    + (student.isDenseStack() ? "output " + student.output().configName()
                    : "layers " + student.label()));
        }
        if (teacher.inputDim() != student.inputDim()) {
            return PStar.notApplicable("teacher and student inputs differ");
        }
        if (teacher.depth() != student.depth()) {
            return PStar.notApplicable("teacher depth " + teacher.depth() + " differs from student depth "
                    + student.depth());
        }
        if (teacher.depth() > 0 && teacher.activation() != student.activation()) {
            return PStar.notApplicable("teacher and student activations differ");
        }
        if (teacherWeights.length != teacher.parameterCount()) {
            throw new IllegalArgumentException("teacher has " + teacher.parameterCount() + " parameters, got "
                    + teacherWeights.length + " weights");
        }
        double[] levels = prior.levels();
        int k = levels.length;
        int depth = teacher.depth();
        int d = teacher.inputDim();

        // Unpack the teacher: W[l][j][i], b[l][j] (l = 1..L), output weights a, output bias c.
        double[][][] w = new double[depth + 1][][];
        double[][] b = new double[depth + 1][];
        int p = 0;
        int in = d;
        for (int l = 1; l <= depth; l++) {
            int width = teacher.widths().get(l - 1);
            w[l] = new double[width][in];
            b[l] = new double[width];
            for (int j = 0; j < width; j++) {
                for (int i = 0; i < in; i++) {
                    w[l][j][i] = teacherWeights[p++];
                }
            }
            if (teacher.bias()) {
                for (int j = 0; j < width; j++) {
                    b[l][j] = teacherWeights[p++];
                }
            }
            in = width;
        }
        double[] a = Arrays.copyOfRange(teacherWeights, p, p + in);
        p += in;
        double c = teacher.outputBias() ? teacherWeights[p] : 0.0;

        // Prune from the output down: kept[l] lists the kept teacher units of layer l (kept[0] = inputs).
        int[][] kept = new int[depth + 1][];
        kept[0] = range(d);
        if (depth > 0) {
            kept[depth] = select(in, j -> a[j] != 0);
            for (int l = depth - 1; l >= 1; l--) {
                int[] above = kept[l + 1];
                double[][] wl = w[l + 1];
                kept[l] = select(teacher.widths().get(l - 1), i -> {
                    for (int j : above) {
                        if (wl[j][i] != 0) {
                            return true;
                        }
                    }
                    return false;
                });
            }
        }
        int[] s = new int[depth + 1];
        int[] t = new int[depth + 1];
        s[0] = d;
        t[0] = d;
        for (int l = 1; l <= depth; l++) {
            s[l] = student.widths().get(l - 1);
            t[l] = kept[l].length;
            if (s[l] < t[l]) {
                return PStar.notApplicable("student layer " + l + " has " + s[l] + " units, fewer than the teacher's "
                        + t[l] + " active units");
            }
        }

        // Every fixed value must be a level of the student's prior.
        List<Double> fixed = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            for (int j : kept[l]) {
                for (int i : kept[l - 1]) {
                    fixed.add(w[l][j][i]);
                }
                if (s[l - 1] > t[l - 1]) {
                    fixed.add(0.0); // weights from off units of layer l-1
                }
                if (student.bias()) {
                    fixed.add(b[l][j]);
                } else if (b[l][j] != 0) {
                    return PStar.notApplicable("the teacher has a non-zero bias and the student has none");
                }
            }
        }
        int top = depth == 0 ? d : t[depth];
        int[] outUnits = depth == 0 ? range(d) : kept[depth];
        for (int j : outUnits) {
            fixed.add(a[j]);
        }
        if (depth > 0 && s[depth] > top) {
            fixed.add(0.0); // output weights of off units
        }
        if (student.outputBias()) {
            fixed.add(c);
        } else if (c != 0) {
            return PStar.notApplicable("the teacher has a non-zero output bias and the student has none");
        }
        for (double v : fixed) {
            if (Arrays.binarySearch(levels, v + 0.0) < 0) {
                return PStar.notApplicable("the teacher weight " + v + " is not a level of " + prior.label());
            }
        }

        double log = 0;
        long free = 0;
        for (int l = 1; l <= depth; l++) {
            log += CombinatoricsUtils.factorialLog(s[l]) - CombinatoricsUtils.factorialLog(s[l] - t[l]);
            free += (long) (s[l] - t[l]) * (s[l - 1] + (student.bias() ? 1 : 0));
        }
        log -= logAutomorphismBound(depth, kept, w, b, a);
        log += (free - (long) student.parameterCount()) * Math.log(k);
        return new PStar(Math.min(0, log), "");
    }

    /**
     * ln of prod over colour classes of m!, an upper bound on the number of automorphisms of the pruned
     * teacher (exact with one hidden layer).
     */
    private static double logAutomorphismBound(int depth, int[][] kept, double[][][] w, double[][] b, double[] a) {
        if (depth == 0) {
            return 0;
        }
        // forward[l][j], backward[l][j]: colour ids of kept unit j (index into kept[l]).
        int[][] forward = new int[depth + 1][];
        forward[0] = range(kept[0].length);
        for (int l = 1; l <= depth; l++) {
            Map<String, Integer> ids = new HashMap<>();
            forward[l] = new int[kept[l].length];
            for (int jj = 0; jj < kept[l].length; jj++) {
                int j = kept[l][jj];
                List<String> in = new ArrayList<>();
                for (int ii = 0; ii < kept[l - 1].length; ii++) {
                    in.add(forward[l - 1][ii] + ":" + bits(w[l][j][kept[l - 1][ii]]));
                }
                if (l > 1) {
                    in.sort(null); // sources are permuted by automorphisms; inputs (l = 1) are not
                }
                String key = bits(b[l][j]) + "|" + String.join(",", in);
                forward[l][jj] = ids.computeIfAbsent(key, x -> ids.size());
            }
        }
        int[][] backward = new int[depth + 1][];
        for (int l = depth; l >= 1; l--) {
            Map<String, Integer> ids = new HashMap<>();
            backward[l] = new int[kept[l].length];
            for (int ii = 0; ii < kept[l].length; ii++) {
                int i = kept[l][ii];
                String key;
                if (l == depth) {
                    key = bits(a[i]);
                } else {
                    List<String> out = new ArrayList<>();
                    for (int jj = 0; jj < kept[l + 1].length; jj++) {
                        out.add(backward[l + 1][jj] + ":" + bits(w[l + 1][kept[l + 1][jj]][i]));
                    }
                    out.sort(null);
                    key = String.join(",", out);
                }
                backward[l][ii] = ids.computeIfAbsent(key, x -> ids.size());
            }
        }
        double log = 0;
        for (int l = 1; l <= depth; l++) {
            Map<Long, Integer> classes = new HashMap<>();
            for (int jj = 0; jj < kept[l].length; jj++) {
                classes.merge(((long) forward[l][jj] << 32) | backward[l][jj], 1, Integer::sum);
            }
            for (int m : classes.values()) {
                log += CombinatoricsUtils.factorialLog(m);
            }
        }
        return log;
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToLongBits(v + 0.0));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] select(int n, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
    }
}
