package org.gnc.data;

import java.util.Objects;

/**
 * What the data loader reads files with: a {@link FileSource} for IDX files and a
 * {@link ParquetSource} for Parquet tables. {@link #local()} is the core's own (local files, no
 * Parquet); the CLI builds one backed by Hadoop and parquet-hadoop. An immutable pair.
 */
public record DataSources(FileSource files, ParquetSource parquet) {
    public DataSources {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(parquet, "parquet");
    }

    /** Local files and file: URIs; Parquet tables are refused with a message naming the CLI. */
    public static DataSources local() {
        return new DataSources(FileSource.local(), ParquetSource.unavailable());
    }
}
