package org.gnc.spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated training-data reconstruction config ({@code gnc reconstruct}): the data (two or more
 * groups of IDX classes), the model (a ReLU network with one or two hidden layers of {@code width}
 * units, bias in the first layer only, one output for two groups or one per group), its full-batch training (one model per weight decay), and the attack
 * (restarts x hyperparameters drawn from ranges). Built only by {@link ReconstructSpecParser}, so
 * every instance is valid: the class groups are non-empty and disjoint (and two of them in the
 * general variant), every count is at least 1,
 * and every range has low &lt;= high.
 */
public record ReconstructSpec(String name, long seed, Data data, Model model, Train train, Attack attack,
                              String resolvedText, Path source) {

    public ReconstructSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(attack, "attack");
    }

    /**
     * The images and labels, in class groups: with two groups, images of a class in the first get label
     * -1 and of the second +1 (a binary task, one output); with C &gt;= 3 groups, images of group g get
     * label g (C outputs). IDX files ({@code table} null): the groups are lists of IDX classes. A table
     * ({@code table} non-null: CSV or Parquet rows of rows x cols pixel values then the label, the sweep's
     * table format): with labels -1 and +1 the two groups are those labels and {@code classes} is
     * {@code [[-1], [1]]}; with class labels ({@link Table#classLabels}: class indices 0..255) the groups
     * are lists of them, as for IDX files; the IDX file names are null and {@code downsample} is 1. The first
     * {@code trainPerClass} images of each group in file order are the training set (m = groups x
     * trainPerClass), the first {@code testPerClass} of each group in the test file(s) are the
     * natural-image control. IDX pixels are p / 255, averaged over f x f blocks ({@code downsample});
     * the training set's per-pixel mean is subtracted from every image when {@code subtractMean}.
     */
    public record Data(String trainImages, String trainLabels, String testImages, String testLabels,
                       int[][] classes, int trainPerClass, int testPerClass, int downsample, boolean subtractMean,
                       Table table) implements java.io.Serializable {
        public Data {
            classes = deepClone(classes);
        }

        @Override public int[][] classes() {
            return deepClone(classes);
        }

        private static int[][] deepClone(int[][] a) {
            int[][] out = new int[a.length][];
            for (int g = 0; g < a.length; g++) {
                out[g] = a[g].clone();
            }
            return out;
        }

        /** The number of class groups. */
        public int groups() {
            return classes.length;
        }

        /** The network outputs the task needs: 1 for two groups, else one per group. */
        public int outputs() {
            return classes.length == 2 ? 1 : classes.length;
        }

        /** The label of group g: -1 or +1 for two groups, else g. */
        public int label(int g) {
            return classes.length == 2 ? 2 * g - 1 : g;
        }

        /** The number of training images m. */
        public int trainSize() {
            return classes.length * trainPerClass;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Data d && Objects.equals(trainImages, d.trainImages)
                    && Objects.equals(trainLabels, d.trainLabels) && Objects.equals(testImages, d.testImages)
                    && Objects.equals(testLabels, d.testLabels) && Arrays.deepEquals(classes, d.classes)
                    && trainPerClass == d.trainPerClass && testPerClass == d.testPerClass
                    && downsample == d.downsample && subtractMean == d.subtractMean && Objects.equals(table, d.table);
        }

        @Override public int hashCode() {
            return Objects.hash(trainImages, Arrays.deepHashCode(classes), trainPerClass, testPerClass, downsample,
                    subtractMean, table);
        }
    }

    /**
     * A table as the data: its training and test files (CSV, or Parquet with the label in column
     * {@code label} and every other numeric column a feature), the image shape rows x cols of its
     * feature columns, and whether its labels are class indices 0..255 grouped by {@code data.classes}
     * ({@code classLabels}) or -1/+1.
     */
    public record Table(String train, String test, boolean parquet, int rows, int cols, boolean classLabels)
            implements java.io.Serializable {
        /** The table as the data loader reads it. */
        public DataSpec.Table files() {
            return parquet ? new DataSpec.Table(train, test, DataSpec.TableFormat.PARQUET,
                    DataSpec.ParquetColumns.defaults()) : new DataSpec.Table(train, test);
        }
    }

    /**
     * {@code depth} (1 or 2) hidden layers of {@code width} ReLU units, initialized as {@code initLayers}
     * says with scale {@code initScale} ({@link InitLayers}).
     */
    public record Model(int width, int depth, double initScale, InitLayers initLayers) implements java.io.Serializable {
    }

    /** Which initial parameters {@link Model#initScale} scales; {@link #configName()} is its value of {@code model.init-layers}. */
    public enum InitLayers {
        /** Every initial parameter is N(0, initScale^2). */
        ALL,
        /**
         * The first layer's weights and biases are N(0, initScale^2), the later layers' weights
         * U[-1/sqrt(H), 1/sqrt(H)] (PyTorch's default for a layer of fan-in H): the reference code's
         * initialization ({@code use_init_scale_only_first}).
         */
        FIRST;

        /** The name in lower case. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Full-batch gradient descent on the mean logistic (two groups) or cross-entropy loss plus
     * (wd / 2) ||theta||^2, one model per entry of {@code weightDecays}, for {@code epochs} steps, or
     * until that mean loss is below {@code lossThreshold} (0: never), or until the norm of the gradient of
     * the whole objective is at most {@code gradientThreshold} (0: never), with the step size of
     * {@code step}: {@link Step#CONSTANT} {@code learningRate}, or {@link Step#LOSS_NORMALIZED}
     * {@code learningRate} / L(theta) (L the mean loss without the decay term).
     */
    public record Train(int epochs, double learningRate, double[] weightDecays, double lossThreshold, Step step,
                        double gradientThreshold) implements java.io.Serializable {
        public Train {
            weightDecays = weightDecays.clone();
            Objects.requireNonNull(step, "step");
        }

        /** A training with no gradient threshold. */
        public Train(int epochs, double learningRate, double[] weightDecays, double lossThreshold, Step step) {
            this(epochs, learningRate, weightDecays, lossThreshold, step, 0);
        }

        /** A training with the constant step size (the reference's) and no gradient threshold. */
        public Train(int epochs, double learningRate, double[] weightDecays, double lossThreshold) {
            this(epochs, learningRate, weightDecays, lossThreshold, Step.CONSTANT);
        }

        @Override public double[] weightDecays() {
            return weightDecays.clone();
        }

        @Override public boolean equals(Object o) {
            return o instanceof Train t && epochs == t.epochs && learningRate == t.learningRate
                    && Arrays.equals(weightDecays, t.weightDecays) && lossThreshold == t.lossThreshold
                    && step == t.step && gradientThreshold == t.gradientThreshold;
        }

        @Override public int hashCode() {
            return Objects.hash(epochs, learningRate, Arrays.hashCode(weightDecays), lossThreshold, step,
                    gradientThreshold);
        }
    }

    /** The step size rule of {@link Train}; {@link #configName()} is its value of {@code train.step}. */
    public enum Step {
        /** theta -= lr grad, as the reference. */
        CONSTANT,
        /** theta -= (a / L(theta)) grad: the step grows as the logistic loss and its gradient vanish. */
        LOSS_NORMALIZED;

        /** The name in lower case with '-' for '_'. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A closed range low &lt;= high; drawn uniformly, or log-uniformly when {@code log} (then low &gt; 0). */
    public record Range(double low, double high, boolean log) implements java.io.Serializable {
        public Range {
            if (!(low <= high) || log && !(low > 0)) {
                throw new IllegalArgumentException("need low <= high (and low > 0 on a log scale), got ["
                        + low + ", " + high + "]");
            }
        }

        /** The value at u in [0, 1): low + u (high - low), on a log scale when {@code log}. */
        public double at(double u) {
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }
    }

    /**
     * The attack: {@code restarts} runs of {@code iterations} steps over 2m candidates (two of each
     * training label per training image); each restart draws its initialization scale, learning rates for x and lambda,
     * lambda_min and the alpha of sigmoid(alpha z) from the ranges. {@code signed}: the weight-decay /
     * general-loss variant (lambda of either sign, no labels, no lambda_min penalty; two groups only). Candidates are
     * kept in [boxLow, boxHigh]. The reference's early abort: from iteration {@code abortAfter} on,
     * every {@code abortEvery} iterations, a restart whose score exceeds {@code abortScore} stops.
     * {@code untrainedControl}: the same restarts on the untrained network rescaled to the trained norm.
     */
    public record Attack(int restarts, int iterations, double momentum, double boxLow, double boxHigh,
                         boolean signed, Range initScale, Range learningRateX, Range learningRateLambda,
                         Range lambdaMin, Range alpha, int abortAfter, int abortEvery, double abortScore,
                         boolean untrainedControl) implements java.io.Serializable {
    }
}
