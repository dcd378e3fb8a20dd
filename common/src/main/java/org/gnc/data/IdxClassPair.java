package org.gnc.data;


import java.math.BigInteger;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gnc.model.InputShape;
import org.gnc.rng.CounterRng;
import org.gnc.spec.DataSpec;

/**
 * Builds a two-class problem from IDX images and labels (MNIST, Fashion-MNIST, KMNIST, EMNIST):
 * the data of a {@code data.kind = idx} cell.
 *
 * <p>Points: images of {@code negativeClass} get label -1, of {@code positiveClass} +1 (for
 * {@code classes = random}, the pair {@link #withClasses} draws). The training
 * set holds the chosen images of the negative class, then those of the positive class, each in
 * selection order (file order for {@code first}; for {@code random}, the order of a seeded partial
 * Fisher-Yates shuffle of the class's images in file order, drawn from
 * {@code CounterRng.of(seed, "idx-subset", class)}, so smaller subsets of a seed are prefixes of
 * larger ones). The test set holds the chosen test images of both classes in file order (every one
 * by default, or the first {@code perClass} of each class).
 *
 * <p>Features: with block sums b over f x f blocks (f = downsample; b is the pixel itself for f = 1)
 * and c = f^2 x (255 when divideBy255, else 1), a feature is x = b / c, the block average on the
 * chosen scale; standardized, it is (x - mean) / std. The mean and the population standard deviation
 * (divisor n) are those of x over every image of the training images file (all classes): one pair
 * over all features for {@code global}, one per feature for {@code per-pixel}. They are computed
 * from exact integer sums, so they are correctly rounded. A standard deviation of 0 (a pixel that is
 * 0 in every training image) is taken as 1: such a feature is only centred.
 *
 * <p>Every problem (a file that is not IDX or is truncated, images and labels of different counts,
 * train and test images of different shapes, a downsampling factor that does not divide the image, a
 * class that does not occur, a class with fewer images than asked) is a {@link DataException} naming
 * the file. Stateless.
 */
public final class IdxClassPair {
    private static final String IMAGES = "an IDX images file (n x rows x columns, magic 0x00000803, or n x"
            + " features, magic 0x00000802)";
    private static final String LABELS = "an IDX labels file (n labels, magic 0x00000801)";

    private IdxClassPair() {
    }

    /** The standardization statistics of each feature (all features share one pair for global). */
    public record PixelStatistics(double[] mean, double[] std) {
        public PixelStatistics {
            mean = mean.clone();
            std = std.clone();
        }

        @Override public double[] mean() {
            return mean.clone();
        }

        @Override public double[] std() {
            return std.clone();
        }
    }

    /** Reads the four files of the spec through {@code files} and builds the cell's data. */
    public static CellData load(DataSpec.Idx spec, IdxSource files) {
        IdxFile trainLabels = files.read(spec.trainLabels()).requireDims(1, 1, LABELS);
        IdxFile testLabels = files.read(spec.testLabels()).requireDims(1, 1, LABELS);
        IdxFile trainImages = files.read(spec.trainImages());
        IdxFile testImages = files.read(spec.testImages());
        return build(spec, trainImages, trainLabels, testImages, testLabels);
    }

    /** Builds the cell's data from files already read (their locations in the spec are not used). */
    public static CellData build(DataSpec.Idx spec, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages,
                                 IdxFile testLabels) {
        Geometry g = check(spec, trainImages, trainLabels, testImages, testLabels);
        spec = withClasses(spec, trainLabels);
        PixelStatistics stats = statistics(spec, g, trainImages);
        int[] neg = select(spec.train(), trainLabels, spec.negativeClass(), "data.train-per-class");
        int[] pos = select(spec.train(), trainLabels, spec.positiveClass(), "data.train-per-class");
        int[] trainIdx = new int[neg.length + pos.length];
        int[] trainY = new int[trainIdx.length];
        System.arraycopy(neg, 0, trainIdx, 0, neg.length);
        System.arraycopy(pos, 0, trainIdx, neg.length, pos.length);
        Arrays.fill(trainY, 0, neg.length, -1);
        Arrays.fill(trainY, neg.length, trainY.length, 1);
        int[] testIdx = testIndices(spec, testLabels);
        int[] testY = new int[testIdx.length];
        for (int i = 0; i < testIdx.length; i++) {
            testY[i] = testLabels.value(testIdx[i], 0) == spec.positiveClass() ? 1 : -1;
        }
        Dataset train = new Dataset(g.shape(), features(g, trainImages, trainIdx, stats), trainY);
        Dataset test = new Dataset(g.shape(), features(g, testImages, testIdx, stats), testY);
        return new CellData(train, test, 0, spec.negativeClass() + "," + spec.positiveClass());
    }

