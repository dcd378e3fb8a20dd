package org.gnc.sample;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.stats.NormalQuantile;

/** Small seeded datasets and networks for sampler tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** n Gaussian points of dimension dim with labels from a fixed random teacher of the given architecture. */
    static Dataset teacherData(long seed, int n, int dim) {
        double[] x = gaussian(seed, n * dim);
        Architecture teacher = new Architecture(dim, List.of(2), Activation.RELU, false, false);
        double[] w = new CandidateWeights(teacher, new Prior.Levels(new double[] {-1, 0, 1}),
                CounterRng.of(seed, "fixture-teacher")).weights(1);
        int[] y = new int[n];
        double[] scratch = teacher.newScratch();
        for (int p = 0; p < n; p++) {
            y[p] = Architecture.label(teacher.output(w, 0, x, p * dim, scratch));
        }
        return new Dataset(dim, x, y);
    }

    /** n Gaussian points with independent fair random labels. */
    static Dataset randomLabels(long seed, int n, int dim) {
        CounterRng rng = CounterRng.of(seed, "fixture-labels");
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            y[p] = rng.word(p) < 0 ? -1 : 1;
        }
        return new Dataset(dim, gaussian(seed, n * dim), y);
    }

    static double[] gaussian(long seed, int count) {
        CounterRng rng = CounterRng.of(seed, "fixture-inputs");
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = NormalQuantile.of(CounterRng.openUnitInterval(rng.word(i)));
        }
        return x;
    }
}
