package org.gnc.kernel.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

/** Which output levels the fixed-point block path takes, and as how many ticks. */
class OutputTicksTest {
    @Test
    void wholeMultiplesOfTheLeastNonZeroLevelAreExact() {
        OutputTicks ternary = OutputTicks.of(new double[] {-1, 0, 1}).orElseThrow();
        assertEquals(1.0, ternary.tick());
        assertEquals(-1, ternary.ticks(0));
        assertEquals(0, ternary.ticks(1));
        assertEquals(1, ternary.ticks(2));
        assertEquals(1, ternary.max());
        assertEquals(0.0, ternary.rho());

        OutputTicks halves = OutputTicks.of(new Prior.Quantized(2, 0.5).levels()).orElseThrow();
        assertEquals(0.5, halves.tick());
        assertEquals(2, halves.max());
        assertEquals(0.0, halves.rho());

        OutputTicks uneven = OutputTicks.of(new double[] {-1, 0, 2}).orElseThrow();
        assertEquals(2, uneven.ticks(2));
    }

    @Test
    void levelsOffTheirMultipleByRoundingCarryThatErrorAsRho() {
        double[] tenths = new Prior.Quantized(3, 0.1).levels();
        OutputTicks t = OutputTicks.of(tenths).orElseThrow();
        assertEquals(0.1, t.tick());
        assertEquals(4, t.max());
        // (i - 4) * 0.1 is not exactly (i - 4) times the double 0.1 for i - 4 = 3.
        assertTrue(t.rho() > 0 && t.rho() < 0x1.0p-50, "rho " + t.rho());
        for (int v = 0; v < tenths.length; v++) {
            assertEquals(v - 4, t.ticks(v));
        }
    }

    @Test
    void levelsThatAreNoWholeMultiplesOfOneTickAreRefused() {
        assertFalse(OutputTicks.of(new double[] {-1, 0, Math.PI}).isPresent());
        assertFalse(OutputTicks.of(new double[] {1, 1 + 1e-12}).isPresent(), "two levels, one tick count");
        assertFalse(OutputTicks.of(new double[] {-1, 0, 2048}).isPresent(), "more than 2^10 ticks");
        assertFalse(OutputTicks.of(new double[] {0}).isPresent(), "no non-zero level");
        assertFalse(OutputTicks.of(new double[] {-1, Double.NaN}).isPresent());
        assertTrue(OutputTicks.of(new double[] {-1024, 0, 1024}).isPresent());
    }
}
