package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Workload R2 (conf/fashion-tshirt-trouser.conf) on the real Fashion-MNIST files of Debian's
 * dataset-fashion-mnist package, against figures computed with numpy the way the benchmark reference
 * (shared/bench/gnc_ref.py, make_r2) computes them. Required under CI; skipped on a developer machine
 * without the package.
 */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    static void requireFiles() {
        if (Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz"))) {
            return;
        }
        String how = "Fashion-MNIST is not installed in " + DIR + "; install it with"
                + " `sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist` (.ci/run does)";
        if (System.getenv("CI") != null) {
            fail(how);
        }
        Assumptions.abort(how);
    }

    private static Path config() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conf/fashion-tshirt-trouser.conf"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "conf/fashion-tshirt-trouser.conf not found above the working directory");
        return dir.resolve("conf/fashion-tshirt-trouser.conf");
    }

    @Test
    void r2MatchesTheNumpyReference() {
        requireFiles();
        SweepSpec sweep = SweepSpecParser.parse(config(), List.of());
        assertEquals(1, sweep.cells().size());
        DataSpec.Idx spec = (DataSpec.Idx) sweep.cells().get(0).data();
        assertEquals("16", sweep.cells().get(0).student().widthsLabel());
        assertEquals("uniform[-1,1]", sweep.cells().get(0).student().prior().label().replace(" ", ""));
        CellData d = DataLoader.load(spec);

        Dataset train = d.train();
        assertEquals(784, train.dim());
        assertArrayEquals(new int[] {-1, -1, -1, -1, 1, 1, 1, 1}, train.labels());
        assertArrayEquals(new int[] {1, 2, 4, 10, 16, 21, 38, 69},
                IdxClassPair.trainIndices(spec, IdxFile.read(DIR.resolve("train-labels-idx1-ubyte.gz"))));
        IdxClassPair.PixelStatistics stats = IdxClassPair.statistics(spec,
                IdxFile.read(DIR.resolve("train-images-idx3-ubyte.gz")));
        // numpy: pix = xtr / 255.0; pix.mean(), pix.std() (pairwise sums): agree to 1e-15 relative
        assertEquals(0.2860405969887955, stats.mean()[0], 1e-15);
        assertEquals(0.35302424451492254, stats.std()[783], 1e-15);
        // numpy: ((xtr[idx] / 255.0 - mu) / sd), row 0, features 300..304; tolerance 1e-12
        double[] expected = {1.4225501645613563, 1.5447436273962791, 1.6891540834739143, 1.5780691172603487,
            1.3336821915905035};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], train.feature(0, 300 + k), 1e-12);
        }
        assertEquals(1.3892246746972865, train.feature(7, 402), 1e-12);
        assertEquals(-295.71805773570856, sum(train), 1e-9);

        Dataset test = d.test();
        assertEquals(2000, test.size());
        assertEquals(0.5, test.positiveFraction(), 0.0);
        assertArrayEquals(new int[] {1, 1, 1, 1, -1}, java.util.Arrays.copyOf(test.labels(), 5));
        assertEquals(-45945.86731663867, sum(test), 1e-7);
    }

    /** The compensated sum of all features (numpy's pairwise sum agrees to about 1e-10 here). */
    private static double sum(Dataset d) {
        return java.util.Arrays.stream(d.features()).sum();
    }
}
