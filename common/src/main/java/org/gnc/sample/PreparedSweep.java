package org.gnc.sample;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gnc.data.CellData;
import org.gnc.data.DataLoader;
import org.gnc.data.DataSources;
import org.gnc.spec.CellSpec;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SweepSpec;

/**
 * A validated sweep with the data of every cell loaded and checked, before any sampling starts.
 * Cells with the same data spec share one {@link CellData} (so it is generated, read and shipped
 * once). Throws {@link org.gnc.data.DataException} naming the file or key when a cell cannot run.
 */
public record PreparedSweep(SweepSpec spec, Map<String, CellSampler> cells) {
    public PreparedSweep {
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** Loads every cell's data with {@link DataSources#local()}; see {@link #of(SweepSpec, DataSources)}. */
    public static PreparedSweep of(SweepSpec spec) {
        return of(spec, DataSources.local());
    }

    /**
     * Loads every cell's data (each distinct data spec once) through {@code sources} and checks each
     * cell against it.
     */
    public static PreparedSweep of(SweepSpec spec, DataSources sources) {
        Map<DataSpec, CellData> data = new HashMap<>();
        Map<String, CellSampler> cells = new LinkedHashMap<>();
        for (CellSpec cell : spec.cells()) {
            CellData d = data.computeIfAbsent(cell.data(), ds -> DataLoader.load(ds, sources));
            cells.put(cell.id(), new CellSampler(cell, spec.seed(), d, spec.bounds()));
        }
        return new PreparedSweep(spec, cells);
    }

    /** The cell spec with this id. */
    public CellSpec cellSpec(String id) {
        return spec.cell(id);
    }
}
