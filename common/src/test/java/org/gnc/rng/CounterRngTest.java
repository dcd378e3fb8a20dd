package org.gnc.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterRngTest {
    @Test
    void wordsArePureFunctionsOfKeyAndCounter() {
        CounterRng a = CounterRng.of(7, "train-inputs");
        assertEquals(a.word(123_456_789L), CounterRng.of(7, "train-inputs").word(123_456_789L));
        assertEquals(a, CounterRng.of(7, "train-inputs"));
        // Pinned value: a change to the generator changes every stored result, so it must be deliberate.
        assertEquals(0x2B7BBCDE2B04C952L, CounterRng.of(1, "candidates", 42).word(0));
    }

    @Test
    void seedsDomainsAndIdsGiveDifferentStreams() {
        Set<Long> keys = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            for (String domain : new String[] {"train-inputs", "test-inputs", "teacher", "candidates"}) {
                for (long id = 0; id < 20; id++) {
                    keys.add(CounterRng.of(seed, domain, id).key());
                }
            }
        }
        assertEquals(20 * 4 * 20, keys.size());
        assertNotEquals(CounterRng.of(1, "a").child(2), CounterRng.of(1, "a").child(3));
    }

    @Test
    void uniformsLieInTheirIntervalsAndMultiplyHighIsUnsigned() {
        CounterRng r = CounterRng.of(3, "u");
        for (int i = 0; i < 10_000; i++) {
            double u = r.uniform(i);
            assertTrue(u >= 0 && u < 1);
            double o = CounterRng.openUnitInterval(r.word(i));
            assertTrue(o > 0 && o < 1);
        }
        assertEquals(0, CounterRng.unitInterval(0));
        assertTrue(CounterRng.openUnitInterval(-1L) < 1, "the largest word must not round to 1");
        assertTrue(CounterRng.openUnitInterval(0L) > 0);
        assertEquals(2, CounterRng.unsignedMultiplyHigh(-1L, 3)); // (2^64 - 1) * 3 / 2^64 = 2.99...
        assertEquals(1, CounterRng.unsignedMultiplyHigh(Long.MIN_VALUE, 2));
    }
}
