package org.gnc.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a gnc command. An active session (a notebook's, a test's) is used as it is and
 * left running. Under spark-submit the master and settings come from spark-submit. Otherwise gnc
 * starts the embedded Spark with the given master (default {@code local[*]}) and without the web UI.
 * Spark's log level is set to {@code logLevel}. Closing stops only a session this handle started.
 */
public final class Sessions implements AutoCloseable {
    /** The master of the embedded Spark when none is given. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final SparkSession spark;
    private final boolean owned;

    private Sessions(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    /** The session of a command named {@code appName}. */
    public static Sessions start(String appName, String master, String logLevel) {
        var active = SparkSession.getActiveSession();
        if (active.isEmpty()) {
            active = SparkSession.getDefaultSession();
        }
        if (active.isDefined() && !active.get().sparkContext().isStopped()) {
            return new Sessions(active.get(), false);
        }
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                .config("spark.sql.debug.maxToStringFields", "1000");
        if (!new SparkConf().contains("spark.master")) {
            b.master(master == null ? DEFAULT_MASTER : master).config("spark.ui.enabled", "false");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel(logLevel);
        return new Sessions(spark, true);
    }

    public SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
