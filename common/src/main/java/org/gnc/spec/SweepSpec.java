package org.gnc.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed and fully validated sweep: its name and seed, the grid axes (ordered by path), and one
 * {@link CellSpec} per grid point (the cartesian product of the axes, last axis varying fastest; a
 * single cell without a grid). Cell ids are distinct. {@code resolvedText} is the effective config
 * (user file, overrides and defaults, substitutions resolved) as JSON text, for provenance;
 * {@code source} is the config file, or null when parsed from text. {@code bounds} and {@code baseline}
 * apply to every cell (the confidence of the cells table's bounds; how {@code gnc baseline} trains).
 */
public record SweepSpec(String name, long seed, List<GridAxis> axes, List<CellSpec> cells, String resolvedText,
                        Path source, BoundsSpec bounds, BaselineSpec baseline) {
    public SweepSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(baseline, "baseline");
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
        Objects.requireNonNull(resolvedText, "resolvedText");
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a sweep has at least one cell");
        }
    }

    /** A sweep with the default bounds and baseline settings. */
    public SweepSpec(String name, long seed, List<GridAxis> axes, List<CellSpec> cells, String resolvedText,
                     Path source) {
        this(name, seed, axes, cells, resolvedText, source, BoundsSpec.DEFAULT, BaselineSpec.DEFAULT);
    }
}
