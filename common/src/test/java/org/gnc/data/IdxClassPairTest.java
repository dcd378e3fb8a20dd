package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.gnc.model.InputShape;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.kind = idx on small IDX files written here (some gzipped, some plain). */
class IdxClassPairTest {
    @TempDir
    Path dir;

    /** 4x4 images; pixel (0, 0) is 0 in every image, the others vary. */
    private static int pixel(int i, int r, int c) {
        return r == 0 && c == 0 ? 0 : (i * 37 + r * 11 + c * 5 + r * c * 3) % 256;
    }

    private static final int[] TRAIN_LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
    private static final int[] TEST_LABELS = {1, 0, 2, 1, 0, 0, 2};
    private static final int TEST_OFFSET = 100;

    @BeforeEach
    void writeFiles() throws IOException {
        IdxFixtures.write(dir, "train-images.gz", IdxFixtures.images(TRAIN_LABELS.length, 4, 4, IdxClassPairTest::pixel), true);
        IdxFixtures.write(dir, "train-labels", IdxFixtures.labels(TRAIN_LABELS), false);
        IdxFixtures.write(dir, "test-images", IdxFixtures.images(TEST_LABELS.length, 4, 4,
                (i, r, c) -> pixel(i + TEST_OFFSET, r, c)), false);
        IdxFixtures.write(dir, "test-labels.gz", IdxFixtures.labels(TEST_LABELS), true);
    }

    private DataSpec.Idx spec(String patch) {
        String text = """
                sweep { name = t, seed = 1 }
                data { kind = idx, train-images = "train-images.gz", train-labels = train-labels,
                       test-images = "./test-images", test-labels = "test-labels.gz", classes = [0, 1],
                       train-per-class = 2 }
                student { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 1, max-candidates = 10 }
                """ + patch;
        return (DataSpec.Idx) SweepSpecParser.parseText(text, dir, "t.conf").cells().get(0).data();
    }

    private CellData load(String patch) {
        return DataLoader.load(spec(patch));
    }

    private static double[] rawImage(int i) {
        double[] x = new double[16];
        for (int k = 0; k < 16; k++) {
            x[k] = pixel(i, k / 4, k % 4);
        }
        return x;
    }

    private static double[] row(Dataset d, int p) {
        double[] x = new double[d.dim()];
        for (int k = 0; k < x.length; k++) {
            x[k] = d.feature(p, k);
        }
        return x;
    }

    @Test
    void firstImagesOfEachClassNegativeClassFirstAndTheWholeTestSetOfBothClasses() {
        CellData d = load("data { standardize = none, divide-by-255 = false }");
        assertEquals(16, d.train().dim());
        assertEquals(new InputShape(1, 4, 4), d.train().shape());
        assertEquals(new InputShape(1, 4, 4), d.test().shape());
        assertEquals(new InputShape(1, 4, 4), d.train().head(2).shape());
        assertArrayEquals(new int[] {-1, -1, 1, 1}, d.train().labels());
        int[] trainImages = {0, 3, 1, 4};
        for (int p = 0; p < 4; p++) {
            assertArrayEquals(rawImage(trainImages[p]), row(d.train(), p));
        }
        // test images of classes 0 and 1, in file order: 0 (1), 1 (0), 3 (1), 4 (0), 5 (0)
        assertArrayEquals(new int[] {1, -1, 1, -1, -1}, d.test().labels());
        int[] testImages = {0, 1, 3, 4, 5};
        for (int p = 0; p < testImages.length; p++) {
            assertArrayEquals(rawImage(testImages[p] + TEST_OFFSET), row(d.test(), p));
        }
        assertArrayEquals(new int[] {0, 3, 1, 4}, IdxClassPair.trainIndices(spec(""), IdxFile.read(dir.resolve("train-labels"))));
    }

    @Test
    void swappedClassesSwapTheLabels() {
        CellData d = load("data { classes = [1, 0], standardize = none, divide-by-255 = false }");
        assertEquals("1,0", d.classes()); // the classes of labels -1 and +1, for the cells table
        assertEquals("0,1", load("").classes());
        assertArrayEquals(rawImage(1), row(d.train(), 0));
        assertArrayEquals(new int[] {-1, 1, -1, 1, 1}, d.test().labels());
    }

