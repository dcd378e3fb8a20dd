package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.kernel.packed.PackedLevelsFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The early-rejection filter accepts exactly the indices the plain reference accepts, with the
 * same training-error counts, across prior kinds, activations, depths, biases, error allowances,
 * block sizes and scan splits: 20,000 candidates per case. The same holds for the filter
 * {@link Filters#choose} picks on R1-like cells (the packed-levels kernel, both its paths), across
 * scan splits.
 */
class FilterExactnessTest {
    private static final int CANDIDATES = 20_000;

    static Stream<Arguments> cases() {
        Prior ternary = new Prior.Levels(new double[] {-1, 0, 1});
        Prior binary = new Prior.Levels(new double[] {-1, 1});
        return Stream.of(
                Arguments.of("ternary relu [3]", ternary, Activation.RELU, List.of(3), false, false, 0, 3, 3),
                Arguments.of("binary sign [4,3] biases", binary, Activation.SIGN, List.of(4, 3), true, false, 0, 5, 3),
                Arguments.of("quantized tanh [2,2] all biases, 1 error", new Prior.Quantized(2, 0.5), Activation.TANH,
                        List.of(2, 2), true, true, 1, 6, 4),
                Arguments.of("uniform relu [5] bias", new Prior.Uniform(-1, 1), Activation.RELU, List.of(5), true,
                        false, 0, 5, 4),
                Arguments.of("gaussian identity [3] output bias, 2 errors", new Prior.Gaussian(1), Activation.IDENTITY,
                        List.of(3), false, true, 2, 8, 3),
                Arguments.of("gaussian perceptron", new Prior.Gaussian(2), Activation.RELU, List.of(), false, false,
                        0, 5, 5),
                Arguments.of("ternary relu [8] teacher data", ternary, Activation.RELU, List.of(8), false, false, 0,
                        6, 10));
    }

    static Stream<Arguments> packedCases() {
        return Stream.of(
                Arguments.of("R1-like ternary [8] d=20 teacher data", new Prior.Levels(new double[] {-1, 0, 1}), 8, 20, 10, 0),
                Arguments.of("ternary [8] d=20 teacher data, 1 error", new Prior.Levels(new double[] {-1, 0, 1}), 8, 20, 16, 1),
                Arguments.of("binary [6] d=32 teacher data", new Prior.Levels(new double[] {-1, 1}), 6, 32, 8, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packedCases")
    void chosenKernelAcceptsExactlyWhatTheReferenceAcceptsAcrossScanSplits(String name, Prior prior, int width, int dim,
                                                                         int n, int maxErrors) {
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, false);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 11, name.hashCode());
        Dataset train = Fixtures.teacherData(5, n, dim);
        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, CANDIDATES);
        assertTrue(reference.count() > 10, "the case must accept some candidates to mean anything: " + reference.count());
        assertTrue(reference.count() < CANDIDATES / 2, "the case must reject most candidates: " + reference.count());
        assertTrue(Filters.choose(candidates, train, maxErrors) instanceof PackedLevelsFilter, name);

        for (boolean vector : new boolean[] {true, false}) {
            for (int split : new int[] {1, 7, 333, 4096, CANDIDATES}) {
                PackedLevelsFilter fast = new PackedLevelsFilter(candidates, train, maxErrors, vector, 256);
                long[] idx = reference.indices();
                int[] err = reference.trainErrors();
                int at = 0;
                for (int start = 0; start < CANDIDATES; start += split) {
                    Acceptances piece = fast.scan(start, Math.min(split, CANDIDATES - start));
                    for (int a = 0; a < piece.count(); a++, at++) {
                        assertEquals(idx[at], piece.indices()[a], "split " + split + ", vector " + fast.vectorized());
                        assertEquals(err[at], piece.trainErrors()[a], "split " + split + ", vector " + fast.vectorized());
                    }
                }
                assertEquals(idx.length, at, "split " + split + ", vector " + fast.vectorized());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void earlyRejectionAcceptsExactlyWhatTheReferenceAccepts(String name, Prior prior, Activation act,
            List<Integer> widths, boolean bias, boolean outputBias, int maxErrors, int n, int dim) {
        Architecture arch = new Architecture(dim, widths, act, bias, outputBias);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 11, name.hashCode());
        Dataset train = name.contains("teacher") ? Fixtures.teacherData(5, n, dim) : Fixtures.randomLabels(5, n, dim);

        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, CANDIDATES);
        assertTrue(reference.count() > 10, "the case must accept some candidates to mean anything: " + reference.count());
        assertTrue(reference.count() < CANDIDATES / 2, "the case must reject most candidates: " + reference.count());

        for (int block : new int[] {1, 7, 64}) {
            EarlyRejectionFilter fast = new EarlyRejectionFilter(candidates, train, maxErrors, block);
            assertEquals(reference, fast.scan(0, CANDIDATES), "block " + block);
        }
        // The same filter object, its point order already adapted, scanning the range in uneven pieces.
        EarlyRejectionFilter fast = new EarlyRejectionFilter(candidates, train, maxErrors);
        fast.scan(CANDIDATES, 5_000);
        Fixtures.assertScansInPieces(reference, fast, CANDIDATES, 333);
    }
}