    /** The indices (in the training files) of the training points, in the order of the training set. */
    public static int[] trainIndices(DataSpec.Idx spec, IdxFile trainLabels) {
        trainLabels.requireDims(1, 1, LABELS);
        spec = withClasses(spec, trainLabels);
        int[] neg = select(spec.train(), trainLabels, spec.negativeClass(), "data.train-per-class");
        int[] pos = select(spec.train(), trainLabels, spec.positiveClass(), "data.train-per-class");
        int[] out = Arrays.copyOf(neg, neg.length + pos.length);
        System.arraycopy(pos, 0, out, neg.length, pos.length);
        return out;
    }

    /**
     * The spec with its class pair: as written, or for {@code classes = random} two distinct classes drawn
     * from those that occur in {@code trainLabels} (in increasing order, then the first two places of a
     * {@link SeededShuffle} with {@code CounterRng.of(train-seed, "idx-classes")}): the first gets label -1,
     * the second +1. A pure function of the training subset's seed and the labels file, as the peers draw
     * a pair per data seed. A {@link DataException} when fewer than two classes occur.
     */
    public static DataSpec.Idx withClasses(DataSpec.Idx spec, IdxFile trainLabels) {
        if (!spec.randomClasses()) {
            return spec;
        }
        int[] present = new TreeSet<Integer>(classCounts(trainLabels).keySet()).stream().mapToInt(Integer::intValue)
                .toArray();
        if (present.length < 2) {
            throw new DataException(trainLabels.location() + ": data.classes = random needs two classes, the labels"
                    + " in this file are " + Arrays.toString(present));
        }
        SeededShuffle.partial(present, 2, CounterRng.of(spec.train().seed(), "idx-classes"));
        return spec.withClasses(present[0], present[1]);
    }

