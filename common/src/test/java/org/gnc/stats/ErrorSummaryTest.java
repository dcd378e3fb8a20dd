package org.gnc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorSummaryTest {

    @Test
    void matchesNumpyOnSmallMultisets() {
        // numpy 2.4: e = np.repeat(np.arange(nTest + 1) / nTest, counts); e.mean(); e.std(ddof=1);
        // np.quantile(e, [.05, .25, .5, .75, .95], method='linear'); np.histogram(e, bins=20, range=(0, 1))[0]
        ErrorSummary s = ErrorSummary.of(new long[] {3, 0, 5, 1, 0, 2, 7, 0, 0, 1, 4}, 10, false);
        assertEquals(23, s.networks());
        assertEquals(0.4956521739130435, s.mean(), 1e-15);
        assertEquals(0.33504173535080295, s.std(), 1e-15);
        assertEquals(0.33504173535080295 / Math.sqrt(23), s.se(), 1e-15);
        assertArrayEquals(new double[] {0.0, 0.2, 0.6, 0.6, 1.0}, quantiles(s), 1e-15);
        // np.histogram gives [3 0 0 0 5 1 0 0 0 0 2 7 0 0 0 0 0 0 1 4]: with float edges it drops 0.3 and 0.6, which lie
        // exactly on edges 6/20 and 12/20, into bins 5 and 11. The exact rule puts them in bins 6 and 12.
        assertArrayEquals(new long[] {3, 0, 0, 0, 5, 0, 1, 0, 0, 0, 2, 0, 7, 0, 0, 0, 0, 0, 1, 4}, s.histogram());

        // nTest = 7 (not divisible by 20); population std is e.std(ddof=0)
        ErrorSummary t = ErrorSummary.of(new long[] {2, 1, 0, 4, 3, 0, 1, 6}, 7, true);
        assertEquals(0.6134453781512605, t.mean(), 1e-15);
        assertEquals(0.34911895929144515, t.std(), 1e-15);
        assertEquals(0.0, t.se());
        assertArrayEquals(new double[] {0.0, 0.42857142857142855, 0.5714285714285714, 1.0, 1.0}, quantiles(t), 1e-15);
        assertArrayEquals(new long[] {2, 0, 1, 0, 0, 0, 0, 0, 4, 0, 0, 3, 0, 0, 0, 0, 0, 1, 0, 6}, t.histogram());

        // interpolating quantiles: numpy gives [0.03, 0.15, 0.25, 0.25, 0.8499999999999999]
        long[] c = new long[21];
        c[0] = 1;
        c[3] = 1;
        c[5] = 2;
        c[20] = 1;
        ErrorSummary u = ErrorSummary.of(c, 20, false);
        assertArrayEquals(new double[] {0.03, 0.15, 0.25, 0.25, 0.85}, quantiles(u), 1e-15);
        assertEquals(0.33, u.mean(), 1e-15);
        assertEquals(0.3882653731663435, u.std(), 1e-15);
    }

    @Test
    void matchesDirectComputationOnExpandedRandomMultisets() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int nTest = 1 + random.nextInt(60);
            long[] counts = new long[nTest + 1];
            int networks = 1 + random.nextInt(300);
            for (int i = 0; i < networks; i++) {
                counts[random.nextInt(nTest + 1)]++;
            }
            double[] e = expand(counts, nTest);
            boolean exact = random.nextBoolean();
            ErrorSummary s = ErrorSummary.of(counts, nTest, exact);
            double mean = Arrays.stream(e).sum() / e.length;
            double ss = Arrays.stream(e).map(v -> (v - mean) * (v - mean)).sum();
            double std = Math.sqrt(ss / (exact ? e.length : e.length - 1));
            assertEquals(e.length, s.networks());
            assertEquals(mean, s.mean(), 1e-13);
            if (e.length > 1 || exact) {
                assertEquals(std, s.std(), 1e-12);
                assertEquals(exact ? 0 : std / Math.sqrt(e.length), s.se(), 1e-12);
            }
            double[] qs = {0.05, 0.25, 0.5, 0.75, 0.95};
            for (int i = 0; i < qs.length; i++) {
                assertEquals(type7(e, qs[i]), quantiles(s)[i], 1e-13, "q" + qs[i] + " trial " + trial);
            }
            long[] hist = new long[20];
            for (double v : e) {
                hist[Math.min(19, (int) Math.floor(v * 20 + 1e-9))]++; // e = k/nTest; + 1e-9 absorbs rounding below edges
            }
            assertArrayEquals(hist, s.histogram(), "histogram trial " + trial);
        }
    }

    @Test
    void exactVersusSampleStandardDeviation() {
        long[] counts = {1, 0, 1}; // errors {0, 1}
        ErrorSummary population = ErrorSummary.of(counts, 2, true);
        ErrorSummary sample = ErrorSummary.of(counts, 2, false);
        assertEquals(0.5, population.std());
        assertEquals(0.0, population.se());
        assertEquals(Math.sqrt(0.5), sample.std(), 1e-16);
        assertEquals(Math.sqrt(0.5) / Math.sqrt(2), sample.se(), 1e-16);
        ErrorSummary one = ErrorSummary.of(new long[] {0, 1}, 1, false);
        assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.se()), "a sample of one has no spread estimate");
        ErrorSummary onePop = ErrorSummary.of(new long[] {0, 1}, 1, true);
        assertEquals(0.0, onePop.std());
        assertEquals(0.0, onePop.se());
    }

    @Test
    void histogramEdges() {
        // nTest = 20: k/20 lies exactly on the left edge of bin k; k = 20 (error 1) joins the last bin
        for (int k = 0; k <= 20; k++) {
            long[] counts = new long[21];
            counts[k] = 1;
            long[] hist = ErrorSummary.of(counts, 20, true).histogram();
            assertEquals(1, hist[Math.min(k, 19)], "k=" + k);
        }
        // nTest = 60: 3, 6, ... land exactly on edges (e.g. 21/60 = 0.35 = 7/20, where floating 0.35 * 20 misleads)
        assertEquals(7, ErrorSummary.bin(21, 60));
        assertEquals(6, ErrorSummary.bin(20, 60));
        // nTest = 7 (not divisible by 20): 1/7 = 0.1428 -> bin 2; 6/7 = 0.857 -> bin 17; 7/7 -> bin 19
        assertEquals(0, ErrorSummary.bin(0, 7));
        assertEquals(2, ErrorSummary.bin(1, 7));
        assertEquals(17, ErrorSummary.bin(6, 7));
        assertEquals(19, ErrorSummary.bin(7, 7));
        // nTest = 1: errors 0 and 1 only
        assertArrayEquals(binsWith(0, 5, 19, 2), ErrorSummary.of(new long[] {5, 2}, 1, true).histogram());
        // the integer rule for every k and several nTest, against exact rational comparison k/nTest >= b/20
        for (int nTest : new int[] {1, 3, 7, 19, 20, 21, 40, 60, 99, 1000, 10007}) {
            for (int k = 0; k <= nTest; k++) {
                int b = ErrorSummary.bin(k, nTest);
                assertTrue(20L * k >= (long) b * nTest, "lower edge k=" + k + " nTest=" + nTest);
                assertTrue(b == 19 || 20L * k < (b + 1L) * nTest, "upper edge k=" + k + " nTest=" + nTest);
            }
        }
    }

    @Test
    void hugeMultiplicitiesDoNotOverflow() {
        // an exhaustive enumeration: weights up to 2^26 per interpolator, total close to 2^63
        int nTest = 100;
        long[] counts = new long[nTest + 1];
        counts[0] = Long.MAX_VALUE / 4;
        counts[100] = Long.MAX_VALUE / 4;
        counts[50] = Long.MAX_VALUE / 2 - 1;
        long total = counts[0] + counts[100] + counts[50];
        ErrorSummary s = ErrorSummary.of(counts, nTest, true);
        assertEquals(total, s.networks());
        // exactly symmetric around 0.5: mean 0.5; variance = (2 * (N/4) * 0.25) / N = 0.125 up to O(1/N)
        assertEquals(0.5, s.mean(), 1e-15);
        assertEquals(Math.sqrt(0.125), s.std(), 1e-15);
        assertEquals(0.0, s.q05());
        assertEquals(0.5, s.q50());
        assertEquals(1.0, s.q95());
        assertEquals(total, Arrays.stream(s.histogram()).sum());
        // all mass on one value: no cancellation, std exactly 0
        long[] single = new long[nTest + 1];
        single[37] = Long.MAX_VALUE;
        ErrorSummary one = ErrorSummary.of(single, nTest, false);
        assertEquals(0.37, one.mean());
        assertEquals(0.0, one.std());
        assertEquals(0.37, one.q25());
        // the total must fit in a long
        long[] tooMany = new long[nTest + 1];
        tooMany[1] = Long.MAX_VALUE;
        tooMany[2] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErrorSummary.of(tooMany, nTest, true));
        assertEquals("total number of networks exceeds 9223372036854775807", e.getMessage());
    }

    @Test
    void quantilesBetweenHugeBlocks() {
        // N = 2^62: the type-7 index h = (N - 1) q must be exact beyond 2^53
        long half = 1L << 61;
        ErrorSummary s = ErrorSummary.of(new long[] {half, half}, 1, false);
        // sorted: 2^61 zeros then 2^61 ones; h = (2^62 - 1) / 2 = 2^61 - 1/2 -> between e[2^61 - 1] = 0 and e[2^61] = 1
        assertEquals(0.5, s.q50());
        assertEquals(0.0, s.q25());
        assertEquals(1.0, s.q75());
    }

    @Test
    void mergingShardsEqualsSummarizingTheUnion() {
        long[] a = {1, 2, 0, 4};
        long[] b = {0, 3, 5, 1};
        long[] merged = ErrorSummary.merge(a, b);
        assertArrayEquals(new long[] {1, 5, 5, 5}, merged);
        assertArrayEquals(new long[] {1, 2, 0, 4}, a, "inputs untouched");
        assertEquals(ErrorSummary.of(new long[] {1, 5, 5, 5}, 3, false), ErrorSummary.of(merged, 3, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErrorSummary.merge(a, new long[] {1, 2}));
        assertEquals("cannot merge mistake-count histograms of different lengths 4 and 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ErrorSummary.merge(new long[] {Long.MAX_VALUE}, new long[] {1}));
        assertEquals("merged count overflows at index 0: 9223372036854775807 + 1", e.getMessage());
    }

    @Test
    void zeroNetworks() {
        ErrorSummary s = ErrorSummary.of(new long[5], 4, false);
        assertEquals(0, s.networks());
        for (double v : new double[] {s.mean(), s.std(), s.se(), s.q05(), s.q25(), s.q50(), s.q75(), s.q95()}) {
            assertTrue(Double.isNaN(v));
        }
        assertArrayEquals(new long[20], s.histogram());
        assertEquals(s, ErrorSummary.of(new long[5], 4, true));
    }

    @Test
    void immutableValueSemantics() {
        ErrorSummary s = ErrorSummary.of(new long[] {1, 1}, 1, true);
        s.histogram()[0] = 99;
        assertEquals(1, s.histogram()[0]);
        long[] hist = new long[20];
        ErrorSummary built = new ErrorSummary(1, 0, 0, 0, 0, 0, 0, 0, 0, hist);
        hist[0] = 5;
        assertEquals(0, built.histogram()[0]);
        ErrorSummary same = ErrorSummary.of(new long[] {1, 1}, 1, true);
        assertEquals(s, same);
        assertEquals(s.hashCode(), same.hashCode());
        assertNotEquals(s, ErrorSummary.of(new long[] {1, 2}, 1, true));
    }

    @Test
    void validatesArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErrorSummary.of(new long[3], 3, false));
        assertEquals("counts must have nTest + 1 = 4 entries (mistakes 0..3), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ErrorSummary.of(new long[1], 0, false));
        assertEquals("nTest must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ErrorSummary.of(new long[] {1, -2}, 1, false));
        assertEquals("counts must be non-negative, got counts[1] = -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ErrorSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, new long[19]));
        assertEquals("histogram must have 20 bins, got 19", e.getMessage());
    }

    private static long[] binsWith(int b1, long c1, int b2, long c2) {
        long[] h = new long[20];
        h[b1] += c1;
        h[b2] += c2;
        return h;
    }

    private static double[] quantiles(ErrorSummary s) {
        return new double[] {s.q05(), s.q25(), s.q50(), s.q75(), s.q95()};
    }

    private static double[] expand(long[] counts, int nTest) {
        return java.util.stream.IntStream.rangeClosed(0, nTest)
                .flatMap(k -> java.util.stream.IntStream.range(0, (int) counts[k]).map(i -> k))
                .mapToDouble(k -> (double) k / nTest).toArray(); // already sorted
    }

    /** numpy's method='linear' on a sorted array: h = (n - 1) q, lerp between e[floor h] and e[floor h + 1]. */
    private static double type7(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int j = (int) Math.floor(h);
        if (j >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }
}
