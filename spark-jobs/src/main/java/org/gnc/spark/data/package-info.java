/**
 * Sweep inputs read through Hadoop before Spark starts: IDX files through Hadoop file systems, Parquet
 * tables through parquet-hadoop, and {@link org.gnc.spark.data.HadoopDataSources#prepare}, the one way
 * the CLI and {@code GncApi} prepare a sweep. Lowest layer of spark-jobs (beside {@code spark.tables}):
 * may use the core.
 */
package org.gnc.spark.data;
