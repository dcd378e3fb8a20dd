package org.gnc.data;

import org.gnc.spec.DataSpec;

/**
 * Reads a Parquet table (one file, or a folder of part files read in name order) into a dataset.
 * Parquet needs parquet-hadoop, which only spark-jobs has; the CLI passes its reader to the loader
 * in {@link DataSources}. Errors are {@link DataException}s naming the file, and the row and column
 * where there is one.
 */
@FunctionalInterface
public interface ParquetSource {

    /** The table's points: the label column mapped to -1/+1 and the feature columns, as doubles. */
    Dataset read(String table, DataSpec.ParquetColumns columns);

    /**
     * The table's rows with labels by {@code rule}: {@link TableRows.Labels#SIGNED} is {@link #read};
     * a source that can read class labels ({@link TableRows.Labels#CLASSES}: a numeric label column of
     * class indices 0..255) overrides this, others refuse them.
     */
    default TableRows rows(String table, DataSpec.ParquetColumns columns, TableRows.Labels rule) {
        if (rule == TableRows.Labels.SIGNED) {
            return TableRows.of(read(table, columns));
        }
        throw new DataException(table + ": this Parquet source reads labels -1/+1 only, not class indices");
    }

    /** A source that refuses every table, saying that Parquet needs the Spark CLI. */
    static ParquetSource unavailable() {
        return (table, columns) -> {
            throw new DataException(table + ": reading Parquet tables needs parquet-hadoop, which comes with"
                    + " Spark: run through bin/gnc (the core alone reads CSV tables and IDX files)");
        };
    }
}
