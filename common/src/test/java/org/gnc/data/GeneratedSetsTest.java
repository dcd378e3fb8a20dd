package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.gnc.spec.DataSpec;
import org.gnc.spec.DataSpec.GeneratedSet;
import org.junit.jupiter.api.Test;

class GeneratedSetsTest {

    private static CellData kink(int n, int nTest, long seed, double margin) {
        return GeneratedSets.generate(new DataSpec.Generated(GeneratedSet.KINK, n, nTest, seed, margin));
    }

    private static CellData slab(int n, int nTest, long seed) {
        return GeneratedSets.generate(new DataSpec.Generated(GeneratedSet.SLAB, n, nTest, seed, 0.25));
    }

    /** Every point of both sets as "x,y,label", asserting that none repeats. */
    private static Set<String> points(CellData d) {
        Set<String> out = new HashSet<>();
        for (Dataset s : new Dataset[] {d.train(), d.test()}) {
            for (int i = 0; i < s.size(); i++) {
                assertTrue(out.add(s.feature(i, 0) + "," + s.feature(i, 1) + "," + s.label(i)), "repeated point");
            }
        }
        return out;
    }

    @Test
    void kinkPointsLieOnTheirCurvesWithTheirLabels() {
        for (double margin : new double[] {0.25, 0.5}) {
            CellData d = kink(3000, 1000, 3, margin);
            int[] counts = new int[2];
            for (Dataset s : new Dataset[] {d.train(), d.test()}) {
                assertEquals(2, s.dim());
                for (int i = 0; i < s.size(); i++) {
                    double x = s.feature(i, 0);
                    double y = s.feature(i, 1);
                    assertTrue(x >= -1 && x <= 1, "x = " + x);
                    double gap = s.label(i) > 0 ? 0 : margin;
                    assertEquals(-Math.abs(x) + gap, y, 1e-12, "point " + x + ", " + y + " label " + s.label(i));
                    counts[s.label(i) > 0 ? 1 : 0]++;
                }
            }
            // the whole pool: 2,000 points per curve, the grid ends exactly at -1, 0 and 1
            assertEquals(2000, counts[0]);
            assertEquals(2000, counts[1]);
            // the grid ends at -1 and 1 exactly (numpy's linspace sets its last point to the end)
            Set<Double> xs = new HashSet<>();
            for (int i = 0; i < d.train().size(); i++) {
                xs.add(d.train().feature(i, 0));
            }
            assertTrue(xs.contains(-1.0) && xs.contains(1.0) && xs.contains(0.0), "grid ends");
        }
    }

    @Test
    void slabPointsLieInTheirSlabsWithTheirLabels() {
        CellData d = slab(1000, 600, 5);
        double t = 0.35;
        int[] perSlab = new int[4];
        for (Dataset s : new Dataset[] {d.train(), d.test()}) {
            for (int i = 0; i < s.size(); i++) {
                double x = s.feature(i, 0);
                double y = s.feature(i, 1);
                int slab = -1;
                for (int k = 0; k < 4; k++) {
                    double end = 1 - k * (t + 0.2);
                    if (y >= end - t - 1e-12 && y <= end + 1e-12) {
                        slab = k;
                    }
                }
                assertTrue(slab >= 0, "y = " + y + " in no slab");
                perSlab[slab]++;
                if (slab % 2 == 0) {
                    assertTrue(x >= -1 && x <= -0.1 && s.label(i) == 1, x + ", label " + s.label(i));
                } else {
                    assertTrue(x >= 0.1 && x <= 1 && s.label(i) == -1, x + ", label " + s.label(i));
                }
            }
        }
        assertEquals(java.util.List.of(400, 400, 400, 400), java.util.Arrays.stream(perSlab).boxed().toList());
    }

    @Test
    void dataIsAPureFunctionOfTheSeedAndTrainingSetsAreNested() {
        assertEquals(kink(11, 30, 0, 0.25), kink(11, 30, 0, 0.25));
        assertEquals(kink(16, 30, 0, 0.25).train().head(11), kink(11, 30, 0, 0.25).train());
        assertEquals(kink(16, 30, 0, 0.25).test(), kink(11, 30, 0, 0.25).test());
        assertNotEquals(kink(11, 30, 0, 0.25).train(), kink(11, 30, 1, 0.25).train());
        assertEquals(slab(140, 60, 2), slab(140, 60, 2));
        assertEquals(slab(140, 60, 2).train().head(100), slab(100, 60, 2).train());
        assertNotEquals(slab(140, 60, 2).train(), slab(140, 60, 3).train());
    }

    @Test
    void trainingAndTestPointsAreDisjointAndBothClassesAppear() {
        CellData d = slab(800, 800, 9);
        assertEquals(1600, points(d).size());
        assertTrue(d.train().positiveFraction() > 0.3 && d.train().positiveFraction() < 0.7);
    }

    @Test
    void theSpecBoundsTheSizesByThePool() {
        assertThrows(IllegalArgumentException.class,
                () -> new DataSpec.Generated(GeneratedSet.SLAB, 1000, 601, 0, 0.25));
        assertThrows(IllegalArgumentException.class,
                () -> new DataSpec.Generated(GeneratedSet.KINK, 11, 30, 0, 0));
    }

    @Test
    void linspaceIsNumpys() {
        assertEquals(-1.0, GeneratedSets.linspace(-1, 0, 0));
        assertEquals(0.0, GeneratedSets.linspace(-1, 0, 999));
        assertEquals(-1 + 500 * (1.0 / 999), GeneratedSets.linspace(-1, 0, 500));
    }
}
