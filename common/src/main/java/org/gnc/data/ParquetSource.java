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

    /** A source that refuses every table, saying that Parquet needs the Spark CLI. */
    static ParquetSource unavailable() {
        return (table, columns) -> {
            throw new DataException(table + ": reading Parquet tables needs parquet-hadoop, which comes with"
                    + " Spark: run through bin/gnc (the core alone reads CSV tables and IDX files)");
        };
    }
}
