package org.gnc.spec;

import java.util.List;
import java.util.Objects;

/**
 * One axis of a sweep grid: the setting path it varies (such as {@code student.widths}) and the
 * canonical text of each of its values, in config order (widths as {@code "8"}, {@code "16x16"} or
 * {@code ""}; integral numbers without a fraction). Guarantees at least one value. The values are
 * distinct, except on a setting of the grid's linked axis, where only the tuples of its settings'
 * values are (its settings follow one another in {@link SweepSpec#axes()}, each with one value per
 * linked value, so {@code moves} can read [5, 5, 20] beside widths [2, 8, 32]).
 */
public record GridAxis(String path, List<String> valueTexts) {
    public GridAxis {
        Objects.requireNonNull(path, "path");
        valueTexts = List.copyOf(valueTexts);
        if (valueTexts.isEmpty()) {
            throw new IllegalArgumentException("grid axis " + path + " has no values");
        }
    }
}
