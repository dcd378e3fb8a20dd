/**
 * Cell data: teacher-student generation (a pure function of data.seed), CSV tables, IDX files and
 * class pairs, with errors that name the file, line or key. Files are opened through
 * {@link org.gnc.data.DataSources} (local by default; spark-jobs supplies Hadoop and Parquet
 * readers), so this package needs no Hadoop. Uses spec, model, rng, stats and input.
 */
package org.gnc.data;
