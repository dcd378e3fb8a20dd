package org.gnc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.NormalBrackets;
import org.gnc.model.Prior;
import org.gnc.model.ProjectedGaussian;
import org.gnc.rng.CounterRng;
import org.gnc.sample.Filters;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardResult;
import org.gnc.sample.ShardSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The projected encoding and its filter: (1) the filter accepts exactly the indices and error counts
 * of {@link ReferenceFilter} (the completed weights through the plain forward pass) on the same
 * candidates, with its rounding bound as proven and with the bound inflated so that the fallback
 * decides many points; (2) the completed rows reproduce Z: W_j X^T = z_j within the proven bound;
 * (3) the law: completed weights are N(0, s^2 I_d), and the test-error distribution of accepted
 * networks matches the direct encoding's (dense path) by a two-sample KS test.
 */
class ProjectedGaussianFilterTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("[4] d=12 n=6", 4, 12, 6, false, 0, 1.0, 6_000),
                Arguments.of("[5] d=9 n=7 output bias, 1 error", 5, 9, 7, true, 1, 0.5, 6_000),
                Arguments.of("[16] d=40 n=8 teacher data", 16, 40, 8, false, 0, 1.0, 20_000),
                Arguments.of("[8] d=20 n=8 clustered (ill-conditioned, pivoted)", 8, 20, 8, false, 0, 1.0, 20_000),
                Arguments.of("[3] d=5 n=5 (n = d)", 3, 5, 5, true, 0, 2.0, 20_000));
    }

    private static CandidateWeights projected(Architecture arch, Prior prior, Dataset train, long cell) {
        CandidateWeights c = CandidateWeights.forCell(arch, prior, 13, cell, train.features(), train.size());
        assertNotNull(c.projected(), "the cell must get the projected encoding");
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsExactlyWhatTheReferenceAcceptsOnTheCompletedWeights(String name, int hidden, int d, int n,
            boolean outputBias, int maxErrors, double std, int count) {
        Architecture arch = new Architecture(d, List.of(hidden), Activation.RELU, false, outputBias);
        Dataset train = name.contains("teacher") ? Fixtures.teacherData(name.hashCode(), n, d)
                : name.contains("clustered") ? clustered(name.hashCode(), n, d, 0.05)
                : Fixtures.randomLabels(name.hashCode(), n, d);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(std), train, name.hashCode());

        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, count);
        assertTrue(reference.count() > 30, "moderate acceptance needed: " + reference.count());
        assertTrue(reference.count() < count / 2, "most candidates must be rejected: " + reference.count());

        ProjectedGaussianFilter fast = new ProjectedGaussianFilter(candidates, train, maxErrors);
        assertEquals(reference, fast.scan(0, count));
        // In uneven pieces, the same object.
        int at = 0;
        for (int start = 0; start < count; start += 777) {
            Acceptances piece = fast.scan(start, Math.min(777, count - start));
            for (int k = 0; k < piece.count(); k++, at++) {
                assertEquals(reference.indices()[at], piece.indices()[k]);
                assertEquals(reference.trainErrors()[at], piece.trainErrors()[k]);
            }
        }
        assertEquals(reference.count(), at);
        // A bound inflated 1e13 times sends many decisions to the completed network's forward pass.
        ProjectedGaussianFilter wide = new ProjectedGaussianFilter(candidates, train, maxErrors, 1e13);
        assertEquals(reference, wide.scan(0, count));
        assertTrue(wide.fallbacks() > 100, "the fallback must run: " + wide.fallbacks());
        // Each path on its own: exact normals only, brackets in scalar code, brackets in vectors.
        for (ProjectedGaussianFilter.Path path : ProjectedGaussianFilter.Path.values()) {
            assertEquals(reference, new ProjectedGaussianFilter(candidates, train, maxErrors, 1.0, path).scan(0, count),
                    path.name());
            ProjectedGaussianFilter w = new ProjectedGaussianFilter(candidates, train, maxErrors, 1e13, path);
            assertEquals(reference, w.scan(0, count), path.name() + ", wide bound");
            assertTrue(w.fallbacks() > 100, path + ": the fallback must run: " + w.fallbacks());
        }
        assertTrue(Filters.choose(candidates, train, maxErrors) instanceof ProjectedGaussianFilter);
    }

    /** One layout serves scanners on two threads at once: each accepts exactly what the reference accepts. */
    @Test
    void scannersOnTwoThreadsShareOneLayout() throws Exception {
        Architecture arch = new Architecture(20, List.of(8), Activation.RELU, false, true);
        Dataset train = Fixtures.randomLabels(31, 7, 20);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(1), train, 31);
        int count = 6_000;
        Acceptances reference = new ReferenceFilter(candidates, train, 1).scan(0, count);
        assertTrue(reference.count() > 10, "some acceptances needed: " + reference.count());
        ProjectedGaussianLayout layout = new ProjectedGaussianLayout(candidates, train, 1);
        for (Acceptances scanned : Fixtures.onTwoThreads(() -> new ProjectedGaussianFilter(layout).scan(0, count))) {
            assertEquals(reference, scanned);
        }
    }

    /**
     * Cells where the brackets are often open: coarse brackets (K = 3: buckets of probability 1/8, a
     * quarter of all draws in the two unbounded buckets; K = 5) and the default K = 11, on cells with
     * output bias, several allowed errors, n = d, tiny inputs (10^-9) and inputs of mixed scale. Both bracket
     * paths accept exactly the indices, with the same error counts, as the exact path and the reference
     * on the completed weights.
     */
    static Stream<Arguments> bracketCases() {
        return Stream.of(
                Arguments.of("[16] d=40 n=8 teacher data", 16, 40, 8, false, 0, 1.0, 1.0),
                Arguments.of("[8] d=20 n=10 output bias, 2 errors", 8, 20, 10, true, 2, 0.5, 1.0),
                Arguments.of("[8] d=16 n=16 (n = d), 4 errors", 8, 16, 16, false, 4, 1.0, 1.0),
                Arguments.of("[16] d=30 n=6 tiny inputs, teacher data, 1 error", 16, 30, 6, false, 1, 1.0, 1e-9),
                Arguments.of("[4] d=12 n=6 mixed scales, 1 error", 4, 12, 6, false, 1, 2.0, -1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bracketCases")
    void bracketPathsAcceptExactlyWhatTheExactPathAccepts(String name, int hidden, int d, int n,
            boolean outputBias, int maxErrors, double std, double scale) {
        Architecture arch = new Architecture(d, List.of(hidden), Activation.RELU, false, outputBias);
        Dataset train = name.contains("teacher") ? Fixtures.teacherData(name.hashCode(), n, d)
                : Fixtures.randomLabels(name.hashCode(), n, d);
        train = scaled(train, scale);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(std), train, name.hashCode());
        int count = 12_000;
        Acceptances exact = new ProjectedGaussianFilter(candidates, train, maxErrors, 1.0,
                ProjectedGaussianFilter.Path.EXACT).scan(0, count);
        assertTrue(exact.count() > 10, "some acceptances needed: " + exact.count());
        assertEquals(new ReferenceFilter(candidates, train, maxErrors).scan(0, 3_000),
                new ProjectedGaussianFilter(candidates, train, maxErrors, 1.0, ProjectedGaussianFilter.Path.EXACT)
                        .scan(0, 3_000));
        for (int bits : new int[] {3, 5, NormalBrackets.DEFAULT_BITS}) {
            for (ProjectedGaussianFilter.Path path
                    : new ProjectedGaussianFilter.Path[] {ProjectedGaussianFilter.Path.SCALAR, ProjectedGaussianFilter.Path.VECTOR}) {
                ProjectedGaussianFilter f = new ProjectedGaussianFilter(candidates, train, maxErrors, 1.0, path,
                        NormalBrackets.of(bits));
                String what = path + " K=" + bits;
                assertEquals(exact, f.scan(0, count), what);
                assertTrue(f.exactDraws() > 0, what + ": unbounded buckets must occur");
                if (bits == 3) {
                    assertTrue(f.undecided() > count / 4, what + ": brackets must often be open: " + f.undecided());
                }
                if (bits == 5) {
                    assertTrue(f.undecided() > 100, what + ": brackets must be open: " + f.undecided());
                }
            }
        }
    }

    /** The training set with every input multiplied by scale (scale -1: points alternately times 1 and 1e-2). */
    private static Dataset scaled(Dataset train, double scale) {
        if (scale == 1.0) {
            return train;
        }
        double[] x = train.features().clone();
        int d = train.dim();
        for (int i = 0; i < x.length; i++) {
            x[i] *= scale > 0 ? scale : (i / d) % 2 == 0 ? 1.0 : 1e-2;
        }
        return new Dataset(d, x, train.labels());
    }

    /**
     * The R2g-like cell (784 inputs, 16 units, N(0, 1), 8 teacher-labelled points): the bracket paths
     * accept exactly what the exact path accepts over 60,000 candidates, and that path what the
     * reference accepts on the first 1,000; the brackets are rarely open.
     */
    @Test
    void r2gLikeCellBracketsMatchTheExactPath() {
        int d = 784;
        Architecture arch = new Architecture(d, List.of(16), Activation.RELU, false, false);
        Dataset train = Fixtures.teacherData(42, 8, d);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(1), train, 42);
        int count = 60_000;
        Acceptances exact = new ProjectedGaussianFilter(candidates, train, 0, 1.0, ProjectedGaussianFilter.Path.EXACT)
                .scan(0, count);
        assertEquals(new ReferenceFilter(candidates, train, 0).scan(0, 1_000),
                new ProjectedGaussianFilter(candidates, train, 0, 1.0, ProjectedGaussianFilter.Path.EXACT).scan(0, 1_000));
        for (ProjectedGaussianFilter.Path path
                : new ProjectedGaussianFilter.Path[] {ProjectedGaussianFilter.Path.SCALAR, ProjectedGaussianFilter.Path.VECTOR}) {
            ProjectedGaussianFilter f = new ProjectedGaussianFilter(candidates, train, 0, 1.0, path);
            assertEquals(exact, f.scan(0, count), path.name());
            System.out.printf("R2g-like %s (runs %s): %d accepted of %d, open brackets %d (%.4f per candidate),"
                            + " exact draws %d, reference fallbacks %d%n", path, f.path(), exact.count(), count,
                    f.undecided(), (double) f.undecided() / count, f.exactDraws(), f.fallbacks());
            assertTrue(f.undecided() < count / 20, "open brackets: " + f.undecided());
        }
    }

    /**
     * n points in two clusters by label, as images of two classes are: the first half labelled -1
     * around one random centre, the rest +1 around another, each point its centre plus {@code spread}
     * times Gaussian noise. Small spreads make G = X X^T ill-conditioned and the data order a poor
     * visiting order.
     */
    static Dataset clustered(long seed, int n, int d, double spread) {
        double[] centres = Fixtures.gaussian(seed, 2 * d);
        double[] noise = Fixtures.gaussian(seed + 1, n * d);
        double[] x = new double[n * d];
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            int c = p < n / 2 ? 0 : 1;
            y[p] = c == 0 ? -1 : 1;
            for (int i = 0; i < d; i++) {
                x[p * d + i] = centres[c * d + i] + spread * noise[p * d + i];
            }
        }
        return new Dataset(d, x, y);
    }

    /**
     * The pivot order puts first the point of largest norm, then the one farthest from the span of
     * those before it: on clustered data it alternates between the clusters where the data order
     * does not, and it is the same for the same data.
     */
    @Test
    void pivotOrderAlternatesBetweenClusters() {
        int n = 8;
        int d = 20;
        Dataset train = clustered(5, n, d, 0.05);
        Architecture arch = new Architecture(d, List.of(4), Activation.RELU, false, false);
        ProjectedGaussian proj = ProjectedGaussian.of(arch, new Prior.Gaussian(1), train.features(), n);
        assertNotNull(proj);
        boolean[] seen = new boolean[n];
        double largest = 0;
        int largestAt = -1;
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += train.feature(p, i) * train.feature(p, i);
            }
            if (s > largest) {
                largest = s;
                largestAt = p;
            }
        }
        assertEquals(largestAt, proj.point(0));
        for (int t = 0; t < n; t++) {
            assertTrue(!seen[proj.point(t)], "a permutation");
            seen[proj.point(t)] = true;
        }
        assertTrue(train.label(proj.point(0)) != train.label(proj.point(1)), "the second point is from the other cluster");
        for (int t = 0; t < n; t++) {
            assertEquals(proj.point(t), ProjectedGaussian.of(arch, new Prior.Gaussian(2), train.features(), n).point(t));
        }
    }

    /** W_j . x_p (the reference's sum) equals z_j[p] within the proven bound, and within 1e-12 relative. */
    @ParameterizedTest(name = "spread {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 0.05, 1e-3})
    void completedRowsReproduceZ(double spread) {
        int hidden = 6;
        int d = 30;
        int n = 8;
        Architecture arch = new Architecture(d, List.of(hidden), Activation.RELU, false, true);
        // spread 0: independent Gaussian points; otherwise two tight clusters (cond(G) up to about 1e7).
        Dataset train = spread == 0 ? Fixtures.randomLabels(21, n, d) : clustered(21, n, d, spread);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(1.5), train, 5);
        ProjectedGaussian proj = candidates.projected();
        double[] x = train.features();
        double[] w = new double[candidates.parameterCount()];
        double[] z = new double[hidden * n];
        double worstAbs = 0;
        double worstRel = 0;
        for (long i = 0; i < 2_000; i++) {
            candidates.fill(i, w, 0);
            proj.drawZ(candidates.rng(), CandidateWeights.firstCounter(i), z);
            for (int j = 0; j < hidden; j++) {
                for (int p = 0; p < n; p++) {
                    // z's index p is row p of the encoding, training point proj.point(p).
                    int row = proj.point(p) * d;
                    double s = 0;
                    double scale = 0;
                    for (int c = 0; c < d; c++) {
                        s += w[j * d + c] * x[row + c];
                        scale += Math.abs(w[j * d + c] * x[row + c]);
                    }
                    double err = Math.abs(s - z[j * n + p]);
                    worstAbs = Math.max(worstAbs, err);
                    worstRel = Math.max(worstRel, err / scale);
                }
            }
        }
        assertTrue(worstAbs <= proj.unitErrorBound(), worstAbs + " > bound " + proj.unitErrorBound());
        // Measured: 1e-15 relative on independent points, 2e-14 at spread 0.05, 1e-12 at spread 1e-3
        // (cond(G) about 1e7), against bounds of 4e-9, 2e-6 and 5e-3 in absolute terms.
        assertTrue(worstRel < (spread == 0 || spread >= 0.05 ? 1e-12 : 1e-10), "relative error " + worstRel);
    }

    /**
     * Completed rows are N(0, s^2 I_d): 12,000 rows of d = 10 (2,000 candidates x 6 units, independent).
     * Each entry of the sample covariance has standard deviation s^2/sqrt(N) off the diagonal and
     * s^2 sqrt(2/N) on it; all 55 stay within 5 of those (false alarm &lt; 55 x 6e-7 = 3e-5). The
     * pooled 120,000 entries pass a one-sample KS test against N(0, s^2) at level 1e-3
     * (D &lt; 1.95 / sqrt(N)). Fixed seeds make both deterministic.
     */
    @Test
    void completedWeightsAreIsotropicGaussian() {
        int hidden = 6;
        int d = 10;
        int n = 4;
        double std = 0.7;
        Architecture arch = new Architecture(d, List.of(hidden), Activation.RELU, false, false);
        Dataset train = Fixtures.randomLabels(8, n, d);
        CandidateWeights candidates = projected(arch, new Prior.Gaussian(std), train, 6);
        int cands = 2_000;
        int rows = cands * hidden;
        double[] all = new double[rows * d];
        double[] w = new double[candidates.parameterCount()];
        for (int i = 0; i < cands; i++) {
            candidates.fill(i, w, 0);
            System.arraycopy(w, 0, all, i * hidden * d, hidden * d);
        }
        double s2 = std * std;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += all[r * d + a] * all[r * d + b];
                }
                double cov = sum / rows;
                double expected = a == b ? s2 : 0;
                double sd = a == b ? s2 * Math.sqrt(2.0 / rows) : s2 / Math.sqrt(rows);
                assertTrue(Math.abs(cov - expected) < 5 * sd, "cov[" + a + "][" + b + "] = " + cov);
            }
        }
        double[] sorted = all.clone();
        java.util.Arrays.sort(sorted);
        double dMax = 0;
        for (int k = 0; k < sorted.length; k++) {
            double cdf = 0.5 * org.apache.commons.math3.special.Erf.erfc(-sorted[k] / (std * Math.sqrt(2)));
            dMax = Math.max(dMax, Math.max(Math.abs(cdf - (double) k / sorted.length),
                    Math.abs(cdf - (double) (k + 1) / sorted.length)));
        }
        assertTrue(dMax < 1.95 / Math.sqrt(sorted.length), "KS D = " + dMax);
    }

    /**
     * Both encodings sample the same posterior: the test-error distributions of accepted networks,
     * projected encoding against the direct one through {@link DenseReluFilter}, pass a two-sample KS
     * test at level 1e-3 (D &lt; 1.95 sqrt((m + k) / (m k)); with ties in the discrete error counts the
     * test is conservative, so the false-alarm rate is at most 1e-3), and so do the acceptance rates
     * (difference within 3.3 standard errors, false alarm about 1e-3).
     */
    @Test
    void testErrorsMatchTheDenseDirectEncoding() {
        int d = 10;
        Architecture arch = new Architecture(d, List.of(4), Activation.RELU, false, false);
        Prior prior = new Prior.Gaussian(1);
        Dataset train = Fixtures.teacherData(31, 5, d);
        Dataset test = Fixtures.teacherData(32, 200, d);
        CandidateWeights projected = projected(arch, prior, train, 77);
        CandidateWeights direct = new CandidateWeights(arch, prior, 13, 77);
        int count = 30_000;
        int[] pe = testErrors(new ShardSampler(projected, new ProjectedGaussianFilter(projected, train, 0), test), count);
        int[] de = testErrors(new ShardSampler(direct, new DenseReluFilter(direct, train, 0), test), count);
        assertTrue(pe.length > 300 && de.length > 300, pe.length + " / " + de.length);
        double p1 = (double) pe.length / count;
        double p2 = (double) de.length / count;
        double pooled = (pe.length + de.length) / (2.0 * count);
        double se = Math.sqrt(pooled * (1 - pooled) * 2.0 / count);
        assertTrue(Math.abs(p1 - p2) < 3.3 * se, "acceptance " + p1 + " vs " + p2);
        java.util.Arrays.sort(pe);
        java.util.Arrays.sort(de);
        double dMax = 0;
        int i = 0;
        int j = 0;
        while (i < pe.length && j < de.length) {
            int v = Math.min(pe[i], de[j]);
            while (i < pe.length && pe[i] == v) {
                i++;
            }
            while (j < de.length && de[j] == v) {
                j++;
            }
            dMax = Math.max(dMax, Math.abs((double) i / pe.length - (double) j / de.length));
        }
        double crit = 1.95 * Math.sqrt((double) (pe.length + de.length) / ((double) pe.length * de.length));
        assertTrue(dMax < crit, "KS D = " + dMax + " >= " + crit);
    }

    private static int[] testErrors(ShardSampler sampler, int count) {
        ShardResult r = sampler.run(0, count, Long.MAX_VALUE, ShardSampler.NO_DEADLINE);
        return r.samples().stream().mapToInt(Sample::testMistakes).toArray();
    }

    /** The encoding applies only where it is exact and well conditioned. */
    @Test
    void appliesOnlyToWellConditionedGaussianReluCells() {
        Architecture arch = new Architecture(6, List.of(3), Activation.RELU, false, false);
        Dataset train = Fixtures.randomLabels(3, 4, 6);
        double[] x = train.features();
        assertNotNull(ProjectedGaussian.of(arch, new Prior.Gaussian(1), x, 4));
        assertNull(ProjectedGaussian.of(arch, new Prior.Uniform(-1, 1), x, 4));
        assertNull(ProjectedGaussian.of(new Architecture(6, List.of(3), Activation.RELU, true, false),
                new Prior.Gaussian(1), x, 4));
        assertNull(ProjectedGaussian.of(new Architecture(6, List.of(3, 2), Activation.RELU, false, false),
                new Prior.Gaussian(1), x, 4));
        // n > d, and a repeated point: not linearly independent.
        assertNull(ProjectedGaussian.of(new Architecture(3, List.of(3), Activation.RELU, false, false),
                new Prior.Gaussian(1), Fixtures.gaussian(1, 12), 4));
        double[] dup = x.clone();
        System.arraycopy(x, 0, dup, 6, 6);
        assertNull(ProjectedGaussian.of(arch, new Prior.Gaussian(1), dup, 4));
        // 100 unit vectors, one of them scaled to 1e-4: cond(G) = 1e9 is below the cap, but the rounding
        // bound's slack eps cond(G) (3n + 1) n is not below 2^-10; scaled to 1e-2 it is.
        Architecture wide = new Architecture(100, List.of(3), Activation.RELU, false, false);
        for (double small : new double[] {1e-4, 1e-2}) {
            double[] e = new double[100 * 100];
            for (int p = 0; p < 100; p++) {
                e[p * 100 + p] = p == 7 ? small : 1;
            }
            ProjectedGaussian pg = ProjectedGaussian.of(wide, new Prior.Gaussian(1), e, 100);
            assertEquals(small > 1e-3, pg != null, "point 7 of norm " + small);
        }
        // Candidates of other cells keep the direct encoding.
        assertNull(CandidateWeights.forCell(arch, new Prior.Uniform(-1, 1), 1, 2, x, 4).projected());
        assertTrue(Filters.choose(CandidateWeights.forCell(arch, new Prior.Uniform(-1, 1), 1, 2, x, 4), train, 0)
                instanceof DenseReluFilter);
        assertEquals(CounterRng.of(1, "candidates", 2), CandidateWeights.forCell(arch, new Prior.Gaussian(1), 1, 2, x, 4).rng());
    }
}
