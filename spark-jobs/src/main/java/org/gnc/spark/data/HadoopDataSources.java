package org.gnc.spark.data;

import org.apache.hadoop.conf.Configuration;
import org.gnc.data.DataSources;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.SweepSpec;

/**
 * The one way gnc's entry points (the CLI's commands and {@code GncApi}) load a sweep's data: Hadoop
 * file systems for IDX files, parquet-hadoop for Parquet tables, both with the Hadoop configuration of
 * the Spark session the sweep runs on.
 */
public final class HadoopDataSources {
    private HadoopDataSources() {
    }

    /** Sources reading with this Hadoop configuration. */
    public static DataSources create(Configuration conf) {
        return new DataSources(new HadoopFileSource(conf), new ParquetTableReader(conf));
    }

    /**
     * The sweep with every cell's data loaded and checked (a {@link org.gnc.data.DataException} names the
     * file), read with {@code conf}, which must be the Hadoop configuration of the Spark session the
     * sweep will run on: the session's own {@code hadoopConfiguration()} when it runs already (a notebook
     * may have set credentials there), and before Spark starts, as the CLI prepares so that bad input
     * exits before Spark starts, {@code Sessions.hadoopConfiguration()}, the same configuration Spark
     * will build for that session. A plain {@code new Configuration()} would miss the
     * {@code spark.hadoop.*} settings, so a file could be read here from another file system, or with
     * other credentials, than the one the sweep's tables are written to.
     */
    public static PreparedSweep prepare(SweepSpec spec, Configuration conf) {
        return PreparedSweep.of(spec, create(conf));
    }
}
