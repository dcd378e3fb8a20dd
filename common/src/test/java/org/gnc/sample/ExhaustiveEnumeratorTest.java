package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.Points;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

class ExhaustiveEnumeratorTest {
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});

    @Test
    void countsAHandWorkedExample() {
        // f(x) = w x + c on one training point (x = 1, y = +1): w + c > 0 holds for (w, c) in
        // {(0, 1), (1, 0), (1, 1)}, 3 of the 9 configurations. On the test point (x = -1, y = -1),
        // -w + c <= 0 fails only for (0, 1): two interpolators make no test mistake, one makes one.
        Architecture arch = new Architecture(1, List.of(), Activation.RELU, false, true);
        Dataset train = new Dataset(1, new double[] {1}, new int[] {1});
        Dataset test = new Dataset(1, new double[] {-1}, new int[] {-1});
        ExactPosterior exact = new ExhaustiveEnumerator(arch, TERNARY, train, test, 0).enumerate();
        assertEquals(9, exact.configurations());
        assertEquals(3, exact.interpolators());
        assertArrayEquals(new long[] {2, 1}, exact.mistakeCounts());
        assertEquals(1.0 / 3, exact.acceptanceProbability(), 0);
        assertEquals(1.0 / 3, exact.testError().mean(), 1e-15);
    }

    @Test
    void agreesWithAPlainLoopOverEveryConfigurationAndSplitsIntoRanges() {
        Architecture arch = new Architecture(3, List.of(2), Activation.RELU, true, false);
        Dataset train = Fixtures.teacherData(3, 5, 3);
        Dataset test = Fixtures.teacherData(4, 50, 3);
        ExhaustiveEnumerator enumerator = new ExhaustiveEnumerator(arch, TERNARY, train, test, 1);
        assertEquals(Math.round(Math.pow(3, 10)), enumerator.configurations());

        Points trainPoints = new Points(train, arch, "training");
        Points testPoints = new Points(test, arch, "test");
        double[] scratch = arch.newScratch();
        long interpolators = 0;
        long[] counts = new long[test.size() + 1];
        for (long c = 0; c < enumerator.configurations(); c++) {
            double[] w = enumerator.weights(c);
            if (trainPoints.mistakes(arch, w, 0, scratch) <= 1) {
                interpolators++;
                counts[testPoints.mistakes(arch, w, 0, scratch)]++;
            }
        }
        ExactPosterior whole = enumerator.enumerate();
        assertTrue(interpolators > 0 && interpolators < enumerator.configurations(), "non-trivial case: " + interpolators);
        assertEquals(interpolators, whole.interpolators());
        assertArrayEquals(counts, whole.mistakeCounts());

        long n = enumerator.configurations();
        ExactPosterior split = enumerator.enumerate(0, 1000)
                .plus(enumerator.enumerate(1000, 12_345))
                .plus(enumerator.enumerate(13_345, n - 13_345));
        assertEquals(whole, split);
    }

    @Test
    void refusesLargeSpacesStatingTheirSize() {
        Architecture arch = new Architecture(20, List.of(8), Activation.RELU, false, false);
        Dataset data = Fixtures.teacherData(1, 4, 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExhaustiveEnumerator(arch, TERNARY, data, data, 0));
        assertTrue(e.getMessage().contains("3^168"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 67108864"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ExhaustiveEnumerator(arch, new Prior.Uniform(-1, 1), data, data, 0));
    }
}
