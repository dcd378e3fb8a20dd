package org.gnc.continual;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpec.InputKind;

/** Seeded task families and hand-made instances shared by the continual tests. */
final class Instances {
    static final double TOL = 1e-12;
    static final long SWEEPS = 10_000_000;

    private Instances() {
    }

    static TaskFamily subspaces(int tasks, int dim, int size, int r, long seed, int replicate) {
        return TaskGenerator.generate(new ContinualSpec.Tasks.Generated(tasks, dim, size, InputKind.SUBSPACE, r),
                seed, replicate);
    }

    static TaskFamily covariances(int tasks, int dim, int size, long seed, int replicate) {
        return TaskGenerator.generate(new ContinualSpec.Tasks.Generated(tasks, dim, size, InputKind.COVARIANCE, 0),
                seed, replicate);
    }

    /**
     * Two one-example tasks in R^2: task 0 is x = (1, 0), y = +1 (w1 >= 1); task 1 is x = (0.5, 1),
     * y = +1 (w1/2 + w2 >= 1, i.e. w1 + 2 w2 >= 2). w* = (1, 0.5); SMM in the order 0, 1 stops at
     * (1.2, 0.4), in the order 1, 0 at (1, 0.8).
     */
    static TaskFamily twoLines() {
        return new TaskFamily(List.of(
                new Dataset(2, new double[] {1, 0}, new int[] {1}),
                new Dataset(2, new double[] {0.5, 1}, new int[] {1})));
    }
}
