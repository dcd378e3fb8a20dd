package org.gnc.spec;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code baseline} block: how {@code gnc baseline} trains the student architecture of every cell with
 * gradient descent. {@code seeds} independent runs per cell (run r is seeded by (sweep seed, cell id, r));
 * {@code optimizer} gd (full batch) or sgd (minibatches of {@code batchSize}, reshuffled every epoch);
 * at most {@code epochs} passes over the training set at {@code learningRate}; initial weights from the
 * student prior's scale or a standard (He / LeCun) init; the {@code loss} minimized. Guarantees seeds,
 * epochs, batchSize &gt;= 1 and a finite learningRate &gt; 0.
 */
public record BaselineSpec(int seeds, Optimizer optimizer, double learningRate, int epochs, int batchSize,
                           Init init, Loss loss) implements java.io.Serializable {

    /** Full-batch gradient descent or minibatch SGD. */
    public enum Optimizer { GD, SGD }

    /** Initial weights: from the prior's scale, or He (relu) / LeCun (others) normal with zero biases. */
    public enum Init { PRIOR, STANDARD }

    /** logistic: ln(1 + exp(-y f)); hinge: max(0, 1 - y f); squared: (f - y)^2 / 2. */
    public enum Loss { LOGISTIC, HINGE, SQUARED }

    /** The defaults, as in gnc-defaults.conf. */
    public static final BaselineSpec DEFAULT = new BaselineSpec(20, Optimizer.GD, 0.1, 2000, 32, Init.STANDARD,
            Loss.LOGISTIC);

    public BaselineSpec {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(loss, "loss");
        if (seeds < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("seeds, epochs and batchSize must be >= 1");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
    }

    /** The config name of an enum value: its name in lower case. */
    public static String configName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
