package org.gnc.sample;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gnc.data.CellData;
import org.gnc.data.DataException;
import org.gnc.data.DataLoader;
import org.gnc.data.DataSources;
import org.gnc.data.Dataset;
import org.gnc.data.FileSource;
import org.gnc.data.IdxSource;
import org.gnc.data.ParquetSource;
import org.gnc.spec.CellSpec;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SamplerSpec;
import org.gnc.spec.SweepSpec;

/**
 * A validated sweep with the data of every cell loaded and checked, before any sampling starts.
 * Cells with the same data spec share one {@link CellData} (so it is generated, read and shipped
 * once); each file (IDX, CSV) and Parquet table is read once however many data specs select from it;
 * and cells whose training or test sets are equal share one copy of that {@link Dataset} (so the test set
 * of a grid over training seeds is held, and shipped in one serialized object graph, once). Every cell's sampler is resolved against its training-set size ({@link SamplerSpec#resolve}),
 * which for table data is known only now: {@code spec()} is the parsed sweep with those cells resolved.
 * Throws {@link org.gnc.data.DataException} naming the file or key when a cell cannot run.
 */
public final class PreparedSweep {
    private final SweepSpec spec;
    private final Map<String, CellSampler> cells;
    /** The resolved cell specs by id, so that a lookup costs one hash (a grid may have thousands of cells). */
    private final Map<String, CellSpec> specsById;

    private PreparedSweep(SweepSpec spec, Map<String, CellSampler> cells) {
        this.spec = spec;
        this.cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
        Map<String, CellSpec> byId = new HashMap<>();
        spec.cells().forEach(c -> byId.put(c.id(), c));
        this.specsById = Collections.unmodifiableMap(byId);
    }

    /** The parsed sweep, its cells' samplers resolved against their training-set sizes. */
    public SweepSpec spec() {
        return spec;
    }

    /** Each cell's sampler by cell id, in the sweep's cell order. */
    public Map<String, CellSampler> cells() {
        return cells;
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
        DataSources once = readOnce(sources);
        Map<DataSpec, CellData> data = new HashMap<>();
        Map<Dataset, Dataset> shared = new HashMap<>();
        Map<String, CellSampler> cells = new LinkedHashMap<>();
        List<CellSpec> resolved = new ArrayList<>();
        for (CellSpec parsed : spec.cells()) {
            CellData d = data.computeIfAbsent(parsed.data(), ds -> {
                CellData loaded = DataLoader.load(ds, once);
                return new CellData(shared.computeIfAbsent(loaded.train(), x -> x),
                        shared.computeIfAbsent(loaded.test(), x -> x), loaded.teacherRedraws(), loaded.classes());
            });
            checkStudent(parsed, d);
            CellSpec cell = resolveSampler(parsed, d.train().size());
            resolved.add(cell);
            cells.put(cell.id(), new CellSampler(cell, spec.seed(), d, spec.bounds()));
        }
        SweepSpec out = resolved.equals(spec.cells()) ? spec : new SweepSpec(spec.name(), spec.seed(), spec.axes(),
                resolved, spec.resolvedText(), spec.source(), spec.bounds(), spec.baseline());
        return new PreparedSweep(out, cells);
    }

    /**
     * The student must fit the shape of the cell's points (its layers, a given input-shape): images have
     * theirs only once read (exit 2 naming the layer and key, such as student.layers[0].kernel).
     */
    private static void checkStudent(CellSpec cell, CellData d) {
        String problem = cell.student().problemWith(d.train().shape());
        if (problem != null) {
            String where = cell.axisValues().isEmpty() ? "" : " (" + cell.axisLabel() + ")";
            throw new DataException("student." + problem + "; in cell " + cell.id() + where + ", whose "
                    + cell.data().kind() + " points are " + d.train().shape().label() + " (channels x height x width)");
        }
    }

    /**
     * {@code sources} reading each file and Parquet table once: a file's bytes, an IDX file parsed and a
     * table's points are kept from their first read for the rest of the preparation (this object is
     * dropped with it).
     */
    private static DataSources readOnce(DataSources sources) {
        Map<String, byte[]> files = new HashMap<>();
        Map<List<Object>, Dataset> tables = new HashMap<>();
        FileSource cachedFiles = location -> {
            byte[] bytes = files.get(location);
            if (bytes == null) {
                try (InputStream in = sources.files().open(location)) {
                    bytes = in.readAllBytes();
                }
                files.put(location, bytes);
            }
            return new ByteArrayInputStream(bytes);
        };
        ParquetSource cachedTables = (table, columns) -> tables.computeIfAbsent(List.of(table, columns),
                k -> sources.parquet().read(table, columns));
        return new DataSources(cachedFiles, cachedTables, IdxSource.once(cachedFiles));
    }

    /** The cell with its sampler's checkpoints resolved against its n training points (exit 2 naming the key). */
    private static CellSpec resolveSampler(CellSpec cell, int n) {
        try {
            return cell.withSampler(cell.sampler().resolve(n));
        } catch (IllegalArgumentException e) {
            throw new DataException("sampler.checkpoints = " + cell.sampler().checkpoints() + " " + e.getMessage()
                    + ", the number of training points of cell " + cell.id() + " (" + cell.data().kind() + ")");
        }
    }

    /** The cell spec with this id (an exception naming it if the sweep has no such cell). */
    public CellSpec cellSpec(String id) {
        CellSpec cell = specsById.get(id);
        if (cell == null) {
            throw new IllegalArgumentException("no cell " + id + " in sweep " + spec.name());
        }
        return cell;
    }
}
