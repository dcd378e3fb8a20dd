package org.gnc.stats;

/**
 * A closed interval {@code [low, high]} of reals, e.g. a confidence interval for a probability.
 *
 * <p>Guarantees: neither end is NaN and {@code low <= high}. Immutable.
 */
public record Interval(double low, double high) {
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            throw new IllegalArgumentException("interval ends must not be NaN, got [" + low + ", " + high + "]");
        }
        if (low > high) {
            throw new IllegalArgumentException("interval low end must not exceed high end, got [" + low + ", " + high + "]");
        }
    }

    /** Whether {@code low <= value <= high}. */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }

    /** {@code high - low}. */
    public double width() {
        return high - low;
    }
}
