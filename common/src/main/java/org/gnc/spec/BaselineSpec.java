package org.gnc.spec;

import java.util.Locale;
import java.util.Objects;

/**
 * The {@code baseline} block: how {@code gnc baseline} trains the student architecture of every cell with
 * gradient descent. {@code seeds} independent runs per cell (run r is seeded by (sweep seed, cell id, r));
 * {@code optimizer} gd (full batch) or sgd (minibatches of {@code batchSize}, reshuffled every epoch, capped
 * by {@code batchLimit} at n or, as the peers do, at max(1, floor(n / 2)));
 * at most {@code epochs} passes over the training set at {@code learningRate}; initial weights from the
 * student prior's scale or a standard (He / LeCun) init; the {@code loss} minimized. Guarantees seeds,
 * epochs, batchSize &gt;= 1 and a finite learningRate &gt; 0.
 */
public record BaselineSpec(int seeds, Optimizer optimizer, double learningRate, int epochs, int batchSize,
                           Init init, Loss loss, BatchLimit batchLimit) implements java.io.Serializable {

    /** Full-batch gradient descent or minibatch SGD. */
    public enum Optimizer { GD, SGD }

    /** Initial weights: from the prior's scale, or He (relu) / LeCun (others) normal with zero biases. */
    public enum Init { PRIOR, STANDARD }

    /** logistic: ln(1 + exp(-y f)); hinge: max(0, 1 - y f); squared: (f - y)^2 / 2. */
    public enum Loss { LOGISTIC, HINGE, SQUARED }

    /**
     * What caps an sgd minibatch besides batch-size: the training set ({@code train-size}: min(batch, n)) or
     * half of it ({@code half-train-size}: min(batch, max(1, floor(n / 2))), Chiang et al.'s and Peleg &amp;
     * Hein's rule, so n = 2 trains on single points).
     */
    public enum BatchLimit {
        TRAIN_SIZE, HALF_TRAIN_SIZE;

        /** The name in configs: train-size, half-train-size. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The defaults, as in gnc-defaults.conf. */
    public static final BaselineSpec DEFAULT = new BaselineSpec(20, Optimizer.GD, 0.1, 2000, 32, Init.STANDARD,
            Loss.LOGISTIC);

    /** A spec whose minibatches are capped by the training set only ({@link BatchLimit#TRAIN_SIZE}). */
    public BaselineSpec(int seeds, Optimizer optimizer, double learningRate, int epochs, int batchSize, Init init,
                        Loss loss) {
        this(seeds, optimizer, learningRate, epochs, batchSize, init, loss, BatchLimit.TRAIN_SIZE);
    }

    public BaselineSpec {
        Objects.requireNonNull(batchLimit, "batchLimit");
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

    /** The minibatch size on n training points: n for gd; for sgd batch-size capped by {@link #batchLimit}. */
    public int batchOn(int n) {
        if (optimizer == Optimizer.GD) {
            return n;
        }
        int cap = batchLimit == BatchLimit.TRAIN_SIZE ? n : Math.max(1, n / 2);
        return Math.min(batchSize, cap);
    }

    /** The config name of an enum value: its name in lower case. */
    public static String configName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