    @Test
    void pixelsDivideBy255() {
        CellData d = load("data { standardize = none }");
        double[] x = row(d.train(), 0);
        for (int k = 0; k < 16; k++) {
            assertEquals(pixel(0, k / 4, k % 4) / 255.0, x[k], 0.0);
        }
    }

    @Test
    void globalStandardizationUsesEveryTrainingImageOfTheFile() {
        // reference: two-pass mean and population std of all 10 x 16 pixels / 255, tolerance 1e-12
        double sum = 0;
        for (int i = 0; i < TRAIN_LABELS.length; i++) {
            for (double v : rawImage(i)) {
                sum += v / 255;
            }
        }
        int m = TRAIN_LABELS.length * 16;
        double mean = sum / m;
        double ss = 0;
        for (int i = 0; i < TRAIN_LABELS.length; i++) {
            for (double v : rawImage(i)) {
                ss += (v / 255 - mean) * (v / 255 - mean);
            }
        }
        double std = Math.sqrt(ss / m);
        IdxClassPair.PixelStatistics stats = IdxClassPair.statistics(spec(""), IdxFile.read(dir.resolve("train-images.gz")));
        assertEquals(mean, stats.mean()[5], 1e-14);
        assertEquals(std, stats.std()[0], 1e-14);
        CellData d = load("");
        for (int p = 0; p < d.test().size(); p++) {
            int image = new int[] {0, 1, 3, 4, 5}[p] + TEST_OFFSET;
            double[] x = row(d.test(), p);
            for (int k = 0; k < 16; k++) {
                assertEquals((rawImage(image)[k] / 255 - mean) / std, x[k], 1e-12);
            }
        }
    }

    @Test
    void perPixelStandardizationCentresConstantPixelsAndScalesTheOthers() {
        CellData d = load("data.standardize = per-pixel");
        IdxClassPair.PixelStatistics stats = IdxClassPair.statistics(spec("data.standardize = per-pixel"),
                IdxFile.read(dir.resolve("train-images.gz")));
        assertEquals(0.0, stats.mean()[0], 0.0);
        assertEquals(1.0, stats.std()[0], 0.0);
        for (int k = 1; k < 16; k++) {
            double mean = 0;
            for (int i = 0; i < TRAIN_LABELS.length; i++) {
                mean += rawImage(i)[k] / 255 / TRAIN_LABELS.length;
            }
            double ss = 0;
            for (int i = 0; i < TRAIN_LABELS.length; i++) {
                ss += Math.pow(rawImage(i)[k] / 255 - mean, 2);
            }
            double std = Math.sqrt(ss / TRAIN_LABELS.length);
            assertEquals(mean, stats.mean()[k], 1e-14);
            assertEquals(std, stats.std()[k], 1e-14);
            assertEquals((rawImage(3)[k] / 255 - mean) / std, d.train().feature(1, k), 1e-12);
        }
        for (int p = 0; p < d.train().size(); p++) {
            assertEquals(0.0, d.train().feature(p, 0), 0.0);
        }
    }

    @Test
    void downsamplingAveragesBlocks() {
        CellData d = load("data { downsample = 2, standardize = none, divide-by-255 = false }");
        assertEquals(4, d.train().dim());
        assertEquals(4, d.test().dim());
        assertEquals(new InputShape(1, 2, 2), d.train().shape());
        assertEquals(new InputShape(1, 2, 2), d.test().rows(new int[] {1, 0}).shape());
        double[] x = row(d.train(), 2); // image 1
        for (int br = 0; br < 2; br++) {
            for (int bc = 0; bc < 2; bc++) {
                double s = 0;
                for (int r = 2 * br; r < 2 * br + 2; r++) {
                    for (int c = 2 * bc; c < 2 * bc + 2; c++) {
                        s += pixel(1, r, c);
                    }
                }
                assertEquals(s / 4, x[br * 2 + bc], 0.0);
            }
        }
        // global standardization after downsampling: the training file's block averages have mean 0
        IdxClassPair.PixelStatistics stats = IdxClassPair.statistics(spec("data.downsample = 2"),
                IdxFile.read(dir.resolve("train-images.gz")));
        double total = 0;
        for (int i = 0; i < TRAIN_LABELS.length; i++) {
            for (double v : rawImage(i)) {
                total += v;
            }
        }
        assertEquals(total / 255 / (TRAIN_LABELS.length * 16), stats.mean()[0], 1e-14);
    }

