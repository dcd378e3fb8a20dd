package org.gnc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gnc.data.CellData;
import org.gnc.data.TeacherStudentGenerator;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Prior;
import org.gnc.sample.ExactPosterior;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.spec.DataSpec;
import org.gnc.spec.InputKind;
import org.junit.jupiter.api.Test;

/**
 * p* against hand counts, against the explicitly built family F (every member generated, duplicates removed),
 * and against the exact acceptance probability of the enumerator.
 */
class TeacherEquivalenceTest {
    static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});
    static final double LN3 = Math.log(3);

    static Architecture net(int d, Integer... widths) {
        return new Architecture(d, List.of(widths), Activation.RELU, false, false);
    }

    @Test
    void oneUnitTeacherInTwoUnitStudentByHand() {
        // Teacher w = (1, -1), a = 1. F: pick the copied unit (2 ways), the other unit's 2 incoming weights free
        // (9), its output weight 0: 18 of 3^6 configurations.
        var p = TeacherEquivalence.logPStar(net(2, 1), new double[] {1, -1, 1}, net(2, 2), TERNARY);
        assertEquals(Math.log(18) - 6 * LN3, p.logPStar(), 1e-12);
    }

    @Test
    void identicalTeacherUnitsAreNotCountedTwice() {
        // Two identical teacher units: 3 x 2 / 2! placements, one off unit with 2 free weights.
        double[] teacher = {1, -1, 1, -1, 1, 1};
        var p = TeacherEquivalence.logPStar(net(2, 2), teacher, net(2, 3), TERNARY);
        assertEquals(Math.log(3 * 9) - 9 * LN3, p.logPStar(), 1e-12);
        assertEquals(familySize(net(2, 2), teacher, net(2, 3), TERNARY.levels()), Math.exp(p.logPStar() + 9 * LN3),
                1e-9);
    }

    @Test
    void oneHiddenLayerCountIsExact() {
        double[][] teachers = {{1, -1, 0, 1, 1, -1}, {1, 0, 1, 0, -1, 1}, {0, 1, 0, 1, 1, 1}};
        for (double[] t : teachers) {
            Architecture student = net(2, 3);
            var p = TeacherEquivalence.logPStar(net(2, 2), t, student, TERNARY);
            assertTrue(p.applicable(), p.reason());
            assertEquals(familySize(net(2, 2), t, student, TERNARY.levels()),
                    Math.exp(p.logPStar() + student.parameterCount() * LN3), 1e-6, Arrays.toString(t));
        }
    }

    @Test
    void twoHiddenLayersNeverOvercount() {
        // Teacher [2, 1] on 2 inputs, student [3, 2]; the second teacher is symmetric under swapping its units.
        double[][] teachers = {{1, -1, 0, 1, 1, -1, 1}, {1, 1, 1, 1, 1, 1, 1}, {1, 0, -1, 1, 1, 1, -1}};
        for (double[] t : teachers) {
            Architecture teacher = net(2, 2, 1);
            Architecture student = net(2, 3, 2);
            var p = TeacherEquivalence.logPStar(teacher, t, student, TERNARY);
            assertTrue(p.applicable(), p.reason());
            double counted = Math.exp(p.logPStar() + student.parameterCount() * LN3);
            long actual = familySize(teacher, t, student, TERNARY.levels());
            assertTrue(counted <= actual + 1e-6, counted + " > " + actual);
            assertEquals(actual, counted, 1e-6, Arrays.toString(t)); // these colourings are exact
        }
    }

    @Test
    void deadTeacherUnitsArePruned() {
        // The second unit has output weight 0: the teacher is a one-unit teacher.
        var pruned = TeacherEquivalence.logPStar(net(2, 2), new double[] {1, -1, 1, 1, 1, 0}, net(2, 2), TERNARY);
        var small = TeacherEquivalence.logPStar(net(2, 1), new double[] {1, -1, 1}, net(2, 2), TERNARY);
        assertEquals(small.logPStar(), pruned.logPStar(), 1e-12);
    }

    @Test
    void notApplicableCases() {
        double[] t = {2, -1, 1};
        assertFalse(TeacherEquivalence.logPStar(net(2, 1), t, net(2, 2), TERNARY).applicable()); // 2 not a level
        assertFalse(TeacherEquivalence.logPStar(net(2, 1), new double[] {1, -1, 1}, net(2, 2),
                new Prior.Uniform(-1, 1)).applicable());
        assertFalse(TeacherEquivalence.logPStar(net(2, 2), new double[] {1, -1, 1, 1, 1, 1}, net(2, 1), TERNARY)
                .applicable()); // student narrower than the active teacher
        assertFalse(TeacherEquivalence.logPStar(net(2, 1), new double[] {1, -1, 1}, net(2, 2),
                new Prior.Levels(new double[] {-1, 1})).applicable()); // off units need 0
        // Same student without a spare unit needs no 0.
        assertTrue(TeacherEquivalence.logPStar(net(2, 1), new double[] {1, -1, 1}, net(2, 1),
                new Prior.Levels(new double[] {-1, 1})).applicable());
    }

    @Test
    void sampleComplexityCurve() {
        // eps(n) = 1 - exp(-(ln(1/p*) + 2 ln(2/delta)) / n), below its linear form, decreasing in n.
        double logP = -10;
        double e = TeacherEquivalence.epsilon(logP, 100, 0.05);
        assertEquals(-Math.expm1(-(10 + 2 * Math.log(40)) / 100), e, 1e-15);
        assertTrue(e <= (10 + 2 * Math.log(40)) / 100);
        assertTrue(TeacherEquivalence.epsilon(logP, 200, 0.05) < e);
    }

    @Test
    void exactAcceptanceIsNeverBelowPStar() {
        // Seeded teacher-student cells small enough to enumerate: the prior mass of interpolators >= p*.
        int checked = 0;
        for (long seed = 1; seed <= 6; seed++) {
            for (int[] widths : new int[][] {{1, 2}, {2, 2}, {1, 3}}) {
                NetworkSpec teacherSpec = new NetworkSpec(List.of(widths[0]), Activation.RELU, false, false, TERNARY);
                DataSpec.TeacherStudent spec = new DataSpec.TeacherStudent(InputKind.GAUSSIAN, 2, 6, 50, seed,
                        teacherSpec);
                CellData data = TeacherStudentGenerator.generate(spec);
                double[] tw = TeacherStudentGenerator.teacherWeights(spec, data.teacherRedraws());
                Architecture student = net(2, widths[1]);
                var p = TeacherEquivalence.logPStar(teacherSpec.architecture(2), tw, student, TERNARY);
                if (!p.applicable()) {
                    continue;
                }
                ExactPosterior exact = new ExhaustiveEnumerator(student, TERNARY, data.train(), data.test(), 0)
                        .enumerate();
                assertTrue(exact.acceptanceProbability() >= Math.exp(p.logPStar()),
                        "seed " + seed + ": p = " + exact.acceptanceProbability() + " < p* = " + Math.exp(p.logPStar()));
                // The family fits every training set: its exact count is below the interpolator count.
                assertTrue(familySize(teacherSpec.architecture(2), tw, student, TERNARY.levels())
                        <= exact.interpolators());
                checked++;
            }
        }
        assertTrue(checked >= 12, "only " + checked + " cells had an applicable p*");
    }

    /**
     * |F| by construction: every injective placement of the (unpruned, no-bias) teacher into the student and
     * every value of the off units' weights, as a set of weight vectors. Also checks each member computes the
     * teacher's labels on a few points.
     */
    static long familySize(Architecture teacher, double[] tw, Architecture student, double[] levels) {
        int depth = teacher.depth();
        int d = teacher.inputDim();
        List<int[][]> placements = new ArrayList<>();
        placements.add(new int[depth + 1][]);
        placements.get(0)[0] = java.util.stream.IntStream.range(0, d).toArray();
        for (int l = 1; l <= depth; l++) {
            List<int[][]> next = new ArrayList<>();
            for (int[][] pl : placements) {
                for (int[] inj : injections(teacher.widths().get(l - 1), student.widths().get(l - 1))) {
                    int[][] copy = pl.clone();
                    copy[l] = inj;
                    next.add(copy);
                }
            }
            placements = next;
        }
        Set<String> members = new HashSet<>();
        double[] x = {0.3, -1.2, 1.1, 0.4, -0.7, -0.2, 2.0, 1.5};
        double[] ts = teacher.newScratch();
        double[] ss = student.newScratch();
        for (int[][] pl : placements) {
            double[] w = new double[student.parameterCount()];
            boolean[] free = new boolean[w.length];
            int ps = 0;
            int pt = 0;
            int sIn = d;
            int tIn = d;
            for (int l = 1; l <= depth; l++) {
                int sW = student.widths().get(l - 1);
                int tW = teacher.widths().get(l - 1);
                int[] inv = inverse(pl[l], sW);
                int[] invIn = inverse(pl[l - 1], sIn);
                for (int u = 0; u < sW; u++) {
                    for (int v = 0; v < sIn; v++) {
                        int idx = ps + u * sIn + v;
                        if (inv[u] < 0) {
                            free[idx] = true;
                        } else {
                            w[idx] = invIn[v] < 0 ? 0 : tw[pt + inv[u] * tIn + invIn[v]];
                        }
                    }
                }
                ps += sW * sIn;
                pt += tW * tIn;
                sIn = sW;
                tIn = tW;
            }
            int[] inv = depth == 0 ? pl[0] : inverse(pl[depth], sIn);
            for (int u = 0; u < sIn; u++) {
                w[ps + u] = inv[u] < 0 ? 0 : tw[pt + inv[u]];
            }
            int[] freeIdx = java.util.stream.IntStream.range(0, w.length).filter(i -> free[i]).toArray();
            long combos = (long) Math.pow(levels.length, freeIdx.length);
            for (long c = 0; c < combos; c++) {
                long r = c;
                for (int i : freeIdx) {
                    w[i] = levels[(int) (r % levels.length)];
                    r /= levels.length;
                }
                if (members.add(Arrays.toString(w))) {
                    for (int q = 0; q + d <= x.length; q += d) {
                        assertEquals(Architecture.label(teacher.output(tw, 0, x, q, ts)),
                                Architecture.label(student.output(w, 0, x, q, ss)));
                    }
                }
            }
        }
        return members.size();
    }

    static int[] inverse(int[] map, int size) {
        int[] inv = new int[size];
        Arrays.fill(inv, -1);
        for (int j = 0; j < map.length; j++) {
            inv[map[j]] = j;
        }
        return inv;
    }

    static List<int[]> injections(int t, int s) {
        List<int[]> out = new ArrayList<>();
        extend(new int[t], 0, new boolean[s], out);
        return out;
    }

    private static void extend(int[] cur, int j, boolean[] used, List<int[]> out) {
        if (j == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int u = 0; u < used.length; u++) {
            if (!used[u]) {
                used[u] = true;
                cur[j] = u;
                extend(cur, j + 1, used, out);
                used[u] = false;
            }
        }
    }
}
