package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gnc.spec.ReconstructSpec;
import org.gnc.spec.ReconstructSpecParser;
import org.junit.jupiter.api.Test;

/** Class groups of Fashion-MNIST: the first images of each group, block averages, the training mean. */
class IdxClassGroupsTest {
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
        IdxClassGroups.Loaded d = IdxClassGroups.load(tiny().data(), FileSource.local());
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
                "data.train-per-class=2").data(), FileSource.local());
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
                tiny("data.classes=[[0], [1]]", "data.test-per-class=1001").data(), FileSource.local()));
        assertTrue(e.getMessage().contains("data.test-per-class = 1001"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels"), e.getMessage());
    }
}