    private static java.util.Map<Integer, Integer> classCounts(IdxFile labels) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (byte x : labels.values()) {
            counts.merge(x & 0xff, 1, Integer::sum);
        }
        return counts;
    }

    /** The standardization statistics of the spec over every image of {@code trainImages}. */
    public static PixelStatistics statistics(DataSpec.Idx spec, IdxFile trainImages) {
        trainImages.requireDims(2, 3, IMAGES);
        return statistics(spec, geometry(spec, trainImages), trainImages);
    }

    // ---------------------------------------------------------------------------------------------

    /** Image rows and columns (1 x features for 2-dimensional files), the factor f and the scale c. */
    private record Geometry(int rows, int cols, int f, double scale) {
        int dim() {
            return (rows / f) * (cols / f);
        }

        /** One channel of the downsampled rows x columns. */
        InputShape shape() {
            return new InputShape(1, rows / f, cols / f);
        }
    }

    private static Geometry geometry(DataSpec.Idx spec, IdxFile images) {
        return geometry(images, spec.downsample(), spec.divideBy255());
    }

    private static Geometry geometry(IdxFile images, int f, boolean divideBy255) {
        int[] d = images.dims();
        int rows = d.length == 3 ? d[1] : 1;
        int cols = d.length == 3 ? d[2] : d[1];
        if (rows < 1 || cols < 1) {
            throw new DataException(images.location() + ": images of " + images.shape() + " have no pixels");
        }
        if (f > 1 && (d.length != 3 || rows % f != 0 || cols % f != 0)) {
            throw new DataException(images.location() + ": data.downsample = " + f + " needs images whose rows and"
                    + " columns are multiples of " + f + ", got " + images.shape());
        }
        return new Geometry(rows, cols, f, (double) f * f * (divideBy255 ? 255 : 1));
    }

    private static Geometry check(DataSpec.Idx spec, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages,
                                  IdxFile testLabels) {
        checkFiles(trainImages, trainLabels, testImages, testLabels);
        return geometry(spec, trainImages);
    }

    /**
     * Checks that the four files fit together: images and labels files of the right dimensions, as many
     * labels as images, train and test images of one shape; otherwise a {@link DataException} naming the file.
     */
    static void checkFiles(IdxFile trainImages, IdxFile trainLabels, IdxFile testImages, IdxFile testLabels) {
        trainImages.requireDims(2, 3, IMAGES);
        testImages.requireDims(2, 3, IMAGES);
        trainLabels.requireDims(1, 1, LABELS);
        testLabels.requireDims(1, 1, LABELS);
        for (IdxFile[] pair : new IdxFile[][] {{trainImages, trainLabels}, {testImages, testLabels}}) {
            if (pair[0].count() != pair[1].count()) {
                throw new DataException(pair[1].location() + ": holds " + pair[1].count() + " labels but the images"
                        + " file " + pair[0].location() + " holds " + pair[0].count() + " images; they must match");
            }
        }
        int[] a = trainImages.dims();
        int[] b = testImages.dims();
        if (!Arrays.equals(a, 1, a.length, b, 1, b.length)) {
            throw new DataException(testImages.location() + ": test images are " + testImages.shape()
                    + " but the training images in " + trainImages.location() + " are " + trainImages.shape()
                    + "; each image must have the same shape");
        }
    }

    /** Block sums of image {@code item} into {@code out} (length dim). */
    private static void blockSums(Geometry g, byte[] v, int itemSize, int item, int[] out) {
        int f = g.f();
        int base = item * itemSize;
        if (f == 1) {
            for (int j = 0; j < itemSize; j++) {
                out[j] = v[base + j] & 0xff;
            }
            return;
        }
        int outCols = g.cols() / f;
        Arrays.fill(out, 0);
        for (int r = 0; r < g.rows(); r++) {
            int row = base + r * g.cols();
            int outRow = (r / f) * outCols;
            for (int c = 0; c < g.cols(); c++) {
                out[outRow + c / f] += v[row + c] & 0xff;
            }
        }
    }

    private static PixelStatistics statistics(DataSpec.Idx spec, Geometry g, IdxFile images) {
        int dim = g.dim();
        double[] mean = new double[dim];
        double[] std = new double[dim];
        if (spec.standardization() == DataSpec.Standardization.NONE) {
            Arrays.fill(std, 1.0);
            return new PixelStatistics(mean, std);
        }
        long[] sum = new long[dim];
        long[] sumSq = new long[dim];
        int[] b = new int[dim];
        byte[] v = images.values();
        int n = images.count();
        for (int i = 0; i < n; i++) {
            blockSums(g, v, images.itemSize(), i, b);
            for (int j = 0; j < dim; j++) {
                sum[j] += b[j];
                sumSq[j] += (long) b[j] * b[j];
            }
        }
        if (spec.standardization() == DataSpec.Standardization.GLOBAL) {
            long s = 0;
            long q = 0;
            for (int j = 0; j < dim; j++) {
                s = Math.addExact(s, sum[j]);
                q = Math.addExact(q, sumSq[j]);
            }
            long m = (long) n * dim;
            Arrays.fill(mean, moments(m, s, q, g.scale())[0]);
            Arrays.fill(std, moments(m, s, q, g.scale())[1]);
        } else {
            for (int j = 0; j < dim; j++) {
                double[] ms = moments(n, sum[j], sumSq[j], g.scale());
                mean[j] = ms[0];
                std[j] = ms[1];
            }
        }
        return new PixelStatistics(mean, std);
    }

    /** Mean and population std of m values v/c given the sum and sum of squares of the v (0 std as 1). */
    private static double[] moments(long m, long sum, long sumSq, double c) {
        BigInteger bm = BigInteger.valueOf(m);
        BigInteger bs = BigInteger.valueOf(sum);
        // m^2 var(v) = m * sum(v^2) - sum(v)^2, exactly
        double num = bm.multiply(BigInteger.valueOf(sumSq)).subtract(bs.multiply(bs)).doubleValue();
        double mc = m * c;
        double std = Math.sqrt(num) / mc;
        return new double[] {sum / mc, std > 0 ? std : 1.0};
    }

    private static double[] features(Geometry g, IdxFile images, int[] items, PixelStatistics stats) {
        int dim = g.dim();
        double[] mean = stats.mean;
        double[] std = stats.std;
        double[] x = new double[items.length * dim];
        int[] b = new int[dim];
        for (int p = 0; p < items.length; p++) {
            blockSums(g, images.values(), images.itemSize(), items[p], b);
            for (int j = 0; j < dim; j++) {
                x[p * dim + j] = (b[j] / g.scale() - mean[j]) / std[j];
            }
        }
        return x;
    }

    /**
     * Images {@code items} of {@code images} (n x rows x columns) as p / 255 averaged over f x f blocks,
     * row-major, one image after another, with the image side after downsampling; a
     * {@link DataException} when f does not divide the sides.
     */
    static double[] blockAverages(IdxFile images, int[] items, int f, int[] sideOut) {
        images.requireDims(3, 3, IMAGES);
        Geometry g = geometry(images, f, true);
        sideOut[0] = g.rows() / f;
        sideOut[1] = g.cols() / f;
        double[] zero = new double[g.dim()];
        double[] one = new double[g.dim()];
        Arrays.fill(one, 1.0);
        return features(g, images, items, new PixelStatistics(zero, one));
    }

    /** The images of one class chosen by a subset, in selection order. */
    private static int[] select(DataSpec.Subset s, IdxFile labels, int cls, String key) {
        int[] all = classIndices(labels, cls);
        if (s.isAll()) {
            return all;
        }
        int k = s.perClass();
        if (k > all.length) {
            throw new DataException(labels.location() + ": class " + cls + " has " + all.length + " images, fewer"
                    + " than " + key + " = " + k);
        }
        if (!s.random()) {
            return Arrays.copyOf(all, k);
        }
        SeededShuffle.partial(all, k, CounterRng.of(s.seed(), "idx-subset", cls));
        return Arrays.copyOf(all, k);
    }

    private static int[] classIndices(IdxFile labels, int cls) {
        byte[] v = labels.values();
        int count = 0;
        for (byte x : v) {
            count += (x & 0xff) == cls ? 1 : 0;
        }
        if (count == 0) {
            TreeSet<Integer> present = new TreeSet<>(classCounts(labels).keySet());
            throw new DataException(labels.location() + ": class " + cls + " does not occur (data.classes); the"
                    + " labels in this file are " + (present.isEmpty() ? "none"
                    : present.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
        int[] out = new int[count];
        for (int i = 0, o = 0; i < v.length; i++) {
            if ((v[i] & 0xff) == cls) {
                out[o++] = i;
            }
        }
        return out;
    }

    private static int[] testIndices(DataSpec.Idx spec, IdxFile labels) {
        int k = spec.test().perClass();
        int[] neg = select(spec.test(), labels, spec.negativeClass(), "data.test-per-class");
        int[] pos = select(spec.test(), labels, spec.positiveClass(), "data.test-per-class");
        // both are file-order prefixes of their class: merge them back into file order
        int[] out = new int[neg.length + pos.length];
        int i = 0;
        int j = 0;
        int o = 0;
        while (i < neg.length || j < pos.length) {
            out[o++] = j >= pos.length || i < neg.length && neg[i] < pos[j] ? neg[i++] : pos[j++];
        }
        assert k == DataSpec.Subset.ALL || out.length == 2 * k;
        return out;
    }
}
