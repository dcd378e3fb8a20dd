package org.gnc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptanceStatisticsTest {

    @Test
    void rateAndInterval() {
        AcceptanceStatistics s = AcceptanceStatistics.of(1000, 7, false);
        assertEquals(0.007, s.rate());
        assertEquals(ClopperPearson.interval95(7, 1000), s.ci95());
        assertFalse(s.censored());
    }

    @Test
    void nothingAcceptedGivesTheUpperBound() {
        AcceptanceStatistics s = AcceptanceStatistics.of(1_000_000_000L, 0, true);
        assertEquals(0.0, s.rate());
        assertEquals(0.0, s.ci95().low());
        // 1 - 0.025^(1e-9), about 3.69/n; mpmath (50 digits): 1 - mpf('0.025')**(mpf(10)**-9)
        assertEquals(3.6888794473100207e-09, s.ci95().high(), 1e-21);
        assertTrue(s.censored());
    }

    @Test
    void noAttempts() {
        AcceptanceStatistics s = AcceptanceStatistics.of(0, 0, true);
        assertTrue(Double.isNaN(s.rate()));
        assertEquals(new Interval(0, 1), s.ci95());
    }

    @Test
    void validatesArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AcceptanceStatistics.of(-1, 0, false));
        assertEquals("attempts must be non-negative, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AcceptanceStatistics.of(5, 6, false));
        assertEquals("accepted must be between 0 and attempts (5), got 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Interval(0.5, 0.4));
        assertEquals("interval low end must not exceed high end, got [0.5, 0.4]", e.getMessage());
    }
}
