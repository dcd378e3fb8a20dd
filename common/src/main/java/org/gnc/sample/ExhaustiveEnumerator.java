package org.gnc.sample;

import java.math.BigInteger;
import org.gnc.data.Dataset;
import org.gnc.kernel.Points;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;

/**
 * Enumerates every network of a finite-level prior exactly once, for small parameter spaces.
 *
 * <p>With k levels and P parameters the space has k^P configurations, each of prior probability
 * k^-P. Configuration c has weight j equal to level digit_j(c), where digit_j(c) = floor(c / k^j) mod k
 * (least significant digit first). A configuration is an interpolator under the same rule as the
 * sampler (at most max-train-errors training mistakes, by the same forward pass), and each
 * interpolator's test mistakes are counted. Spaces above {@code maxConfigurations} are refused with
 * a message stating their size. Serializable, so ranges of one space can be enumerated on executors.
 */
public final class ExhaustiveEnumerator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The default largest space enumerated: 2^26 configurations. */
    public static final long DEFAULT_MAX_CONFIGURATIONS = 1L << 26;

    private final Architecture arch;
    private final double[] levels;
    private final int parameters;
    private final long configurations;
    private final Points train;
    private final Points test;
    private final int maxTrainErrors;

    public ExhaustiveEnumerator(Architecture arch, Prior prior, Dataset train, Dataset test, int maxTrainErrors) {
        this(arch, prior, train, test, maxTrainErrors, DEFAULT_MAX_CONFIGURATIONS);
    }

    public ExhaustiveEnumerator(Architecture arch, Prior prior, Dataset train, Dataset test, int maxTrainErrors,
                                long maxConfigurations) {
        if (!prior.isFinite()) {
            throw new IllegalArgumentException("exhaustive enumeration needs a finite-level prior, got "
                    + prior.label());
        }
        this.arch = arch;
        this.levels = prior.levels();
        this.parameters = arch.parameterCount();
        BigInteger size = BigInteger.valueOf(levels.length).pow(parameters);
        if (size.compareTo(BigInteger.valueOf(maxConfigurations)) > 0) {
            throw new IllegalArgumentException("the parameter space has " + levels.length + "^" + parameters
                    + " = " + size + " configurations (" + levels.length + " levels, " + parameters
                    + " parameters); exhaustive enumeration handles at most " + maxConfigurations);
        }
        this.configurations = size.longValueExact();
        this.train = new Points(train, arch, "training");
        this.test = new Points(test, arch, "test");
        this.maxTrainErrors = maxTrainErrors;
    }

    /** k^P, the number of configurations. */
    public long configurations() {
        return configurations;
    }

    /** The weights of configuration {@code c}. */
    public double[] weights(long c) {
        double[] w = new double[parameters];
        int k = levels.length;
        for (int j = 0; j < parameters; j++) {
            w[j] = levels[(int) (c % k)];
            c /= k;
        }
        return w;
    }

    /** Enumerates the whole space. */
    public ExactPosterior enumerate() {
        return enumerate(0, configurations);
    }

    /** Enumerates configurations [first, first + count). */
    public ExactPosterior enumerate(long first, long count) {
        if (first < 0 || count < 0 || first + count > configurations) {
            throw new IllegalArgumentException("range [" + first + ", " + (first + count)
                    + ") is outside [0, " + configurations + ")");
        }
        int k = levels.length;
        long[] counts = new long[test.n + 1];
        long interpolators = 0;
        double[] scratch = arch.newScratch();
        int[] digits = new int[parameters];
        long c0 = first;
        for (int j = 0; j < parameters; j++) {
            digits[j] = (int) (c0 % k);
            c0 /= k;
        }
        double[] w = weights(first);
        int[] order = new int[train.n];
        for (int p = 0; p < train.n; p++) {
            order[p] = p;
        }
        for (long c = 0; c < count; c++) {
            int errors = 0;
            for (int t = 0; t < train.n; t++) {
                int p = order[t];
                if (train.misclassifies(arch, w, 0, p, scratch) && ++errors > maxTrainErrors) {
                    moveToFront(order, t);
                    break;
                }
            }
            if (errors <= maxTrainErrors) {
                interpolators++;
                counts[test.mistakes(arch, w, 0, scratch)]++;
            }
            for (int j = 0; j < parameters; j++) {
                if (++digits[j] < k) {
                    w[j] = levels[digits[j]];
                    break;
                }
                digits[j] = 0;
                w[j] = levels[0];
            }
        }
        return new ExactPosterior(count, interpolators, counts);
    }

    private static void moveToFront(int[] order, int t) {
        int p = order[t];
        System.arraycopy(order, 0, order, 1, t);
        order[0] = p;
    }
}
