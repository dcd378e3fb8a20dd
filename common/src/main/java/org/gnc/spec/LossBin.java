package org.gnc.spec;

/**
 * The loss bin of Chiang et al. (ICLR 2023): an accepted network must also have its normalized training
 * cross-entropy L ({@link org.gnc.model.NormalizedLoss}, with the weight matrices' norms divided by
 * {@code layerScale}) in [low, high). Guarantees finite bounds with low &lt; high and a finite layerScale
 * &gt; 0. (The peers' own test is low &lt; L &lt;= high; gnc's bins are half-open the other way, so that
 * consecutive bins [a, b), [b, c) still partition the losses.)
 */
public record LossBin(double low, double high, double layerScale) implements java.io.Serializable {
    /** The peers' LeNet normalization: each weight tensor's Frobenius norm divided by 3. */
    public static final double PEERS_LAYER_SCALE = 3;

    public LossBin {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("a loss bin needs finite low < high, got [" + low + ", " + high + ")");
        }
        if (!(layerScale > 0) || !Double.isFinite(layerScale)) {
            throw new IllegalArgumentException("layerScale must be finite and > 0, got " + layerScale);
        }
    }

    /** Whether {@code loss} lies in [low, high) (never for NaN). */
    public boolean contains(double loss) {
        return loss >= low && loss < high;
    }
}
