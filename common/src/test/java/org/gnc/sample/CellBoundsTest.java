package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.gnc.data.CellData;
import org.gnc.data.DataLoader;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.stats.ClopperPearson;
import org.gnc.theory.Bounds;
import org.gnc.theory.PacBayesBound;
import org.junit.jupiter.api.Test;

/** The bounds of sampled and exact cells, and p* against Guess &amp; Check's measured acceptance. */
class CellBoundsTest {
    static SweepSpec sweep(String grid, String extra) {
        return SweepSpecParser.parseText("""
                sweep { name = b, seed = 11 }
                data { kind = teacher-student, dim = 3, train-size = 6, test-size = 200, seed = 1
                       teacher { widths = [1], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 300, max-candidates = 400000 }
                grid { %s }
                %s
                """.formatted(grid, extra), Path.of("."), "bounds.conf");
    }

    @Test
    void measuredAcceptanceIsNeverBelowPStar() {
        // 4 data seeds x students [1], [2], [3] hidden units (teacher [1]) x training sets of 2 and 6 points.
        // Fixed seeds; the check is the upper end of the two-sided Clopper-Pearson interval at 1 - 1e-4.
        SweepSpec spec = sweep("\"data.seed\" = [1, 2, 3, 4], \"student.widths\" = [[1], [2], [3]], "
                + "\"data.train-size\" = [2, 6]", "");
        int applicable = 0;
        for (CellSpec cell : spec.cells()) {
            CellData data = DataLoader.load(cell.data());
            CellSampler sampler = new CellSampler(cell, spec.seed(), data);
            CellResult r = sampler.run(1 << 14);
            Bounds b = CellBounds.sampled(cell, data, r.acceptance(), 0.05);
            if (Double.isNaN(b.logPStar())) {
                continue;
            }
            applicable++;
            double high = ClopperPearson.interval(r.tally().accepted(), r.tally().attempts(), 1 - 1e-4).high();
            assertTrue(high >= Math.exp(b.logPStar()), cell.axisLabel() + ": acceptance CI high " + high
                    + " < p* = " + Math.exp(b.logPStar()));
            assertEquals(PacBayesBound.sampled(r.tally().accepted(), r.tally().attempts(), 0, data.train().size(),
                    0.05), b.pacBayesBound(), 0);
            assertTrue(b.pStarEpsilon() > 0 && b.pStarEpsilon() < 1);
        }
        assertTrue(applicable >= 16, "p* applied to only " + applicable + " cells");
    }

    @Test
    void exactCellsUseTheExactAcceptanceAndMatchTheSampler() {
        SweepSpec spec = sweep("", "bounds.delta = 0.1");
        CellSpec cell = spec.cells().get(0);
        CellData data = DataLoader.load(cell.data());
        ExactPosterior e = new ExhaustiveEnumerator(cell.student().architecture(3), cell.student().prior(),
                data.train(), data.test(), 0).enumerate();
        Bounds b = CellBounds.exact(cell, data, e, spec.bounds().delta());
        assertEquals(0.1, b.delta());
        assertEquals(-Math.expm1(-(Math.log((double) e.configurations() / e.interpolators())
                + Math.log(2 * Math.sqrt(6) / 0.1)) / 6), b.pacBayesBound(), 1e-12);
        assertTrue(e.acceptanceProbability() >= Math.exp(b.logPStar()));
    }

    @Test
    void maxTrainErrorsKeepsPStarButDropsTheCurve() {
        SweepSpec spec = sweep("", "accept.max-train-errors = 1");
        CellSpec cell = spec.cells().get(0);
        CellData data = DataLoader.load(cell.data());
        Bounds b = CellBounds.sampled(cell, data, org.gnc.stats.AcceptanceStatistics.of(1000, 100, false), 0.05);
        assertFalse(Double.isNaN(b.logPStar()));
        assertTrue(Double.isNaN(b.pStarEpsilon()));
        assertEquals(PacBayesBound.sampled(100, 1000, 1, 6, 0.05), b.pacBayesBound(), 0);
        assertTrue(Double.isNaN(CellBounds.sampled(cell, data, org.gnc.stats.AcceptanceStatistics.of(0, 0, true),
                0.05).pacBayesBound()));
    }

    @Test
    void estimatedCellsPutTheEstimateInTheFormulaWithTheWholeDelta() {
        SweepSpec spec = sweep("", "bounds.delta = 0.1");
        CellSpec cell = spec.cells().get(0);
        CellData data = DataLoader.load(cell.data());
        CellBounds cb = CellBounds.of(cell, data, 0.1);
        Bounds b = cb.estimated(-20);
        assertEquals(PacBayesBound.bound(20, 0, 6, 0.1), b.pacBayesBound(), 0);
        // m = 0: 1 - exp(-(ln(1/p) + ln(2 sqrt(n)/delta)) / n), the same formula exact cells use.
        assertEquals(-Math.expm1(-(20 + Math.log(2 * Math.sqrt(6) / 0.1)) / 6), b.pacBayesBound(), 1e-12);
        assertEquals(cb.logPStar(), b.logPStar());
        assertEquals(cb.pStarEpsilon(), b.pStarEpsilon());
        assertEquals(1.0, cb.estimated(Double.NEGATIVE_INFINITY).pacBayesBound());
        assertTrue(Double.isNaN(cb.estimated(Double.NaN).pacBayesBound()));
        // The same p gives the same figure as an exact cell of that p.
        assertEquals(PacBayesBound.exact(1, 1000, 0, 6, 0.1), cb.estimated(-Math.log(1000)).pacBayesBound(), 1e-15);
    }
}
