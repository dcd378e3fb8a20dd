package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gnc.data.CellData;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.gnc.sample.CellResult;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

/**
 * SMC against Guess &amp; Check where rejection can still measure: a narrow teacher (d = 8, width 1) and a
 * ternary width-4 student on nested prefixes n = 16, 32, 48, 64 of one training set, across the n where
 * the teacher-equivalent networks take over the posterior (issue 15 measured it between 32 and 48: test
 * error 0.26, 0.09, 0.001, 0). At each n the two estimates of ln p and of the mean test error must agree
 * within their combined intervals.
 */
class SmcAgreesWithRejectionTest {

    static final String SPEC = """
            sweep   { name = transition, seed = 3 }
            data    { kind = teacher-student, input = gaussian, dim = 8, train-size = 64, test-size = 2000, seed = 11
                      teacher { widths = [1], prior { kind = levels, levels = [-1, 0, 1] } } }
            student { widths = [4], prior { kind = levels, levels = [-1, 0, 1] } }
            budget  { target-accepted = 400, max-candidates = 400000000, max-seconds = 120 }
            """;

    @Test
    void smcAndRejectionAgreeAcrossTheTransition() {
        SweepSpec spec = SweepSpecParser.parseText(SPEC, Path.of("."), "transition");
        PreparedSweep sweep = PreparedSweep.of(spec);
        CellSpec cell = spec.cells().get(0);
        CellData data = sweep.cells().get(cell.id()).data();
        Architecture arch = cell.student().architecture(data.train().dim());
        HeldOutScorer scorer = new HeldOutScorer(arch, data.test());
        TemperedSmc.Settings settings = new TemperedSmc.Settings(300, 2, 0.9, 10_000);
        List<String> report = new ArrayList<>();
        boolean ok = true;
        for (int n : new int[] {16, 32, 48, 64}) {
            CellData prefix = new CellData(data.train().head(n), data.test(), data.teacherRedraws());
            CellSampler sampler = new CellSampler(cell, spec.seed(), prefix);
            CellResult rejection = sampler.run(sampler.defaultShardSize());
            double logRate = Math.log(rejection.acceptance().rate());
            double rejHalf = Math.max(Math.log(rejection.acceptance().ci95().high()) - logRate,
                    logRate - Math.log(rejection.acceptance().ci95().low()));
            GibbsLayout layout = new GibbsLayout(arch, cell.student().prior(), data.train(), n, 0);
            TemperedSmc smc = new TemperedSmc(layout, cell.student().prior(), settings);
            List<ReplicateRun> runs = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                runs.add(smc.run(CounterRng.of(spec.seed(), "transition-test", n, r), r, scorer, data.test().size()));
            }
            CheckpointEstimate e = CheckpointEstimate.combine(n, runs, data.test().size());
            double smcHalf = Math.max(e.logCiHigh() - e.logAcceptance(), e.logAcceptance() - e.logCiLow());
            double logTolerance = Math.hypot(rejHalf, smcHalf);
            double errTolerance = 4 * Math.hypot(rejection.testError().se(), e.testError().se()) + 0.005;
            boolean agree = Math.abs(e.logAcceptance() - logRate) <= logTolerance
                    && Math.abs(e.testError().mean() - rejection.testError().mean()) <= errTolerance;
            ok &= agree;
            report.add(String.format("n=%d rejection ln p %.3f (+-%.3f, %d accepted) err %.4f; smc ln p %.3f (+-%.3f) err %.4f%s",
                    n, logRate, rejHalf, rejection.acceptance().accepted(), rejection.testError().mean(),
                    e.logAcceptance(), smcHalf, e.testError().mean(), agree ? "" : "  DISAGREE"));
        }
        String text = String.join("\n", report);
        System.out.println(text);
        assertTrue(ok, text);
    }
}
