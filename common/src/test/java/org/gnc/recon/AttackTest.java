package org.gnc.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gnc.rng.CounterRng;
import org.gnc.spec.ReconstructSpec;
import org.junit.jupiter.api.Test;

/** Restarts: the loss goes down, a huge step diverges, the abort rule stops a far-off restart. */
class AttackTest {
    private static ReconstructSpec.Attack spec(int iterations, double abortScore) {
        ReconstructSpec.Range r = new ReconstructSpec.Range(0.1, 0.1, false);
        return new ReconstructSpec.Attack(2, iterations, 0.9, -5, 5, false, r, r, r, r, r, 20, 10, abortScore, false);
    }

    @Test
    void aRestartLowersTheLossAndADivergingOneIsRecorded() {
        ReluNet init = ReluNet.gaussian(ReluNetTrainerTest.D, 20, 1, 1, 0.1, CounterRng.of(1, "init"));
        double[] x = ReluNetTrainerTest.points();
        int[] y = ReluNetTrainerTest.labels();
        ReluNet net = ReluNetTrainer.train(init, x, y, new ReconstructSpec.Train(2000, 1.0, new double[] {0}, 1e-2),
                0).net();
        Attack.Hyper h = new Attack.Hyper(0.1, 1e-2, 1e-2, 0.05, 20);
        assertLowersTheLoss(net, x, y, 300);
        Attack.Result diverged = Attack.run(net, x, y, spec(300, 1e9), new Attack.Hyper(0.1, 1e6, 1e6, 0.05, 20),
                CounterRng.of(1, "r"));
        assertEquals(Attack.DIVERGED, diverged.status());
        Attack.Result aborted = Attack.run(net, x, y, spec(300, 1e-9), h, CounterRng.of(1, "r"));
        assertEquals(Attack.ABORTED, aborted.status());
        assertEquals(21, aborted.iterations());
    }

