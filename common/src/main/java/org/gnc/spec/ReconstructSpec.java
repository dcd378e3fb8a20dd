package org.gnc.spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated training-data reconstruction config ({@code gnc reconstruct}): the data (two groups of
 * IDX classes), the model (a ReLU network with one hidden layer of {@code width} units, bias in that
 * layer only, one output), its full-batch training (one model per weight decay), and the attack
 * (restarts x hyperparameters drawn from ranges). Built only by {@link ReconstructSpecParser}, so
 * every instance is valid: the class groups are non-empty and disjoint, every count is at least 1,
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
     * IDX images and labels: images of a class in {@code negativeClasses} get label -1, of
     * {@code positiveClasses} +1; the first {@code trainPerClass} images of each label in file order
     * are the training set (m = 2 x trainPerClass), the first {@code testPerClass} of each label in the
     * test files are the natural-image control. Pixels are p / 255, averaged over f x f blocks
     * ({@code downsample}), minus the training set's per-pixel mean when {@code subtractMean}.
     */
    public record Data(String trainImages, String trainLabels, String testImages, String testLabels,
                       int[] negativeClasses, int[] positiveClasses, int trainPerClass, int testPerClass,
                       int downsample, boolean subtractMean) implements java.io.Serializable {
        public Data {
            negativeClasses = negativeClasses.clone();
            positiveClasses = positiveClasses.clone();
        }

        @Override public int[] negativeClasses() {
            return negativeClasses.clone();
        }

        @Override public int[] positiveClasses() {
            return positiveClasses.clone();
        }

        /** The number of training images m. */
        public int trainSize() {
            return 2 * trainPerClass;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Data d && trainImages.equals(d.trainImages) && trainLabels.equals(d.trainLabels)
                    && testImages.equals(d.testImages) && testLabels.equals(d.testLabels)
                    && Arrays.equals(negativeClasses, d.negativeClasses)
                    && Arrays.equals(positiveClasses, d.positiveClasses) && trainPerClass == d.trainPerClass
                    && testPerClass == d.testPerClass && downsample == d.downsample && subtractMean == d.subtractMean;
        }

        @Override public int hashCode() {
            return Objects.hash(trainImages, Arrays.hashCode(negativeClasses), Arrays.hashCode(positiveClasses),
                    trainPerClass, testPerClass, downsample, subtractMean);
        }
    }

    /** One hidden layer of {@code width} ReLU units; every initial parameter is N(0, initScale^2). */
    public record Model(int width, double initScale) implements java.io.Serializable {
    }

    /**
     * Full-batch gradient descent on the mean logistic loss plus (wd / 2) ||theta||^2, one model per
     * entry of {@code weightDecays}, for {@code epochs} steps or until the logistic loss is below
     * {@code lossThreshold} (0: never).
     */
    public record Train(int epochs, double learningRate, double[] weightDecays, double lossThreshold)
            implements java.io.Serializable {
        public Train {
            weightDecays = weightDecays.clone();
        }

        @Override public double[] weightDecays() {
            return weightDecays.clone();
        }

        @Override public boolean equals(Object o) {
            return o instanceof Train t && epochs == t.epochs && learningRate == t.learningRate
                    && Arrays.equals(weightDecays, t.weightDecays) && lossThreshold == t.lossThreshold;
        }

        @Override public int hashCode() {
            return Objects.hash(epochs, learningRate, Arrays.hashCode(weightDecays), lossThreshold);
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
     * The attack: {@code restarts} runs of {@code iterations} steps over 2m candidates (m with label -1,
     * m with +1); each restart draws its initialization scale, learning rates for x and lambda,
     * lambda_min and the alpha of sigmoid(alpha z) from the ranges. {@code signed}: the weight-decay /
     * general-loss variant (lambda of either sign, no labels, no lambda_min penalty). Candidates are
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
