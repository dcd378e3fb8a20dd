package org.gnc.continual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gnc.spec.ContinualSpec.OrderingKind;
import org.junit.jupiter.api.Test;

/** The theory of SMM (Evron et al. 2023) as checks on seeded instances. */
class SmmTheoryTest {

    private static SequentialMaxMargin.Run smm(TaskFamily f, int[] tau, double[] wStar) {
        return SequentialMaxMargin.run(f, tau, wStar, Instances.TOL, Instances.SWEEPS, true);
    }

    private static double[] scaled(double[] w, double s) {
        return DualProjectionTest.scaled(w, s);
    }

    @Test
    void distanceToEveryJointlyFeasiblePointNeverIncreases() {
        for (int rep = 0; rep < 4; rep++) {
            TaskFamily f = Instances.subspaces(4, 10, 6, 3, 21, rep);
            double[] wStar = SequentialMaxMargin.offlineOptimum(f, Instances.TOL, Instances.SWEEPS).w();
            double[] limit = smm(f, Orderings.sequence(OrderingKind.CYCLIC, 4, 400, 0, 0, List.of()), wStar).last();
            List<double[]> feasible = List.of(wStar, scaled(wStar, 1.5), scaled(wStar, 4), scaled(limit, 1.1),
                    mid(scaled(limit, 1.1), scaled(wStar, 2)));
            for (double[] z : feasible) {
                for (int m = 0; m < f.count(); m++) {
                    assertTrue(SequentialMaxMargin.violation(f.constraints(m), z, f.dim()) <= 1e-9, "z is feasible");
                }
            }
            int[] tau = Orderings.sequence(OrderingKind.RANDOM, 4, 80, 77, rep, List.of());
            SequentialMaxMargin.Run run = smm(f, tau, wStar);
            for (double[] z : feasible) {
                double before = DualProjectionTest.norm(z); // w_0 = 0
                for (double[] w : run.iterates()) {
                    double now = SequentialMaxMargin.distance(w, z);
                    assertTrue(now <= before + 1e-9 * (1 + before), "Fejer: " + now + " > " + before);
                    before = now;
                }
            }
        }
    }

    @Test
    void underCyclicOrderingForgettingVanishesAndIteratesConvergeIntoTheIntersection() {
        for (int rep = 0; rep < 4; rep++) {
            int tasks = 3;
            TaskFamily f = Instances.subspaces(tasks, 10, 8, 4, 31, rep);
            double[] wStar = SequentialMaxMargin.offlineOptimum(f, Instances.TOL, Instances.SWEEPS).w();
            int steps = 600;
            SequentialMaxMargin.Run run = smm(f, Orderings.sequence(OrderingKind.CYCLIC, tasks, steps, 0, 0, List.of()),
                    wStar);
            double early = 0;
            for (int s = 1; s < 2 * tasks; s++) {
                early = Math.max(early, run.steps().get(s).forgetting());
            }
            assertTrue(early > 1e-3, "the instance forgets at first: " + early);
            StepRecord last = run.steps().get(steps - 1);
            assertTrue(last.forgetting() < 1e-12, "forgetting " + last.forgetting());
            assertTrue(last.maxViolationSeen() <= 1e-6, "in the intersection: " + last.maxViolationSeen());
            assertEquals(0.0, last.meanSeenTrainError());
            double[] wk = run.iterates().get(steps - 1);
            double[] wkMinusEpoch = run.iterates().get(steps - 1 - tasks);
            assertTrue(SequentialMaxMargin.distance(wk, wkMinusEpoch) <= 1e-9, "iterates converge");
            assertTrue(last.norm() >= DualProjectionTest.norm(wStar) - 1e-9, "w* has the least norm in C");
        }
    }

    @Test
    void theSmmLimitIsNotTheOfflineMaxMarginSolution() {
        TaskFamily f = Instances.twoLines();
        double[] wStar = SequentialMaxMargin.offlineOptimum(f, Instances.TOL, Instances.SWEEPS).w();
        assertArrayEquals(new double[] {1, 0.5}, wStar, 1e-9);
        SequentialMaxMargin.Run forward = smm(f, new int[] {0, 1, 0, 1}, wStar);
        assertArrayEquals(new double[] {1.2, 0.4}, forward.last(), 1e-9);
        assertEquals(Math.sqrt(0.05), forward.steps().get(3).distanceToOptimum(), 1e-9);
        SequentialMaxMargin.Run backward = smm(f, new int[] {1, 0, 1, 0}, wStar);
        assertArrayEquals(new double[] {1, 0.8}, backward.last(), 1e-9);
        assertEquals(0.3, backward.steps().get(3).distanceToOptimum(), 1e-9);
        assertEquals(0.0, forward.steps().get(3).forgetting());

        // and on a seeded generated family
        TaskFamily g = Instances.subspaces(3, 10, 8, 4, 31, 0);
        double[] gStar = SequentialMaxMargin.offlineOptimum(g, Instances.TOL, Instances.SWEEPS).w();
        SequentialMaxMargin.Run run = smm(g, Orderings.sequence(OrderingKind.CYCLIC, 3, 600, 0, 0, List.of()), gStar);
        StepRecord last = run.steps().get(599);
        double gap = last.distanceToOptimum();
        System.out.printf("gap instance (subspaces T=3 d=10 n=8 r=4 seed 31 rep 0, cyclic, 600 steps): ||w*|| = %.6f,"
                + " ||w_600|| = %.6f, ||w_600 - w*|| = %.6f, forgetting %.2e%n", DualProjectionTest.norm(gStar),
                last.norm(), gap, last.forgetting());
        assertTrue(gap > 1e-2 * DualProjectionTest.norm(gStar), "gap " + gap);
    }

    @Test
    void weakRegularizationApproachesSmm() {
        TaskFamily f = Instances.subspaces(2, 5, 4, 3, 41, 0);
        int[] tau = {0, 1, 0};
        double[] wStar = SequentialMaxMargin.offlineOptimum(f, Instances.TOL, Instances.SWEEPS).w();
        double[] smm = smm(f, tau, wStar).last();
        double[] lambdas = {1e-1, 1e-2, 1e-4, 1e-8, 1e-12, 1e-16};
        List<Double> distances = new ArrayList<>();
        StringBuilder table = new StringBuilder("| lambda | ||w_3(lambda)/ln(1/lambda) - w_3^SMM|| | angle to w_3^SMM (rad) |\n");
        for (double lambda : lambdas) {
            double[] w = RegularizedLogistic.run(f, tau, lambda, 1e-6, 500);
            double dist = SequentialMaxMargin.distance(RegularizedLogistic.normalized(w, lambda), smm);
            double cos = SequentialMaxMargin.dot(w, smm) / DualProjectionTest.norm(w) / DualProjectionTest.norm(smm);
            distances.add(dist);
            table.append(String.format("| %.0e | %.4f | %.4f |%n", lambda, dist, Math.acos(Math.min(1, cos))));
        }
        System.out.print("||w_3^SMM|| = " + DualProjectionTest.norm(smm) + "\n" + table);
        for (int i = 1; i < distances.size(); i++) {
            assertTrue(distances.get(i) < distances.get(i - 1), "distance shrinks with lambda: " + distances);
        }
        assertTrue(distances.get(distances.size() - 1) < distances.get(0) / 2, distances.toString());
    }

    private static double[] mid(double[] a, double[] b) {
        double[] o = a.clone();
        for (int j = 0; j < o.length; j++) {
            o[j] = (a[j] + b[j]) / 2;
        }
        return o;
    }
}
