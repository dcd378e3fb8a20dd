package org.gnc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;

/** Small seeded datasets and networks for sampler tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** n Gaussian points of dimension dim with labels from a fixed random teacher of the given architecture. */
    public static Dataset teacherData(long seed, int n, int dim) {
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
    public static Dataset randomLabels(long seed, int n, int dim) {
        CounterRng rng = CounterRng.of(seed, "fixture-labels");
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            y[p] = rng.word(p) < 0 ? -1 : 1;
        }
        return new Dataset(dim, gaussian(seed, n * dim), y);
    }

    public static double[] gaussian(long seed, int count) {
        CounterRng rng = CounterRng.of(seed, "fixture-inputs");
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = CounterRng.standardNormal(rng.word(i));
        }
        return x;
    }

    /**
     * Inputs with awkward magnitudes for exactness tests: "integer" (values in -2..2), "mixed" (1e16 beside
     * small values), "large" (1e250 entries) and "huge" (1e307 entries), with random labels.
     */
    public static Dataset special(String kind, int n, int dim) {
        CounterRng rng = CounterRng.of(17, "special-" + kind);
        double[] mixed = {1e16, -1e16, 1, -1, 0.5, -0.5, 3, -3};
        double[] x = new double[n * dim];
        for (int i = 0; i < x.length; i++) {
            long u = rng.word(i);
            x[i] = kind.equals("integer") || kind.equals("large")
                    ? (int) Long.remainderUnsigned(u, 5) - 2 : mixed[(int) (u >>> 61)];
        }
        if (kind.equals("large")) {
            for (int p = 0; p < n; p += 2) {
                x[p * dim + p % dim] = rng.word(2_000_000 + p) < 0 ? -1e250 : 1e250;
            }
        }
        if (kind.equals("huge")) {
            for (int p = 0; p < n; p += 2) {
                x[p * dim + p % dim] = rng.word(2_000_000 + p) < 0 ? -1e307 : 1e307;
            }
        }
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            y[p] = rng.word(1_000_000 + p) < 0 ? -1 : 1;
        }
        return new Dataset(dim, x, y);
    }

    /**
     * Scans [0, count) again with {@code filter} (its point order already adapted) in pieces of
     * {@code piece} candidates and asserts that together they accept exactly {@code reference}'s indices
     * with its error counts.
     */
    public static void assertScansInPieces(Acceptances reference, InterpolatorFilter filter, int count, int piece) {
        long[] idx = reference.indices();
        int[] errors = reference.trainErrors();
        int at = 0;
        for (int start = 0; start < count; start += piece) {
            Acceptances part = filter.scan(start, Math.min(piece, count - start));
            for (int a = 0; a < part.count(); a++, at++) {
                assertEquals(idx[at], part.indices()[a]);
                assertEquals(errors[at], part.trainErrors()[a]);
            }
        }
        assertEquals(idx.length, at);
    }

    /** Runs {@code scan} on two threads at once (for filters sharing one layout) and returns both results. */
    public static List<Acceptances> onTwoThreads(Callable<Acceptances> scan) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Acceptances> results = new ArrayList<>();
            for (Future<Acceptances> run : pool.invokeAll(List.of(scan, scan))) {
                results.add(run.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
