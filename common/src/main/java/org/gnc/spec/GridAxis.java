package org.gnc.spec;

import java.util.List;
import java.util.Objects;

/**
 * One axis of a sweep grid: the setting path it varies (such as {@code student.widths}) and the
 * canonical text of each of its values, in config order (widths as {@code "8"}, {@code "16x16"} or
 * {@code ""}; integral numbers without a fraction). Guarantees at least one value, all distinct.
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
