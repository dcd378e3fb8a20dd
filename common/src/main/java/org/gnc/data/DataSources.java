package org.gnc.data;

import java.util.Objects;

/**
 * What the data loader reads files with: a {@link FileSource} for files, an {@link IdxSource} for IDX
 * files parsed (by default through the same files, parsed at each request), and a {@link ParquetSource}
 * for Parquet tables. {@link #local()} is the core's own (local files, no Parquet); the CLI builds one
 * backed by Hadoop and parquet-hadoop. Immutable.
 */
public record DataSources(FileSource files, ParquetSource parquet, IdxSource idx) {
    public DataSources {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(idx, "idx");
    }

    /** Files and tables, with IDX files parsed from {@code files} at each request. */
    public DataSources(FileSource files, ParquetSource parquet) {
        this(files, parquet, IdxSource.through(files));
    }

    /** Local files and file: URIs; Parquet tables are refused with a message naming the CLI. */
    public static DataSources local() {
        return new DataSources(FileSource.local(), ParquetSource.unavailable());
    }
}
