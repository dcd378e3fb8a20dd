package org.gnc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The log and linear figures of an acceptance probability, and the p* alarm. */
class AcceptanceEstimateTest {

    @Test
    void aSampledRateKeepsItsLinearFiguresAndTakesTheirLogs() {
        AcceptanceStatistics a = AcceptanceStatistics.of(1000, 7, false);
        AcceptanceEstimate e = AcceptanceEstimate.ofRate(a.rate(), a.ci95());
        assertEquals(0.007, e.rate());
        assertEquals(a.ci95().low(), e.ciLow());
        assertEquals(a.ci95().high(), e.ciHigh());
        assertEquals(Math.log(0.007), e.log());
        assertEquals(Math.log(a.ci95().low()), e.logCiLow());
        assertEquals(Math.log(a.ci95().high()), e.logCiHigh());
        assertTrue(e.logCiLow() < e.log() && e.log() < e.logCiHigh());
    }

    @Test
    void nothingAcceptedIsLogMinusInfinityWithAFiniteHighEnd() {
        AcceptanceStatistics a = AcceptanceStatistics.of(1_000_000, 0, true);
        AcceptanceEstimate e = AcceptanceEstimate.ofRate(a.rate(), a.ci95());
        assertEquals(Double.NEGATIVE_INFINITY, e.log());
        assertEquals(Double.NEGATIVE_INFINITY, e.logCiLow());
        assertEquals(Math.log(a.ci95().high()), e.logCiHigh());
        assertTrue(Double.isFinite(e.logCiHigh()));
    }

    @Test
    void noAttemptsIsAnUnknownRateInsideTheWholeInterval() {
        AcceptanceStatistics a = AcceptanceStatistics.of(0, 0, true);
        AcceptanceEstimate e = AcceptanceEstimate.ofRate(a.rate(), a.ci95());
        assertTrue(Double.isNaN(e.log()));
        assertEquals(Double.NEGATIVE_INFINITY, e.logCiLow());
        assertEquals(0.0, e.logCiHigh());
        assertFalse(e.belowPStar(-1));
    }

    @Test
    void anExactRateIsItsOwnInterval() {
        double p = 12.0 / 59049;
        AcceptanceEstimate e = AcceptanceEstimate.ofRate(p, new Interval(p, p));
        assertEquals(Math.log(p), e.log());
        assertEquals(e.log(), e.logCiLow());
        assertEquals(e.log(), e.logCiHigh());
        assertTrue(e.belowPStar(Math.nextUp(Math.log(p))));
        assertFalse(e.belowPStar(Math.log(p)));
        // An enumeration that found no interpolator where p* > 0 contradicts p >= p*.
        AcceptanceEstimate none = AcceptanceEstimate.ofRate(0, new Interval(0, 0));
        assertEquals(Double.NEGATIVE_INFINITY, none.logCiHigh());
        assertTrue(none.belowPStar(-200));
    }

    @Test
    void aLogEstimateKeepsItsLogFiguresAndMayUnderflowInLinearScale() {
        AcceptanceEstimate e = AcceptanceEstimate.ofLog(-800, Double.NEGATIVE_INFINITY, -799.5);
        assertEquals(-800, e.log());
        assertEquals(0.0, e.rate());
        assertEquals(0.0, e.ciLow());
        assertEquals(0.0, e.ciHigh());
        assertEquals(-799.5, e.logHigh());
        AcceptanceEstimate small = AcceptanceEstimate.ofLog(-74.5, -76, -73);
        assertEquals(Math.exp(-74.5), small.rate());
        assertEquals(Math.exp(-73), small.ciHigh());
    }

    @Test
    void theAlarmComparesTheHighEndOrTheEstimateWithoutAnInterval() {
        // The trap: ln p-hat = -74.5 on a cell whose ln p* = -48.7.
        AcceptanceEstimate trap = AcceptanceEstimate.ofLog(-74.5, -75.2, -73.9);
        assertTrue(trap.belowPStar(-48.7));
        assertFalse(trap.belowPStar(-80));
        assertFalse(trap.belowPStar(Double.NaN));
        // An interval reaching above ln p* is no alarm, even with the estimate below it.
        assertFalse(AcceptanceEstimate.ofLog(-50, Double.NEGATIVE_INFINITY, -48).belowPStar(-48.7));
        // One replicate: no interval, the estimate itself is compared.
        AcceptanceEstimate one = AcceptanceEstimate.ofLog(-74.5, Double.NaN, Double.NaN);
        assertTrue(Double.isNaN(one.ciHigh()));
        assertEquals(-74.5, one.logHigh());
        assertTrue(one.belowPStar(-48.7));
        // Nothing known: no alarm.
        assertFalse(AcceptanceEstimate.ofLog(Double.NaN, Double.NaN, Double.NaN).belowPStar(-48.7));
        // Every replicate died: ln p-hat and its interval are -infinity, below any p*.
        AcceptanceEstimate dead = AcceptanceEstimate.ofLog(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY);
        assertTrue(dead.belowPStar(-48.7));
    }
}
