package org.gnc.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.theory.Bounds;
import org.junit.jupiter.api.Test;

/** A finished baseline cell: acceptance over its runs, test error over those that interpolated, its bounds. */
class BaselineCellResultTest {
    @Test
    void aBaselineResultCountsTheRunsThatInterpolatedAndHasNoPacBayesBound() {
        List<TrainingRun> runs = List.of(
                new TrainingRun(0, new double[0], 5, true, 0, 3, 0.1, 1.5),
                new TrainingRun(1, new double[0], 9, false, 2, 7, 0.4, 2.0),
                new TrainingRun(2, new double[0], 4, true, 0, 1, 0.0, 0.25));
        Bounds teacherOnly = new Bounds(Double.NaN, -4.0, 0.3, 0.05);
        BaselineCellResult r = BaselineCellResult.of(runs, 10, teacherOnly);
        assertEquals(AcceptanceStatistics.of(3, 2, false), r.acceptance());
        assertEquals(0.2, r.testError().mean(), 1e-12);
        assertEquals(3.75, r.seconds(), 0);
        assertEquals(teacherOnly, r.bounds());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BaselineCellResult.of(runs, 10,
                new Bounds(0.5, -4.0, 0.3, 0.05))).getMessage().contains("no PAC-Bayes bound"));
    }
}