    @Test
    void aTestSubsetTakesTheFirstImagesOfEachClassInFileOrder() {
        CellData d = load("data { test-per-class = 1, standardize = none, divide-by-255 = false }");
        assertArrayEquals(new int[] {1, -1}, d.test().labels());
        assertArrayEquals(rawImage(TEST_OFFSET + 1), row(d.test(), 1));
        CellData d2 = load("data { test-per-class = 2 }");
        assertArrayEquals(new int[] {1, -1, 1, -1}, d2.test().labels());
    }

    // ---- random subsets ----------------------------------------------------------------------

    private static IdxFile labelsFile(Path dir, int n, int classes) throws IOException {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % classes;
        }
        return IdxFile.read(IdxFixtures.write(dir, "many-labels", IdxFixtures.labels(l), false));
    }

    private static DataSpec.Idx randomSpec(int perClass, long seed) {
        return new DataSpec.Idx("a", "b", "c", "d", 0, 1, DataSpec.Subset.random(perClass, seed),
                DataSpec.Subset.all(), true, 1, DataSpec.Standardization.GLOBAL);
    }

    @Test
    void randomSubsetsAreSeededNestedAndWithinTheClass() throws IOException {
        IdxFile labels = labelsFile(dir, 60, 3); // 20 images per class
        int[] a = IdxClassPair.trainIndices(randomSpec(5, 42), labels);
        assertArrayEquals(a, IdxClassPair.trainIndices(randomSpec(5, 42), labels));
        assertEquals(10, a.length);
        assertEquals(10, Arrays.stream(a).distinct().count());
        for (int p = 0; p < 10; p++) {
            assertEquals(p < 5 ? 0 : 1, a[p] % 3, "image " + a[p] + " at " + p);
        }
        int[] larger = IdxClassPair.trainIndices(randomSpec(8, 42), labels);
        assertArrayEquals(Arrays.copyOfRange(a, 0, 5), Arrays.copyOfRange(larger, 0, 5));
        assertArrayEquals(Arrays.copyOfRange(a, 5, 10), Arrays.copyOfRange(larger, 8, 13));
        assertNotEquals(Arrays.toString(a), Arrays.toString(IdxClassPair.trainIndices(randomSpec(5, 43), labels)));
        int[] first = IdxClassPair.trainIndices(new DataSpec.Idx("a", "b", "c", "d", 0, 1, DataSpec.Subset.first(5),
                DataSpec.Subset.all(), true, 1, DataSpec.Standardization.GLOBAL), labels);
        assertArrayEquals(new int[] {0, 3, 6, 9, 12, 1, 4, 7, 10, 13}, first);
    }

    @Test
    void randomClassesAreAPureFunctionOfTheSeedAndCoverEveryPair() throws IOException {
        IdxFile labels = labelsFile(dir, 100, 5); // classes 0..4, 20 images each
        DataSpec.Idx random = new DataSpec.Idx("a", "b", "c", "d", DataSpec.Idx.RANDOM_CLASS,
                DataSpec.Idx.RANDOM_CLASS, DataSpec.Subset.random(3, 7), DataSpec.Subset.all(), true, 1,
                DataSpec.Standardization.GLOBAL);
        assertTrue(random.randomClasses());
        DataSpec.Idx drawn = IdxClassPair.withClasses(random, labels);
        assertEquals(drawn, IdxClassPair.withClasses(random, labels));
        assertTrue(drawn.negativeClass() != drawn.positiveClass() && drawn.negativeClass() >= 0
                && drawn.positiveClass() < 5, drawn.toString());
        // the training images are those of the explicit spec with the drawn pair
        assertArrayEquals(IdxClassPair.trainIndices(drawn, labels), IdxClassPair.trainIndices(random, labels));
        // the data carry the drawn pair (the cells table's data_classes)
        DataSpec.Idx loaded = spec("data { classes = random, train-select = random, train-seed = 11 }");
        DataSpec.Idx pair = IdxClassPair.withClasses(loaded, IdxFile.read(dir.resolve("train-labels")));
        assertEquals(pair.negativeClass() + "," + pair.positiveClass(), DataLoader.load(loaded).classes());
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            DataSpec.Idx d = IdxClassPair.withClasses(new DataSpec.Idx("a", "b", "c", "d", DataSpec.Idx.RANDOM_CLASS,
                    DataSpec.Idx.RANDOM_CLASS, DataSpec.Subset.random(3, seed), DataSpec.Subset.all(), true, 1,
                    DataSpec.Standardization.GLOBAL), labels);
            pairs.add(d.negativeClass() + "," + d.positiveClass());
        }
        assertEquals(20, pairs.size(), "every ordered pair of 5 classes: " + pairs);
        // explicit classes are kept as they are
        assertEquals(randomSpec(3, 7), IdxClassPair.withClasses(randomSpec(3, 7), labels));
        assertThrows(IllegalArgumentException.class, () -> new DataSpec.Idx("a", "b", "c", "d",
                DataSpec.Idx.RANDOM_CLASS, DataSpec.Idx.RANDOM_CLASS, DataSpec.Subset.first(3), DataSpec.Subset.all(),
                true, 1, DataSpec.Standardization.GLOBAL));
    }

    @Test
    void aRandomImageIsUniformOverItsClass() throws IOException {
        // 10 images per class, one drawn with each of 3000 seeds: each is drawn 300 times in
        // expectation, sd sqrt(3000 * 0.1 * 0.9) = 16.4; tolerance 5 sd (82) per image.
        IdxFile labels = labelsFile(dir, 20, 2);
        int[] counts = new int[20];
        for (long seed = 0; seed < 3000; seed++) {
            counts[IdxClassPair.trainIndices(randomSpec(1, seed), labels)[0]]++;
        }
        for (int i = 0; i < 20; i += 2) {
            assertTrue(Math.abs(counts[i] - 300) <= 82, "image " + i + " drawn " + counts[i] + " times of 3000");
        }
    }

    // ---- bad files -----------------------------------------------------------------------------

    private void assertFails(String patch, String file, String expected) {
        DataException e = assertThrows(DataException.class, () -> load(patch));
        assertTrue(e.getMessage().startsWith(dir.resolve(file) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void mismatchedFilesFailNamingTheFile() throws IOException {
        IdxFixtures.write(dir, "short-labels", IdxFixtures.labels(0, 1, 2, 0, 1), false);
        assertFails("data.train-labels = short-labels", "short-labels", "holds 5 labels but the images file "
                + dir.resolve("train-images.gz") + " holds 10 images");
        IdxFixtures.write(dir, "small-test", IdxFixtures.images(TEST_LABELS.length, 3, 3, IdxClassPairTest::pixel), false);
        assertFails("data.test-images = small-test", "small-test", "test images are 7 x 3 x 3 but the training"
                + " images in " + dir.resolve("train-images.gz") + " are 10 x 4 x 4");
        assertFails("data.train-images = train-labels", "train-labels", "expected an IDX images file");
        assertFails("data.test-labels = test-images", "test-images", "expected an IDX labels file");
        assertFails("data.downsample = 3", "train-images.gz", "data.downsample = 3 needs images whose rows and"
                + " columns are multiples of 3, got 10 x 4 x 4");
    }

    @Test
    void missingClassesAndTooSmallClassesFailNamingTheLabelsFile() throws IOException {
        assertFails("data.classes = [0, 7]", "train-labels", "class 7 does not occur (data.classes); the labels in"
                + " this file are 0, 1, 2");
        assertFails("data.train-per-class = 4", "train-labels", "class 1 has 3 images, fewer than"
                + " data.train-per-class = 4");
        assertFails("data.test-per-class = 3", "test-labels.gz", "class 1 has 2 images, fewer than"
                + " data.test-per-class = 3");
        IdxFixtures.write(dir, "no-2", IdxFixtures.labels(1, 0, 0, 1, 0, 0, 1), true);
        assertFails("data { classes = [2, 1], test-labels = no-2 }", "no-2", "class 2 does not occur (data.classes);"
                + " the labels in this file are 0, 1");
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectoryAndUrisAreKept() {
        DataSpec.Idx s = spec("data.train-labels = \"hdfs://nn:8020/mnist/train-labels\"");
        assertEquals(dir.resolve("test-images").toAbsolutePath().normalize().toString(), s.testImages());
        assertEquals(dir.resolve("train-images.gz").toAbsolutePath().normalize().toString(), s.trainImages());
        assertEquals("hdfs://nn:8020/mnist/train-labels", s.trainLabels());
    }
}
