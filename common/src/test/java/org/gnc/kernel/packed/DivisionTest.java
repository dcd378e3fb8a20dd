package org.gnc.kernel.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.model.LevelPacking;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedLevelsBatch.Division}'s floor(x / D) by a multiply and a shift in int lanes, against
 * Java's division for every x below the block size N, for every divisor k^e (e = 0 .. b) of the packings
 * of k = 2 .. 16 levels that {@link PackedLevelsBatch.Division#find} finds a pair for (those the batch
 * draw uses among them); R1's divisions must exist, so that the batch draw applies to it.
 */
@Tag("vector-api")
class DivisionTest {

    @Test
    void everyDivisionFoundIsExactInLanes() {
        assumeTrue(VectorModule.present(), "the Vector API module is absent");
        VectorSpecies<Integer> species = VectorShapes.HALF_INTS;
        long checked = 0;
        for (int k = 2; k <= 16; k++) {
            LevelPacking packing = LevelPacking.of(k);
            for (long n : new long[] {packing.block(), packing.block() / k, k * k}) {
                int[] x = new int[(int) n + species.length()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (int) Math.min(i, n - 1);
                }
                int[] q = new int[x.length];
                long divisor = 1;
                for (int e = 0; e <= packing.halfDigits() && divisor <= n; e++, divisor *= k) {
                    PackedLevelsBatch.Division division = PackedLevelsBatch.Division.find(divisor, n);
                    if (division == null) {
                        continue;
                    }
                    for (int i = 0; i < n; i += species.length()) {
                        division.of(IntVector.fromArray(species, x, i)).intoArray(q, i);
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(i / divisor, q[i], "k = " + k + ", N = " + n + ", D = " + divisor + ", x = " + i);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1_000_000, "values checked: " + checked);
        // R1: ternary rows of 20 digits in groups of 5, 8 hidden units; 3^10 = 59049 values per half.
        assertNotNull(PackedLevelsBatch.Division.find(243, 59049));
        assertNotNull(PackedLevelsBatch.Division.find(9, 59049));
        assertTrue(PackedLevelsBatch.applies(8, 1, LevelPacking.of(3), 5));
    }
}
