package org.gnc.spark.data;

import org.apache.hadoop.conf.Configuration;
import org.gnc.data.DataSources;

/** The data sources the CLI loads cells with: Hadoop file systems for IDX files, parquet-hadoop for tables. */
public final class HadoopDataSources {
    private HadoopDataSources() {
    }

    /** Sources reading with this Hadoop configuration. */
    public static DataSources create(Configuration conf) {
        return new DataSources(new HadoopFileSource(conf), new ParquetTableReader(conf));
    }
}
