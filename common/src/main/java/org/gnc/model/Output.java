package org.gnc.model;

import java.util.Locale;

/**
 * The output layer of a network, the same for every stack: {@code SINGLE}, one unit f, label +1 iff
 * f &gt; 0; or {@code TWO_LOGITS}, two units, the logit of class -1 then that of class +1, label +1 iff
 * logit(+1) &gt; logit(-1) (a tie goes to -1). {@link Architecture#output} returns f, or the margin
 * logit(+1) - logit(-1), so both use the one label rule {@link Architecture#label}.
 */
public enum Output {
    SINGLE(1), TWO_LOGITS(2);

    private final int units;

    Output(int units) {
        this.units = units;
    }

    /** The number of output units: 1 or 2. */
    public int units() {
        return units;
    }

    /** The name in configs: single, two-logits. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
