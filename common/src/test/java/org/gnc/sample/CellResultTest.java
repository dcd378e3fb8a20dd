package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.gnc.data.CellData;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.stats.AcceptanceStatistics;
import org.junit.jupiter.api.Test;

/** Finished cell values carry their bounds, made once in the core with the sweep's delta. */
class CellResultTest {
    @Test
    void aSampledResultCarriesTheBoundsOfItsAcceptanceAtTheSweepsDelta() {
        PreparedSweep sweep = PreparedSweep.of(CellBoundsTest.sweep("", "bounds.delta = 0.1"));
        CellSpec cell = sweep.spec().cells().get(0);
        CellSampler sampler = sweep.cells().get(cell.id());
        CellResult r = sampler.run(1 << 14);
        assertEquals(CellBounds.sampled(cell, sampler.data(), r.acceptance(), 0.1), r.bounds());
        assertEquals(0.1, r.bounds().delta());
        assertFalse(Double.isNaN(r.bounds().logPStar()));
        assertEquals(CellBounds.of(cell, sampler.data(), 0.1), sampler.bounds());
    }

    @Test
    void aSamplerMadeWithoutBoundsSettingsUsesTheDefaultDelta() {
        SweepSpec spec = CellBoundsTest.sweep("", "");
        CellSpec cell = spec.cells().get(0);
        CellData data = PreparedSweep.of(spec).cells().get(cell.id()).data();
        assertEquals(0.05, new CellSampler(cell, spec.seed(), data).bounds().delta());
    }

    @Test
    void anExactResultCarriesTheExactBoundsAndThePointInterval() {
        SweepSpec spec = CellBoundsTest.sweep("", "");
        CellSpec cell = spec.cells().get(0);
        CellData data = PreparedSweep.of(spec).cells().get(cell.id()).data();
        ExactPosterior e = new ExhaustiveEnumerator(cell.student().architecture(3), cell.student().prior(),
                data.train(), data.test(), 0).enumerate();
        ExactCellResult r = ExactCellResult.of(e, CellBounds.of(cell, data, 0.05));
        assertEquals(CellBounds.exact(cell, data, e, 0.05), r.bounds());
        assertEquals(AcceptanceStatistics.of(e.configurations(), e.interpolators(), false), r.acceptance());
        assertEquals(e.acceptanceProbability(), r.exactInterval().low(), 0);
        assertEquals(e.acceptanceProbability(), r.exactInterval().high(), 0);
        assertEquals(e.testError(), r.testError());
    }
}
