package org.gnc.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.model.Prior;
import org.gnc.simd.VectorModule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link NormalLanes#fill} draws, bit for bit, what {@link Prior.Gaussian#fromWord} draws from the same
 * counters: on 20,000 consecutive counters (about 3,000 in AS241's tails, which take the scalar map)
 * and on counts that leave a scalar remainder.
 */
class NormalLanesTest {
    @Tag("vector-api")
    @Test
    void fillIsTheScalarMapBitForBit() {
        assertTrue(VectorModule.present(), "the test JVM runs with --add-modules jdk.incubator.vector");
        assertTrue(NormalLanes.applies());
        CounterRng rng = CounterRng.of(5, "normal-lanes");
        for (double s : new double[] {1, 0.37, -2}) {
            Prior.Gaussian prior = new Prior.Gaussian(s);
            for (int count : new int[] {20_000, 13, 1, 0}) {
                long first = 1_000_003L * count;
                double[] out = new double[count + 3];
                NormalLanes.fill(rng.key(), first, count, s, out, 3);
                int tails = 0;
                for (int t = 0; t < count; t++) {
                    long w = rng.word(first + t);
                    double expected = prior.fromWord(w);
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[3 + t]),
                            "counter " + (first + t) + " with std " + s);
                    tails += Math.abs(CounterRng.openUnitInterval(w) - 0.5) > NormalLanes.CENTRAL ? 1 : 0;
                }
                if (count == 20_000) {
                    assertTrue(tails > 2_500 && tails < 3_500, tails + " tail draws");
                }
            }
        }
    }
}
