package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gnc.spec.ReconstructSpec;
import org.gnc.spec.ReconstructSpecParser;
import org.gnc.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class groups of Fashion-MNIST: the first images of each group, block averages, the training mean; and
 * a CSV table as the data, with its bad input.
 */
class IdxClassGroupsTest {
    /** tiny.conf with its data block replaced by {@code block}, parsed with paths relative to {@code dir}. */
    static ReconstructSpec tinyWithData(String block, Path dir) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("conf/reconstruct/tiny.conf").toFile().exists()) {
            root = root.getParent();
        }
        String text = Files.readString(root.resolve("conf/reconstruct/tiny.conf"));
        int start = text.indexOf("data  {");
        int end = text.indexOf("}", start) + 1;
        return ReconstructSpecParser.parseText(text.substring(0, start) + block + text.substring(end), dir, "test");
    }

    /** Six 2 x 3 images, pixel j of row i = 10 i + j, labels +1, -1, -1, +1, -1, +1. */
    private static void writeTable(Path file) throws IOException {
        int[] labels = {1, -1, -1, 1, -1, 1};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < 6; j++) {
                b.append(10 * i + j).append(',');
            }
            b.append(labels[i]).append('\n');
        }
        Files.writeString(file, b.toString());
    }

    @Test
    void aCsvTableIsReadAsImagesOfItsShapeWithTheFirstRowsOfEachLabel(@TempDir Path dir) throws IOException {
        writeTable(dir.resolve("train.csv"));
        writeTable(dir.resolve("test.csv"));
        String block = "data { kind = table, train = train.csv, test = test.csv, rows = 2, cols = 3, train-per-class = 2,"
                + " test-per-class = 1, subtract-mean = %s }";
        ReconstructSpec spec = tinyWithData(String.format(block, "true"), dir);
        assertEquals(1, spec.data().outputs());
        IdxClassGroups.Loaded d = IdxClassGroups.load(spec.data(), DataSources.local());
        assertEquals(2, d.train().rows());
        assertEquals(3, d.train().cols());
        assertArrayEquals(new int[] {-1, -1, 1, 1}, d.train().labels());
        assertArrayEquals(new int[] {-1, 1}, d.control().labels());
        // training rows 1, 2 (label -1) and 0, 3 (+1): mean of pixel j = (10 + 20 + 0 + 30) / 4 + j = 15 + j
        double[] x = d.train().features();
        for (int j = 0; j < 6; j++) {
            assertEquals(15 + j, d.train().mean()[j], 1e-12);
            assertEquals(10 + j - (15 + j), x[j], 1e-12);
            assertEquals(0 + j - (15 + j), d.control().features()[6 + j], 1e-12);
        }
        ReconstructSpec raw = tinyWithData(String.format(block, "false"), dir);
        assertEquals(30 + 5, IdxClassGroups.load(raw.data(), DataSources.local()).train().features()[3 * 6 + 5], 0);
        // bad input: the shape, too few rows of a label, mixed formats
        DataException shape = assertThrows(DataException.class, () -> IdxClassGroups.load(
                tinyWithData(String.format(block, "true").replace("cols = 3", "cols = 2"), dir).data(),
                DataSources.local()));
        assertTrue(shape.getMessage().contains("data.rows x data.cols") && shape.getMessage().contains("train.csv"),
                shape.getMessage());
        DataException few = assertThrows(DataException.class, () -> IdxClassGroups.load(
                tinyWithData(String.format(block, "true").replace("test-per-class = 1", "test-per-class = 4"), dir)
                        .data(), DataSources.local()));
        assertTrue(few.getMessage().contains("data.test-per-class = 4") && few.getMessage().contains("test.csv"),
                few.getMessage());
        SpecException mixed = assertThrows(SpecException.class, () -> tinyWithData(String.format(block, "true")
                .replace("test.csv", "test.parquet"), dir));
        assertEquals("data.test", mixed.keyPath());
        SpecException idxKey = assertThrows(SpecException.class, () -> tinyWithData(String.format(block, "true")
                .replace("rows = 2", "rows = 2, downsample = 2"), dir));
        assertEquals("data.downsample", idxKey.keyPath());
    }

    /**
     * A CSV table whose labels are class indices, grouped by data.classes as IDX classes are: three
     * groups make a multiclass task (labels 0, 1, 2), two make a binary one (-1, +1); a label outside
     * 0..255 names the file and line, and without data.classes the table's labels must be -1/+1.
     */
    @Test
    void aCsvTableWithClassLabelsIsGroupedByDataClasses(@TempDir Path dir) throws IOException {
        int[] labels = {2, 0, 1, 0, 2, 1, 3};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            b.append(10 * i).append(',').append(10 * i + 1).append(',').append(labels[i]).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), b.toString());
        Files.writeString(dir.resolve("test.csv"), b.toString());
        String block = "data { kind = table, train = train.csv, test = test.csv, rows = 1, cols = 2, classes = %s,"
                + " train-per-class = %d, test-per-class = 1, subtract-mean = false }";
        ReconstructSpec three = tinyWithData(String.format(block, "[[0], [1], [2]]", 2), dir);
        assertEquals(3, three.data().outputs());
        assertTrue(three.data().table().classLabels());
        IdxClassGroups.Loaded d = IdxClassGroups.load(three.data(), DataSources.local());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, d.train().labels());
        // rows 1, 3 (class 0), 2, 5 (class 1), 0, 4 (class 2); class 3 is in no group
        assertArrayEquals(new double[] {10, 11, 30, 31, 20, 21, 50, 51, 0, 1, 40, 41}, d.train().features());
        assertArrayEquals(new int[] {0, 1, 2}, d.control().labels());
        ReconstructSpec two = tinyWithData(String.format(block, "[[0, 2], [1, 3]]", 3), dir);
        IdxClassGroups.Loaded binary = IdxClassGroups.load(two.data(), DataSources.local());
        assertEquals(1, two.data().outputs());
        assertArrayEquals(new int[] {-1, -1, -1, 1, 1, 1}, binary.train().labels());
        assertArrayEquals(new double[] {0, 1, 10, 11, 30, 31, 20, 21, 50, 51, 60, 61}, binary.train().features());
        DataException few = assertThrows(DataException.class, () -> IdxClassGroups.load(
                tinyWithData(String.format(block, "[[0], [1], [3]]", 2), dir).data(), DataSources.local()));
        assertTrue(few.getMessage().contains("the classes [3] (data.classes) hold 1 images, fewer than"
                + " data.train-per-class = 2") && few.getMessage().contains("train.csv"), few.getMessage());
        SpecException overlap = assertThrows(SpecException.class,
                () -> tinyWithData(String.format(block, "[[0, 1], [1]]", 1), dir));
        assertEquals("data.classes", overlap.keyPath());
        Files.writeString(dir.resolve("train.csv"), b + "70,71,-1\n");
        DataException negative = assertThrows(DataException.class, () -> IdxClassGroups.load(three.data(),
                DataSources.local()));
        assertTrue(negative.getMessage().contains("train.csv:8: last column is the label and must be a class index"),
                negative.getMessage());
        ReconstructSpec signed = tinyWithData(String.format(block, "[[0], [1]]", 1).replace(" classes = [[0], [1]],", ""),
                dir);
        assertTrue(!signed.data().table().classLabels());
        DataException notSigned = assertThrows(DataException.class, () -> IdxClassGroups.load(signed.data(),
                DataSources.local()));
        assertTrue(notSigned.getMessage().contains("train.csv:1: last column is the label and must be +1 or -1"),
                notSigned.getMessage());
    }

    private static ReconstructSpec tiny(String... overrides) {
        Path dir = Path.of("").toAbsolutePath();
        while (!dir.resolve("conf/reconstruct/tiny.conf").toFile().exists()) {
            dir = dir.getParent();
        }
        return ReconstructSpecParser.parse(dir.resolve("conf/reconstruct/tiny.conf"), List.of(overrides));
    }

    @Test
    void theFirstImagesOfEachGroupMinusTheTrainingMean() {
        FashionMnistTest.requireFiles();
        IdxClassGroups.Loaded d = IdxClassGroups.load(tiny().data(), DataSources.local());
        assertEquals(7, d.train().rows());
        assertEquals(49, d.train().dim());
        assertArrayEquals(new int[] {-1, -1, -1, -1, 1, 1, 1, 1}, d.train().labels());
        assertEquals(40, d.control().size());
        double[] x = d.train().features();
        for (int j = 0; j < 49; j++) {
            double s = 0;
            for (int i = 0; i < 8; i++) {
                s += x[i * 49 + j];
            }
            assertEquals(0, s, 1e-12);
        }
        // Fashion-MNIST training labels begin 9, 0, 0, 3, ...: image 1 is the first of the even group
        double[] raw = IdxClassPair.blockAverages(IdxFile.read(Path.of(tiny().data().trainImages())), new int[] {1},
                4, new int[2]);
        for (int j = 0; j < 49; j++) {
            assertEquals(raw[j], x[j] + d.train().mean()[j], 1e-12);
            assertTrue(raw[j] >= 0 && raw[j] <= 1);
        }
    }

    @Test
    void threeGroupsAreLabelledByTheirIndexInGroupOrder() {
        FashionMnistTest.requireFiles();
        IdxClassGroups.Loaded d = IdxClassGroups.load(tiny("data.classes=[[9], [0], [3, 4]]",
                "data.train-per-class=2").data(), DataSources.local());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, d.train().labels());
        assertEquals(60, d.control().size());
        // Fashion-MNIST training labels begin 9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, ... and hold 4 at 19:
        // the 9s are images 0 and 11, the 0s 1 and 2, the group {3, 4} is images 3 and 19
        int[] items = {0, 11, 1, 2, 3, 19};
        double[] raw = IdxClassPair.blockAverages(IdxFile.read(Path.of(tiny().data().trainImages())), items, 4,
                new int[2]);
        double[] x = d.train().features();
        double[] mean = d.train().mean();
        for (int k = 0; k < items.length; k++) {
            for (int j = 0; j < 49; j++) {
                assertEquals(raw[k * 49 + j], x[k * 49 + j] + mean[j], 1e-12);
            }
        }
    }

    @Test
    void moreImagesThanTheGroupHoldsNamesTheKeyAndFile() {
        FashionMnistTest.requireFiles();
        DataException e = assertThrows(DataException.class, () -> IdxClassGroups.load(
                tiny("data.classes=[[0], [1]]", "data.test-per-class=1001").data(), DataSources.local()));
        assertTrue(e.getMessage().contains("data.test-per-class = 1001"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels"), e.getMessage());
    }
}
