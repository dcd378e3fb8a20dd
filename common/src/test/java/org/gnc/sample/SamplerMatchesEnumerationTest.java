package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.gnc.data.Dataset;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.Fixtures;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sampler (candidate draws + early rejection + test evaluation + tally) against exhaustive
 * enumeration of the same small spaces: its acceptance count must be a plausible Binomial(N, p)
 * draw for the exact p, and the test errors of its accepted networks a plausible sample from the
 * exact posterior.
 *
 * <p>Each check is a test at level ALPHA = 1e-4: a correct sampler fails it with probability at
 * most 1e-4 for a random seed, so the 3 checks x 4 cases here have a family-wise false-alarm rate
 * of at most 1.2e-3. Seeds are fixed, so the outcome is reproducible. The last test shows the checks
 * have power: a sampler drawing from a different prior fails by many orders of magnitude.
 */
class SamplerMatchesEnumerationTest {
    private static final double ALPHA = 1e-4;
    /** |z| above this has two-sided probability below 1e-4 under the normal approximation. */
    private static final double Z_CRITICAL = 3.89;
    private static final int CANDIDATES = 100_000;
    private static final Prior BINARY = new Prior.Levels(new double[] {-1, 1});
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});

    static Stream<Arguments> spaces() {
        return Stream.of(
                Arguments.of("binary perceptron + output bias", BINARY,
                        new Architecture(6, List.of(), Activation.RELU, false, true), 4),
                Arguments.of("ternary perceptron", TERNARY,
                        new Architecture(6, List.of(), Activation.RELU, false, false), 4),
                Arguments.of("ternary width-2 relu", TERNARY,
                        new Architecture(3, List.of(2), Activation.RELU, false, false), 4),
                Arguments.of("binary width-2 relu with biases", BINARY,
                        new Architecture(3, List.of(2), Activation.RELU, true, true), 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spaces")
    void acceptanceAndTestErrorAgreeWithTheExactPosterior(String name, Prior prior, Architecture arch, int nTrain) {
        Dataset train = Fixtures.teacherData(21, nTrain, arch.inputDim());
        Dataset test = Fixtures.teacherData(22, 200, arch.inputDim());
        ExactPosterior exact = new ExhaustiveEnumerator(arch, prior, train, test, 0).enumerate();
        CellTally tally = sample(arch, prior, train, test, 7);

        double p = exact.acceptanceProbability();
        assertTrue(p > 0.01 && p < 0.9, "a useful case has a moderate acceptance probability: " + p);
        assertTrue(binomialTwoSidedP(tally.accepted(), CANDIDATES, p) >= ALPHA,
                "accepted " + tally.accepted() + " of " + CANDIDATES + ", exact p = " + p);

        long[] sampled = tally.mistakeCounts(test.size());
        assertTrue(chiSquareP(exact.mistakeCounts(), sampled) >= ALPHA, "test-error distribution");

        double exactMean = exact.testError().mean();
        double exactStd = exact.testError().std();
        assertTrue(exactStd > 0, "a useful case has interpolators with different test errors");
        double z = (sampleMean(sampled) - exactMean) / (exactStd / Math.sqrt(tally.accepted()));
        assertTrue(Math.abs(z) <= Z_CRITICAL, "mean test error z = " + z);
    }

    @Test
    void theChecksCatchASamplerDrawingFromTheWrongPrior() {
        Architecture arch = new Architecture(6, List.of(), Activation.RELU, false, false);
        Dataset train = Fixtures.teacherData(21, 4, 6);
        Dataset test = Fixtures.teacherData(22, 200, 6);
        ExactPosterior ternary = new ExhaustiveEnumerator(arch, TERNARY, train, test, 0).enumerate();
        CellTally binarySamples = sample(arch, BINARY, train, test, 7);
        assertTrue(binomialTwoSidedP(binarySamples.accepted(), CANDIDATES, ternary.acceptanceProbability()) < 1e-12);
    }

    private static CellTally sample(Architecture arch, Prior prior, Dataset train, Dataset test, long seed) {
        CandidateWeights candidates = new CandidateWeights(arch, prior, seed, 99);
        ShardSampler sampler = new ShardSampler(candidates, new EarlyRejectionFilter(candidates, train, 0), test);
        ShardResult shard = sampler.run(0, CANDIDATES, Long.MAX_VALUE, ShardSampler.NO_DEADLINE);
        CellTally tally = CellTally.of(List.of(shard), Long.MAX_VALUE);
        assertEquals(CANDIDATES, tally.attempts());
        return tally;
    }

    private static double sampleMean(long[] counts) {
        double sum = 0;
        long n = 0;
        for (int k = 0; k < counts.length; k++) {
            sum += (double) k * counts[k];
            n += counts[k];
        }
        return sum / n / (counts.length - 1);
    }

    /** Two-sided exact binomial test: twice the smaller tail, capped at 1. */
    static double binomialTwoSidedP(long successes, int trials, double p) {
        BinomialDistribution b = new BinomialDistribution(null, trials, p);
        int x = (int) successes;
        double lower = b.cumulativeProbability(x);
        double upper = 1 - b.cumulativeProbability(x - 1);
        return Math.min(1, 2 * Math.min(lower, upper));
    }

    /** Chi-square goodness of fit of sampled counts to exact counts, pooling neighbours until each expects >= 5. */
    static double chiSquareP(long[] exactCounts, long[] sampledCounts) {
        double exactTotal = 0;
        long sampledTotal = 0;
        for (int k = 0; k < exactCounts.length; k++) {
            exactTotal += exactCounts[k];
            sampledTotal += sampledCounts[k];
        }
        List<double[]> bins = new ArrayList<>();
        double expected = 0;
        long observed = 0;
        for (int k = 0; k < exactCounts.length; k++) {
            expected += exactCounts[k] / exactTotal * sampledTotal;
            observed += sampledCounts[k];
            if (expected >= 5) {
                bins.add(new double[] {expected, observed});
                expected = 0;
                observed = 0;
            }
        }
        if (expected > 0 || observed > 0) {
            double[] last = bins.remove(bins.size() - 1);
            bins.add(new double[] {last[0] + expected, last[1] + observed});
        }
        if (bins.size() < 2) {
            return 1.0;
        }
        double[] e = bins.stream().mapToDouble(b -> b[0]).toArray();
        long[] o = bins.stream().mapToLong(b -> (long) b[1]).toArray();
        return new ChiSquareTest().chiSquareTest(e, o);
    }
}
