package org.gnc.data;

import java.util.Arrays;
import org.gnc.spec.ReconstructSpec;

/**
 * The data of a reconstruction: groups of IDX classes, labelled by {@link ReconstructSpec.Data#label}
 * (two groups: -1 and +1; C &gt;= 3 groups: 0..C-1), or the rows of a table (CSV or Parquet, through
 * {@link DataLoader#tables}: its feature values are the pixels of rows x cols images as they are, no
 * scaling; the two groups are its labels -1 and +1, or, with class labels, the groups of class indices
 * of {@code data.classes} as for IDX files).
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

    /** Reads the data of {@code spec}: its four IDX files through {@code sources.idx()}, or its table. */
    public static Loaded load(ReconstructSpec.Data spec, DataSources sources) {
        if (spec.table() != null) {
            return loadTable(spec, sources);
        }
        IdxFile trainLabels = sources.idx().read(spec.trainLabels());
        IdxFile testLabels = sources.idx().read(spec.testLabels());
        IdxFile trainImages = sources.idx().read(spec.trainImages());
        IdxFile testImages = sources.idx().read(spec.testImages());
        IdxClassPair.checkFiles(trainImages, trainLabels, testImages, testLabels);
        int[] groupOf = groupOf(spec);
        int[] trainLabelsOut = new int[spec.groups() * spec.trainPerClass()];
        int[] trainItems = select(spec, trainLabels.count(), i -> groupOf[trainLabels.value(i, 0)],
                spec.trainPerClass(), "data.train-per-class", trainLabels.location(), trainLabelsOut);
        int[] testLabelsOut = new int[spec.groups() * spec.testPerClass()];
        int[] testItems = select(spec, testLabels.count(), i -> groupOf[testLabels.value(i, 0)], spec.testPerClass(),
                "data.test-per-class", testLabels.location(), testLabelsOut);
        int[] side = new int[2];
        double[] x = IdxClassPair.blockAverages(trainImages, trainItems, spec.downsample(), side);
        double[] t = IdxClassPair.blockAverages(testImages, testItems, spec.downsample(), side);
        return centred(spec, side[0], side[1], x, trainLabelsOut, t, testLabelsOut);
    }

    /** The group of each class index 0..255 in {@code spec.classes()}, -1 for none. */
    private static int[] groupOf(ReconstructSpec.Data spec) {
        int[][] groups = spec.classes();
        int[] groupOf = new int[TableRows.Labels.MAX_CLASS + 1];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.length; g++) {
            for (int c : groups[g]) {
                groupOf[c] = g;
            }
        }
        return groupOf;
    }

    /**
     * A table's images: the rows of the training and test tables (read by {@link DataLoader#tables}),
     * whose feature count must be rows x cols; the first of each group in turn (labels -1 then +1, or the
     * groups of class indices).
     */
    private static Loaded loadTable(ReconstructSpec.Data spec, DataSources sources) {
        ReconstructSpec.Table table = spec.table();
        DataLoader.Tables rows = DataLoader.tables(table.files(), sources,
                table.classLabels() ? TableRows.Labels.CLASSES : TableRows.Labels.SIGNED);
        int d = table.rows() * table.cols();
        if (rows.train().dim() != d) {
            throw new DataException(table.train() + ": its rows have " + rows.train().dim() + " feature values, but"
                    + " data.rows x data.cols = " + table.rows() + " x " + table.cols() + " = " + d);
        }
        int[] groupOf = table.classLabels() ? groupOf(spec) : null;
        int[] train = rows.train().labels();
        int[] test = rows.test().labels();
        int[] trainLabelsOut = new int[spec.groups() * spec.trainPerClass()];
        int[] trainRows = select(spec, train.length, i -> groupOf == null ? (train[i] < 0 ? 0 : 1) : groupOf[train[i]],
                spec.trainPerClass(), "data.train-per-class", table.train(), trainLabelsOut);
        int[] testLabelsOut = new int[spec.groups() * spec.testPerClass()];
        int[] testRows = select(spec, test.length, i -> groupOf == null ? (test[i] < 0 ? 0 : 1) : groupOf[test[i]],
                spec.testPerClass(), "data.test-per-class", table.test(), testLabelsOut);
        return centred(spec, table.rows(), table.cols(), pick(rows.train(), trainRows), trainLabelsOut,
                pick(rows.test(), testRows), testLabelsOut);
    }

    /** The feature values of rows {@code picked} of {@code table}, in that order. */
    private static double[] pick(TableRows table, int[] picked) {
        int d = table.dim();
        double[] out = new double[picked.length * d];
        for (int k = 0; k < picked.length; k++) {
            System.arraycopy(table.features(), picked[k] * d, out, k * d, d);
        }
        return out;
    }

    /** The loaded images, minus the training set's per-pixel mean when {@code spec.subtractMean()}. */
    private static Loaded centred(ReconstructSpec.Data spec, int rows, int cols, double[] x, int[] trainLabels,
                                  double[] t, int[] testLabels) {
        int d = rows * cols;
        double[] mean = new double[d];
        if (spec.subtractMean()) {
            int m = trainLabels.length;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i * d + j] / m;
                }
            }
            subtract(x, mean);
            subtract(t, mean);
        }
        return new Loaded(new Images(rows, cols, x, trainLabels, mean), new Images(rows, cols, t, testLabels, mean));
    }

    private static void subtract(double[] x, double[] mean) {
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean[i % mean.length];
        }
    }

    /**
     * The first {@code perClass} of the {@code count} items in each group in turn ({@code groupOf}: an
     * item's group, or -1 for none); fills their labels. Too few is a {@link DataException} naming
     * {@code location} and {@code key}.
     */
    private static int[] select(ReconstructSpec.Data spec, int count, java.util.function.IntUnaryOperator groupOf,
                                int perClass, String key, String location, int[] labelsOut) {
        int groups = spec.groups();
        int[] out = new int[groups * perClass];
        int[] found = new int[groups];
        for (int i = 0; i < count; i++) {
            int g = groupOf.applyAsInt(i);
            if (g >= 0 && found[g] < perClass) {
                out[g * perClass + found[g]] = i;
                labelsOut[g * perClass + found[g]] = spec.label(g);
                found[g]++;
            }
        }
        for (int g = 0; g < groups; g++) {
            if (found[g] < perClass) {
                throw new DataException(location + ": " + (spec.table() != null && !spec.table().classLabels()
                        ? "the label " + spec.label(g)
                        : "the classes " + Arrays.toString(spec.classes()[g]) + " (data.classes)") + " hold "
                        + found[g] + " images, fewer than " + key + " = " + perClass);
            }
        }
        return out;
    }
}
