package org.gnc.data;

import org.gnc.spec.DataSpec;

/**
 * Turns a data spec into a cell's data: generated for teacher-student and the peers' 2-D sets, read for
 * tables (CSV here, Parquet through {@link DataSources#parquet()}) and IDX files (through
 * {@link DataSources#idx()}).
 */
public final class DataLoader {
    private DataLoader() {
    }

    /** The cell's data, reading with {@link DataSources#local()}. */
    public static CellData load(DataSpec spec) {
        return load(spec, DataSources.local());
    }

    /** The cell's data; a {@link DataException} naming the file or key when it cannot be made. */
    public static CellData load(DataSpec spec, DataSources sources) {
        if (spec instanceof DataSpec.TeacherStudent ts) {
            return TeacherStudentGenerator.generate(ts);
        }
        if (spec instanceof DataSpec.Generated g) {
            return GeneratedSets.generate(g);
        }
        if (spec instanceof DataSpec.Idx idx) {
            return IdxClassPair.load(idx, sources.idx());
        }
        DataSpec.Table table = (DataSpec.Table) spec;
        Dataset train;
        Dataset test;
        if (table.format() == DataSpec.TableFormat.PARQUET) {
            train = sources.parquet().read(table.train(), table.columns());
            test = sources.parquet().read(table.test(), table.columns());
        } else {
            train = CsvTable.read(table.train(), sources.files());
            test = CsvTable.read(table.test(), sources.files());
        }
        if (train.dim() != test.dim()) {
            throw new DataException(table.test() + ": test examples have " + test.dim() + " features but the "
                    + "training examples in " + table.train() + " have " + train.dim());
        }
        return new CellData(train, test, 0);
    }
}
