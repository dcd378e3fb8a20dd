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
        Tables tables = tables((DataSpec.Table) spec, sources, TableRows.Labels.SIGNED);
        return new CellData(tables.train().dataset(), tables.test().dataset(), 0);
    }

    /** A table's training and test rows. */
    public record Tables(TableRows train, TableRows test) {
    }

    /**
     * The rows of a table's two files (CSV here, Parquet through {@link DataSources#parquet()}) with labels
     * by {@code rule}; a {@link DataException} naming the file when they cannot be read or their feature
     * counts differ.
     */
    public static Tables tables(DataSpec.Table table, DataSources sources, TableRows.Labels rule) {
        TableRows train;
        TableRows test;
        if (table.format() == DataSpec.TableFormat.PARQUET) {
            train = sources.parquet().rows(table.train(), table.columns(), rule);
            test = sources.parquet().rows(table.test(), table.columns(), rule);
        } else {
            train = CsvTable.rows(table.train(), sources.files(), rule);
            test = CsvTable.rows(table.test(), sources.files(), rule);
        }
        if (train.dim() != test.dim()) {
            throw new DataException(table.test() + ": test examples have " + test.dim() + " features but the "
                    + "training examples in " + table.train() + " have " + train.dim());
        }
        return new Tables(train, test);
    }
}
