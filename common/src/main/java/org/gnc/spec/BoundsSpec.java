package org.gnc.spec;

/**
 * The {@code bounds} block: the confidence of the certified bounds in the cells table. Guarantees
 * 0 &lt; delta &lt; 1; each bound holds with probability at least 1 - delta (see
 * {@code org.gnc.theory.PacBayesBound}).
 */
public record BoundsSpec(double delta) implements java.io.Serializable {
    /** The default: bounds at confidence 95%. */
    public static final BoundsSpec DEFAULT = new BoundsSpec(0.05);

    public BoundsSpec {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }
}