    @Test
    void aMulticlassDepthTwoRestartLowersTheLossWithTwoCandidatesPerTrainingImage() {
        double[] x = ReluNetTrainerTest.points();
        int[] y = new int[ReluNetTrainerTest.M];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2},
                Attack.candidateLabels(y));
        assertArrayEquals(new int[] {-1, -1, -1, -1, 1, 1, 1, 1}, Attack.candidateLabels(new int[] {1, -1, 1, -1}));
        ReluNet init = ReluNet.gaussian(ReluNetTrainerTest.D, 12, 2, 3, 0.3, CounterRng.of(1, "init"));
        ReluNet net = ReluNetTrainer.train(init, x, y, new ReconstructSpec.Train(300, 0.2, new double[] {0}, 1e-2),
                0).net();
        assertLowersTheLoss(net, x, y, 200);
    }

    /**
     * The stop check runs before every training epoch and every attack iteration, and what it throws ends
     * the loop there: a check that throws on its fifth call stops both after four steps (the Spark job's
     * check throws once its task is cancelled).
     */
    @Test
    void aStopCheckThatThrowsEndsTrainingAndTheRestartBeforeTheirNextStep() {
        double[] x = ReluNetTrainerTest.points();
        int[] y = ReluNetTrainerTest.labels();
        ReluNet init = ReluNet.gaussian(ReluNetTrainerTest.D, 20, 1, 1, 0.1, CounterRng.of(1, "init"));
        ReconstructSpec.Train train = new ReconstructSpec.Train(2000, 1.0, new double[] {0}, 1e-2);
        int[] calls = {0};
        Runnable stopAtFive = () -> {
            if (++calls[0] == 5) {
                throw new java.util.concurrent.CancellationException("stop");
            }
        };
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> ReluNetTrainer.train(init, x, y, train, 0, stopAtFive));
        assertEquals(5, calls[0]);
        ReluNet net = ReluNetTrainer.train(init, x, y, train, 0).net();
        calls[0] = 0;
        assertThrows(java.util.concurrent.CancellationException.class, () -> Attack.run(net, x, y, spec(300, 1e9),
                new Attack.Hyper(0.1, 1e-2, 1e-2, 0.05, 20), CounterRng.of(1, "r"), stopAtFive));
        assertEquals(5, calls[0]);
        int[] counted = {0};
        assertEquals(300, Attack.run(net, x, y, spec(300, 1e9), new Attack.Hyper(0.1, 1e-2, 1e-2, 0.05, 20),
                CounterRng.of(1, "r"), () -> counted[0]++).iterations());
        assertEquals(300, counted[0], "one check per iteration");
    }

    /** A restart of {@code iterations} completes them, below one of a single iteration, with 2m candidates. */
    private static void assertLowersTheLoss(ReluNet net, double[] x, int[] y, int iterations) {
        Attack.Hyper h = new Attack.Hyper(0.1, 1e-2, 1e-2, 0.05, 20);
        Attack.Result short_ = Attack.run(net, x, y, spec(1, 1e9), h, CounterRng.of(1, "r"));
        Attack.Result longer = Attack.run(net, x, y, spec(iterations, 1e9), h, CounterRng.of(1, "r"));
        assertEquals(Attack.COMPLETED, longer.status());
        assertEquals(iterations, longer.iterations());
        assertTrue(longer.loss() < short_.loss(), longer.loss() + " vs " + short_.loss());
        assertTrue(Double.isFinite(longer.lossAtTruth()) && longer.lossAtTruth() >= 0);
        assertEquals(2 * x.length, longer.x().length);
    }

    /**
     * The multipliers start in [0, 1) in the kkt variant and in [-1, 1) in the general one (lambda of
     * either sign), seen with a lambda learning rate of 0.
     */
    @Test
    void theGeneralVariantsMultipliersStartWithEitherSign() {
        ReluNet net = ReluNet.gaussian(ReluNetTrainerTest.D, 20, 1, 1, 0.1, CounterRng.of(1, "init"));
        double[] x = ReluNetTrainerTest.points();
        int[] y = ReluNetTrainerTest.labels();
        ReconstructSpec.Range r = new ReconstructSpec.Range(0.1, 0.1, false);
        for (boolean signed : new boolean[] {false, true}) {
            ReconstructSpec.Attack s = new ReconstructSpec.Attack(1, 1, 0.9, -5, 5, signed, r, r, r, r, r, 20, 10,
                    1e9, false);
            double[] lambda = Attack.run(net, x, y, s, new Attack.Hyper(0.1, 1e-2, 0, 0.05, 20),
                    CounterRng.of(1, "r")).lambda();
            int negative = 0;
            for (double l : lambda) {
                assertTrue(l >= (signed ? -1 : 0) && l < 1, "lambda " + l);
                negative += l < 0 ? 1 : 0;
            }
            assertTrue(signed ? negative >= 6 && negative <= 18 : negative == 0, negative + " negative");
        }
    }

    @Test
    void hyperparametersComeFromTheRangesAndTheSeed() {
        ReconstructSpec.Attack s = new ReconstructSpec.Attack(1, 1, 0.9, -1, 1, false,
                new ReconstructSpec.Range(1e-6, 0.1, true), new ReconstructSpec.Range(1e-5, 1, true),
                new ReconstructSpec.Range(1e-4, 1e-4, true), new ReconstructSpec.Range(0.01, 0.5, false),
                new ReconstructSpec.Range(10, 500, false), 0, 1, 1, false);
        Attack.Hyper a = Attack.Hyper.draw(s, CounterRng.of(1, "h", 0));
        assertEquals(a, Attack.Hyper.draw(s, CounterRng.of(1, "h", 0)));
        assertTrue(!a.equals(Attack.Hyper.draw(s, CounterRng.of(1, "h", 1))));
        assertEquals(1e-4, a.learningRateLambda(), 1e-18);
        assertTrue(a.alpha() >= 10 && a.alpha() <= 500 && a.initScale() >= 1e-6 && a.initScale() <= 0.1);
    }
}
