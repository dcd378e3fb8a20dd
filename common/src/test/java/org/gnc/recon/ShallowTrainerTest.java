package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.rng.CounterRng;
import org.gnc.spec.ReconstructSpec;
import org.junit.jupiter.api.Test;

/** Full-batch training of the shallow network and its KKT report on a small separable problem. */
class ShallowTrainerTest {
    static final int D = 5;
    static final int M = 12;

    /** M points in dimension D labelled by the sign of their first coordinate (kept away from 0). */
    static double[] points() {
        CounterRng rng = CounterRng.of(7, "trainer-test");
        double[] x = new double[M * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = org.gnc.stats.NormalQuantile.of(CounterRng.openUnitInterval(rng.word(i)));
        }
        for (int i = 0; i < M; i++) {
            x[i * D] = (i < M / 2 ? -1 : 1) * (0.5 + Math.abs(x[i * D]));
        }
        return x;
    }

    static int[] labels() {
        int[] y = new int[M];
        for (int i = 0; i < M; i++) {
            y[i] = i < M / 2 ? -1 : 1;
        }
        return y;
    }

    @Test
    void trainingReachesTheThresholdAndTheReportIsConsistent() {
        ShallowNet init = ShallowNet.gaussian(D, 20, 0.1, CounterRng.of(1, "init"));
        double[] x = points();
        ShallowTrainer.Trained t = ShallowTrainer.train(init, x, labels(),
                new ReconstructSpec.Train(5000, 1.0, new double[] {0}, 1e-2), 0);
        assertTrue(t.finite());
        assertTrue(t.loss() < 1e-2, "loss " + t.loss());
        assertTrue(t.epochs() < 5000);
        assertEquals(t.loss(), ShallowTrainer.loss(t.net(), x, labels()), 1e-12);
        KktCheck.Report r = KktCheck.report(t.net(), x, labels());
        assertTrue(r.minNormalizedMargin() > 0);
        double norm = t.net().norm();
        double minMargin = Double.POSITIVE_INFINITY;
        for (double m : r.margins()) {
            minMargin = Math.min(minMargin, m);
        }
        assertEquals(minMargin / (norm * norm), r.minNormalizedMargin(), 1e-12);
        assertTrue(r.kktResidual() >= 0 && r.kktResidual() < 1, "residual " + r.kktResidual());
        for (double l : r.lambdas()) {
            assertTrue(l >= 0);
        }
        // lambda = 0 is feasible, so the residual is never above 1; a trained net is well inside
        KktCheck.Report untrained = KktCheck.report(init, x, labels());
        assertTrue(untrained.kktResidual() <= 1 + 1e-12);
        assertTrue(r.kinkFraction() >= 0 && r.kinkFraction() < 0.5);
    }

    @Test
    void weightDecayShrinksTheWeights() {
        ShallowNet init = ShallowNet.gaussian(D, 20, 0.1, CounterRng.of(1, "init"));
        ReconstructSpec.Train spec = new ReconstructSpec.Train(300, 0.5, new double[] {0, 0.05}, 0);
        ShallowTrainer.Trained plain = ShallowTrainer.train(init, points(), labels(), spec, 0);
        ShallowTrainer.Trained decayed = ShallowTrainer.train(init, points(), labels(), spec, 0.05);
        assertEquals(300, plain.epochs());
        assertTrue(decayed.net().norm() < plain.net().norm());
    }
}
