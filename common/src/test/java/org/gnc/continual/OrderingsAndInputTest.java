package org.gnc.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gnc.data.DataException;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpec.OrderingKind;
import org.gnc.spec.ContinualSpecParser;
import org.gnc.spec.SpecException;
import org.gnc.stats.SampleQuantiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orderings, generated families, task files, configs and their bad input. */
class OrderingsAndInputTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            continual { name = t, seed = 3, seeds = 4, steps = 12, orderings = [cyclic, random, permutation, fixed],
                        fixed-order = [0, 2, 1, 2] }
            tasks { kind = generated, count = 3, dim = 6, size = 5, input = subspace, subspace-dim = 2 }
            """;

    @Test
    void orderingsFollowTheirDefinitionsAndAreDeterministic() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, Orderings.sequence(OrderingKind.CYCLIC, 3, 5, 1, 0, List.of()));
        assertArrayEquals(new int[] {2, 0, 2, 2, 0}, Orderings.sequence(OrderingKind.FIXED, 3, 5, 1, 0, List.of(2, 0, 2)));
        int[] perm = Orderings.sequence(OrderingKind.PERMUTATION, 5, 50, 9, 1, List.of());
        for (int e = 0; e < 10; e++) {
            int[] epoch = Arrays.copyOfRange(perm, 5 * e, 5 * e + 5);
            Arrays.sort(epoch);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, epoch, "epoch " + e);
        }
        int[] random = Orderings.sequence(OrderingKind.RANDOM, 4, 4000, 9, 1, List.of());
        int[] counts = new int[4];
        for (int m : random) {
            counts[m]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 1000) < 150, Arrays.toString(counts)); // ~5 sd
        }
        assertArrayEquals(random, Orderings.sequence(OrderingKind.RANDOM, 4, 4000, 9, 1, List.of()));
        assertFalse(Arrays.equals(random, Orderings.sequence(OrderingKind.RANDOM, 4, 4000, 9, 2, List.of())));
    }

    @Test
    void generatedFamiliesAreSeededSeparableAndLiveInTheirSubspaces() {
        TaskFamily a = Instances.subspaces(3, 6, 5, 2, 3, 0);
        assertEquals(a, Instances.subspaces(3, 6, 5, 2, 3, 0));
        assertNotEquals(a.task(0).features()[0], Instances.subspaces(3, 6, 5, 2, 3, 1).task(0).features()[0]);
        assertTrue(Separability.separable(a.unionConstraints(), a.dim()));
        assertTrue(Separability.separable(Instances.covariances(4, 5, 10, 3, 0).unionConstraints(), 5));
        // the 5 inputs of a task span at most its 2-dimensional subspace: every 3x3 Gram minor is ~0
        double[] x = a.task(1).features();
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 6; k++) {
                    g[i][j] += x[i * 6 + k] * x[j * 6 + k];
                }
            }
        }
        double det = g[0][0] * (g[1][1] * g[2][2] - g[1][2] * g[2][1]) - g[0][1] * (g[1][0] * g[2][2] - g[1][2] * g[2][0])
                + g[0][2] * (g[1][0] * g[2][1] - g[1][1] * g[2][0]);
        assertEquals(0, det, 1e-9);
    }

    @Test
    void taskFilesReadAndAJointlyInseparablePairIsDetected() throws Exception {
        Path a = Files.writeString(dir.resolve("a.csv"), "1,0,1\n0,1,1\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "-1,0,1\n");
        TaskFamily ok = TaskFamily.read(List.of(a));
        assertTrue(Separability.separable(ok.unionConstraints(), 2));
        TaskFamily bad = TaskFamily.read(List.of(a, b));
        assertFalse(Separability.separable(bad.unionConstraints(), 2));
        Path three = Files.writeString(dir.resolve("c.csv"), "1,0,0,1\n");
        DataException e = assertThrows(DataException.class, () -> TaskFamily.read(List.of(a, three)));
        assertTrue(e.getMessage().contains("c.csv") && e.getMessage().contains("dimension"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "\n");
        e = assertThrows(DataException.class, () -> TaskFamily.read(List.of(a, empty)));
        assertTrue(e.getMessage().contains("empty.csv") && e.getMessage().contains("no examples"), e.getMessage());
    }

    @Test
    void aGoodConfigParses() {
        ContinualSpec s = ContinualSpecParser.parseText(GOOD, dir, "good.conf");
        assertEquals(4, s.orderings().size());
        assertEquals(List.of(0, 2, 1, 2), s.fixedOrder());
        assertEquals(ContinualSpecParser.DEFAULT_TOLERANCE, s.tolerance());
        assertEquals(3, s.taskCount());
    }

    @Test
    void badConfigsNameTheKey() {
        assertProblem(GOOD.replace("permutation", "shuffle"), "continual.orderings[2]", "unknown ordering");
        assertProblem(GOOD.replace("[0, 2, 1, 2]", "[0, 3]"), "continual.fixed-order[1]", "0..2");
        assertProblem(GOOD.replace("fixed-order = [0, 2, 1, 2]", ""), "continual.fixed-order", "required");
        assertProblem(GOOD.replace("size = 5", "size = 0"), "tasks.size", ">= 1");
        assertProblem(GOOD.replace("subspace-dim = 2", "subspace-dim = 7"), "tasks.subspace-dim", "at most tasks.dim");
        assertProblem(GOOD.replace("steps = 12", "stepz = 12"), "continual.stepz", "unknown key");
        assertProblem(GOOD.replace("kind = generated, count = 3, dim = 6, size = 5, input = subspace, subspace-dim = 2",
                "kind = files, files = []"), "tasks.files", "non-empty");
        assertProblem(GOOD.replace("kind = generated, count = 3, dim = 6, size = 5, input = subspace, subspace-dim = 2",
                "kind = files, files = [nope.csv]"), "tasks.files[0]", "no such file");
    }

    @Test
    void quantilesAreType7() {
        SampleQuantiles q = SampleQuantiles.of(new double[] {4, Double.NaN, 1, 3, 2});
        assertEquals(4, q.n());
        assertEquals(2.5, q.q50(), 1e-15);
        assertEquals(1.15, q.q05(), 1e-12); // h = 3 * 0.05 = 0.15
        assertEquals(3.85, q.q95(), 1e-12);
    }

    private void assertProblem(String text, String key, String what) {
        SpecException e = assertThrows(SpecException.class, () -> ContinualSpecParser.parseText(text, dir, "c.conf"));
        assertTrue(e.problems().stream().anyMatch(p -> p.keyPath().equals(key) && p.message().contains(what)),
                e.getMessage());
    }
}
