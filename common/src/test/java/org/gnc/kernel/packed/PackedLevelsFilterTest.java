package org.gnc.kernel.packed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.simd.VectorModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused packed-levels filter accepts exactly the indices the plain reference accepts, with the
 * same error counts, no tolerance: 40,000 candidates per case, on both its paths (the Vector API path
 * and the scalar one), over ternary, binary, 4- and 5-level priors and a ternary prior whose levels
 * are not an arithmetic progression, widths whose output weights span one or two words and whose
 * units fill one vector, part of one or several, rows of one or two words, and error allowances 0 to
 * 2. Four kinds of inputs: Gaussian (ties at 0 essentially never happen), small integers (outputs of
 * exactly 0 with non-zero terms are common, so the fallback to the reference's forward pass is
 * exercised and asserted), mixed magnitudes 1e16 / 1 / 0.5 (different summation orders round
 * differently, so any decision taken without the rounding bound would be caught), and magnitudes
 * near the largest double (sums overflow in some orders, so those points must go to the reference).
 * Each filter also rescans the range in uneven pieces after its point order has adapted.
 */
class PackedLevelsFilterTest {
    private static final int CANDIDATES = 40_000;
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});

    static Stream<Arguments> cases() {
        Prior binary = new Prior.Levels(new double[] {-1, 1});
        Prior five = new Prior.Levels(new double[] {-2, -1, 0, 1, 2});
        Prior quantized = new Prior.Quantized(2, 0.5);
        Prior uneven = new Prior.Levels(new double[] {-1, 0, 2});
        // Output ticks 0.1 with levels 0.1 * 3 rounded off the multiple (rho > 0); ticks up to 1000; and
        // levels that are no multiples of one tick, which the fixed-point blocks leave to the scalar path.
        Prior tenths = new Prior.Quantized(3, 0.1);
        Prior wide = new Prior.Levels(new double[] {-1000, -1, 1, 1000});
        Prior irrational = new Prior.Levels(new double[] {-1, 0, Math.PI});
        return Stream.of(
                Arguments.of("R1-like ternary [8] gaussian teacher", TERNARY, 8, 20, 7, 0, "teacher"),
                Arguments.of("ternary [8] integer inputs", TERNARY, 8, 20, 6, 0, "integer"),
                Arguments.of("ternary [3] d=40 mixed magnitudes", TERNARY, 3, 40, 5, 0, "mixed"),
                Arguments.of("ternary [25] integer inputs, 2 errors", TERNARY, 25, 20, 9, 2, "integer"),
                Arguments.of("binary [4] d=32 gaussian, 1 error", binary, 4, 32, 7, 1, "random"),
                Arguments.of("binary [5] d=32 integer inputs", binary, 5, 32, 6, 0, "integer"),
                Arguments.of("5 levels [4] d=13 mixed magnitudes", five, 4, 13, 5, 0, "mixed"),
                Arguments.of("quantized 2 bits [6] d=16 integer inputs, 1 error", quantized, 6, 16, 7, 1, "integer"),
                Arguments.of("ternary [12] d=40 gaussian teacher", TERNARY, 12, 40, 6, 0, "teacher"),
                Arguments.of("ternary [8] near-overflow magnitudes, 1 error", TERNARY, 8, 20, 6, 1, "huge"),
                Arguments.of("ternary [8] magnitudes 1e250 among integers", TERNARY, 8, 20, 6, 0, "large"),
                Arguments.of("levels -1,0,2 [5] integer inputs", uneven, 5, 20, 6, 0, "integer"),
                Arguments.of("quantized 3 bits of 0.1 [6] d=30 integer inputs", tenths, 6, 30, 6, 0, "integer"),
                Arguments.of("levels +-1, +-1000 [4] d=32 mixed magnitudes", wide, 4, 32, 5, 0, "mixed"),
                Arguments.of("levels -1,0,pi [8] gaussian teacher", irrational, 8, 20, 7, 0, "teacher"),
                // Output words of several table groups in the batch draw: 2 x 8, 4 x 5 and 13 x 1 ternary digits.
                Arguments.of("ternary [16] gaussian teacher", TERNARY, 16, 20, 7, 0, "teacher"),
                Arguments.of("ternary [20] integer inputs, 1 error", TERNARY, 20, 20, 6, 1, "integer"),
                Arguments.of("ternary [13] gaussian teacher", TERNARY, 13, 20, 7, 0, "teacher"),
                Arguments.of("binary [12] d=32 gaussian, 1 error", binary, 12, 32, 7, 1, "random"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void acceptsExactlyWhatTheReferenceAccepts(String name, Prior prior, int width, int dim, int n, int maxErrors,
                                               String inputs) {
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, false);
        assertTrue(PackedLevelsFilter.supports(arch, prior));
        CandidateWeights candidates = new CandidateWeights(arch, prior, 3, name.hashCode());
        Dataset train = switch (inputs) {
            case "teacher" -> Fixtures.teacherData(9, n, dim);
            case "random" -> Fixtures.randomLabels(9, n, dim);
            default -> Fixtures.special(inputs, n, dim);
        };
        Acceptances reference = new ReferenceFilter(candidates, train, maxErrors).scan(0, CANDIDATES);
        assertTrue(reference.count() > 10, "the case must accept some candidates: " + reference.count());
        assertTrue(reference.count() < CANDIDATES / 2, "the case must reject most candidates: " + reference.count());

        for (boolean vector : new boolean[] {true, false}) {
            PackedLevelsFilter fast = new PackedLevelsFilter(candidates, train, maxErrors, vector, 256);
            boolean fixedPoint = OutputTicks.of(prior.levels()).isPresent();
            assertEquals(vector && fixedPoint && VectorModule.present(), fast.vectorized());
            String path = fast.vectorized() ? "vector path" : "scalar path";
            assertEquals(reference, fast.scan(0, CANDIDATES), path);
            if (!inputs.equals("teacher") && !inputs.equals("random")) {
                assertTrue(fast.fallbacks() > 0, path + ": ties or overflow must reach the reference's forward pass");
            }
            // Scanned again in uneven pieces after the point order has adapted.
            long[] idx = reference.indices();
            int at = 0;
            for (int start = 0; start < CANDIDATES; start += 777) {
                Acceptances piece = fast.scan(start, Math.min(777, CANDIDATES - start));
                for (int a = 0; a < piece.count(); a++, at++) {
                    assertEquals(idx[at], piece.indices()[a], path);
                    assertEquals(reference.trainErrors()[at], piece.trainErrors()[a], path);
                }
            }
            assertEquals(idx.length, at, path);
        }
    }

    /**
     * The draw (output table, ternary codes from independent products, or the general chain) reads
     * exactly the weights {@link CandidateWeights#fill} gives: the output weights, which units are live,
     * and every digit of each live unit's row, rebuilt from its codes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDrawReadsTheCandidatesWeights(String name, Prior prior, int width, int dim, int n, int maxErrors,
                                          String inputs) {
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, false);
        CandidateWeights candidates = new CandidateWeights(arch, prior, 3, name.hashCode());
        PackedLevelsFilter filter = new PackedLevelsFilter(candidates, Fixtures.randomLabels(9, n, dim), maxErrors);
        for (long i = 0; i < 2_000; i += 1 + (i * 7) % 13) {
            double[] w = candidates.weights(i);
            double[] drawn = DrawnWeights.of(filter, i);
            for (int k = 0; k < w.length; k++) {
                if (k < width * dim && Double.isNaN(drawn[k])) {
                    assertEquals(0.0, w[width * dim + k / dim], "only rows of units with output weight 0 are skipped");
                    continue;
                }
                assertEquals(w[k], drawn[k], "candidate " + i + " parameter " + k);
            }
        }
    }

    /**
     * One layout serves scanners on two threads at once (each with its own scratch and point order):
     * each accepts exactly what the reference accepts, on the integer inputs that exercise the fallback.
     */
    @Test
    void scannersOnTwoThreadsShareOneLayout() throws Exception {
        Architecture arch = new Architecture(20, List.of(8), Activation.RELU, false, false);
        CandidateWeights candidates = new CandidateWeights(arch, TERNARY, 3, 77);
        Dataset train = Fixtures.special("integer", 6, 20);
        Acceptances reference = new ReferenceFilter(candidates, train, 0).scan(0, CANDIDATES);
        assertTrue(reference.count() > 10, "some acceptances needed: " + reference.count());
        PackedLevelsLayout layout = new PackedLevelsLayout(candidates, train, 0);
        for (Acceptances scanned : Fixtures.onTwoThreads(() -> new PackedLevelsFilter(layout).scan(0, CANDIDATES))) {
            assertEquals(reference, scanned);
        }
    }

    /**
     * Candidates with no live unit (every output weight 0: f = 0, label -1), all units live, and every
     * count between, side by side in the batch draw's quads: on all-negative labels, where a candidate
     * with no live unit must be accepted, the filter accepts exactly what the reference accepts, and the
     * accepted candidates span every live count from 0 to 8.
     */
    @Test
    void candidatesFromNoLiveUnitToAllLive() {
        int dim = 20;
        int width = 8;
        Architecture arch = new Architecture(dim, List.of(width), Activation.RELU, false, false);
        CandidateWeights candidates = new CandidateWeights(arch, TERNARY, 3, 5);
        Dataset train = new Dataset(dim, Fixtures.gaussian(4, 6 * dim), new int[] {-1, -1, -1, -1, -1, -1});
        int count = 60_000;
        Acceptances reference = new ReferenceFilter(candidates, train, 0).scan(0, count);
        Set<Long> accepted = new HashSet<>();
        for (long i : reference.indices()) {
            accepted.add(i);
        }
        boolean[] liveCountAccepted = new boolean[width + 1];
        int noLive = 0;
        for (long i = 0; i < count; i++) {
            double[] w = candidates.weights(i);
            int live = 0;
            for (int j = 0; j < width; j++) {
                live += w[width * dim + j] != 0 ? 1 : 0;
            }
            if (live == 0) {
                noLive++;
                assertTrue(accepted.contains(i), "a candidate without live units has f = 0 and label -1");
            }
            liveCountAccepted[live] |= accepted.contains(i);
        }
        assertTrue(noLive >= 3, "the range must hold candidates without live units: " + noLive);
        for (int live = 0; live <= width; live++) {
            assertTrue(liveCountAccepted[live], "an accepted candidate with " + live + " live units");
        }
        for (boolean vector : new boolean[] {true, false}) {
            PackedLevelsFilter fast = new PackedLevelsFilter(candidates, train, 0, vector, 256);
            assertEquals(reference, fast.scan(0, count), fast.vectorized() ? "vector path" : "scalar path");
            Fixtures.assertScansInPieces(reference, fast, count, 333);
        }
    }

    @Test
    void appliesOnlyWhereItIsExact() {
        Prior uniform = new Prior.Uniform(-1, 1);
        assertTrue(PackedLevelsFilter.supports(new Architecture(20, List.of(8), Activation.RELU, false, false), TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(8), Activation.RELU, false, false), uniform));
        assertFalse(PackedLevelsFilter.supports(new Architecture(21, List.of(8), Activation.RELU, false, false), TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(8), Activation.SIGN, false, false), TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(8), Activation.RELU, true, false), TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(8), Activation.RELU, false, true), TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(8, 2), Activation.RELU, false, false),
                TERNARY));
        assertFalse(PackedLevelsFilter.supports(new Architecture(20, List.of(), Activation.RELU, false, false), TERNARY));
    }

    /**
     * Integer inputs in [-2, 2]; mixed magnitudes +-1e16, +-1, +-0.5, +-3; on every other point, one
     * coordinate of magnitude 1e307 among the mixed ones (sums may overflow) or 1e250 among the integer
     * ones (no overflow in doubles, fixed-point scale about 2^-800); random labels.
     */
}
