package org.gnc.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed and fully validated sweep: its name and seed, the grid axes (ordered by path), and one
 * {@link CellSpec} per grid point (the cartesian product of the axes, last axis varying fastest; a
 * single cell without a grid). Cell ids are distinct. {@code resolvedText} is the effective config
 * (user file, overrides and defaults, substitutions resolved) as JSON text, for provenance;
 * {@code source} is the config file, or null when parsed from text.
 */
public record SweepSpec(String name, long seed, List<GridAxis> axes, List<CellSpec> cells, String resolvedText,
                        Path source) {
    public SweepSpec {
        Objects.requireNonNull(name, "name");
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
        Objects.requireNonNull(resolvedText, "resolvedText");
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a sweep has at least one cell");
        }
    }

    /** The cell with this id, or an exception naming it. */
    public CellSpec cell(String id) {
        return cells.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell " + id + " in sweep " + name));
    }
}
