package org.gnc.data;

import java.util.Arrays;
import org.gnc.spec.ReconstructSpec;

/**
 * The data of a reconstruction: groups of IDX classes, labelled by {@link ReconstructSpec.Data#label}
 * (two groups: -1 and +1; C &gt;= 3 groups: 0..C-1).
 *
 * <p>The training set is the first {@code trainPerClass} images of the first group in file order,
 * then the first {@code trainPerClass} of the next group, and so on; the control set likewise takes the first
 * {@code testPerClass} of each group from the test files. A pixel is p / 255 averaged over f x f blocks
 * ({@link IdxClassPair}'s block averages); with {@code subtractMean} every image, training or test,
 * has the training set's per-pixel mean subtracted, and {@link Images#mean()} holds it so that
 * pictures can add it back. A group with fewer images than asked, or files that do not fit together,
 * are a {@link DataException} naming the file. Stateless.
 */
public final class IdxClassGroups {
    private IdxClassGroups() {
    }

    /**
     * Labelled images: {@code features} holds {@code size()} images of {@code rows x cols} pixels,
     * row-major, one after another; {@code labels} are -1 or +1 for two groups, else group indices.
     */
    public record Images(int rows, int cols, double[] features, int[] labels, double[] mean)
            implements java.io.Serializable {
        public Images {
            features = features.clone();
            labels = labels.clone();
            mean = mean.clone();
        }

        @Override public double[] features() {
            return features.clone();
        }

        @Override public int[] labels() {
            return labels.clone();
        }

        @Override public double[] mean() {
            return mean.clone();
        }

        /** Pixels per image. */
        public int dim() {
            return rows * cols;
        }

        /** The number of images. */
        public int size() {
            return labels.length;
        }
    }

    /** The training images and the natural-image control images of a reconstruction. */
    public record Loaded(Images train, Images control) implements java.io.Serializable {
    }

    /** Reads the four files of {@code spec} through {@code files}. */
    public static Loaded load(ReconstructSpec.Data spec, FileSource files) {
        IdxFile trainLabels = IdxFile.read(spec.trainLabels(), files);
        IdxFile testLabels = IdxFile.read(spec.testLabels(), files);
        IdxFile trainImages = IdxFile.read(spec.trainImages(), files);
        IdxFile testImages = IdxFile.read(spec.testImages(), files);
        IdxClassPair.checkFiles(trainImages, trainLabels, testImages, testLabels);
        int[] trainLabelsOut = new int[spec.groups() * spec.trainPerClass()];
        int[] trainItems = select(spec, trainLabels, spec.trainPerClass(), "data.train-per-class", trainLabelsOut);
        int[] testLabelsOut = new int[spec.groups() * spec.testPerClass()];
        int[] testItems = select(spec, testLabels, spec.testPerClass(), "data.test-per-class", testLabelsOut);
        int[] side = new int[2];
        double[] x = IdxClassPair.blockAverages(trainImages, trainItems, spec.downsample(), side);
        double[] t = IdxClassPair.blockAverages(testImages, testItems, spec.downsample(), side);
        int d = side[0] * side[1];
        double[] mean = new double[d];
        if (spec.subtractMean()) {
            int m = trainItems.length;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i * d + j] / m;
                }
            }
            subtract(x, mean);
            subtract(t, mean);
        }
        return new Loaded(new Images(side[0], side[1], x, trainLabelsOut, mean),
                new Images(side[0], side[1], t, testLabelsOut, mean));
    }

    private static void subtract(double[] x, double[] mean) {
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean[i % mean.length];
        }
    }

    /** The first {@code perClass} items of each group in turn; fills their labels. */
    private static int[] select(ReconstructSpec.Data spec, IdxFile labels, int perClass, String key, int[] labelsOut) {
        int[][] groups = spec.classes();
        int[] out = new int[groups.length * perClass];
        for (int g = 0; g < groups.length; g++) {
            boolean[] in = new boolean[256];
            for (int c : groups[g]) {
                in[c] = true;
            }
            int found = 0;
            for (int i = 0; i < labels.count() && found < perClass; i++) {
                if (in[labels.value(i, 0)]) {
                    out[g * perClass + found] = i;
                    labelsOut[g * perClass + found] = spec.label(g);
                    found++;
                }
            }
            if (found < perClass) {
                throw new DataException(labels.location() + ": the classes " + Arrays.toString(groups[g])
                        + " (data.classes) hold " + found + " images, fewer than " + key + " = " + perClass);
            }
        }
        return out;
    }
}
