package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
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
 * block sizes and scan splits: 20,000 candidates per case.
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
        long[] idx = reference.indices();
        int[] err = reference.trainErrors();
        int at = 0;
        for (int start = 0; start < CANDIDATES; start += 333) {
            Acceptances piece = fast.scan(start, Math.min(333, CANDIDATES - start));
            for (int a = 0; a < piece.count(); a++, at++) {
                assertEquals(idx[at], piece.indices()[a]);
                assertEquals(err[at], piece.trainErrors()[a]);
            }
        }
        assertEquals(idx.length, at);
    }
}
