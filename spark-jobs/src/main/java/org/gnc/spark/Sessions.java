package org.gnc.spark;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
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

    /**
     * True when {@link #start} would start the embedded Spark with the master it is given: no session
     * runs in this JVM and spark-submit set no master.
     */
    public static boolean mastersChoosable() {
        return current() == null && !new SparkConf().contains("spark.master");
    }

    /** The running active (else default) session of this JVM, or null. */
    private static SparkSession current() {
        for (var s : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
            if (s.isDefined() && !s.get().sparkContext().isStopped()) {
                return s.get();
            }
        }
        return null;
    }

    /**
     * The Hadoop configuration of the session {@link #start} would return, without starting Spark: the
     * running session's, else the one Spark builds for a new session from this JVM's SparkConf (Hadoop's
     * defaults and site files, then every {@code spark.hadoop.*} setting, as spark-submit passes them),
     * through the function SparkContext calls for its own ({@code SparkHadoopUtil.newConfiguration}, Spark
     * internal API: Scala-private, public in bytecode), so that nothing is read before Spark starts with
     * other file systems or credentials than the session will use.
     */
    public static Configuration hadoopConfiguration() {
        SparkSession running = current();
        return running != null ? running.sparkContext().hadoopConfiguration()
                : SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }

    /** The session of a command named {@code appName}. */
    public static Sessions start(String appName, String master, String logLevel) {
        SparkSession running = current();
        if (running != null) {
            return new Sessions(running, false);
        }
        SparkSession.Builder b = SparkSession.builder().appName(appName)
                .config("spark.sql.debug.maxToStringFields", "1000");
        if (!new SparkConf().contains("spark.master")) {
            // The embedded executor is this JVM: a task's fatal error fails the task (and the run, with its
            // failed runs row and exit code 1) instead of exiting the driver from Spark's executor handler.
            b.master(master == null ? DEFAULT_MASTER : master).config("spark.ui.enabled", "false")
                    .config("spark.executor.killOnFatalError.depth", "0");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel(logLevel);
        return new Sessions(spark, true);
    }

    public SparkSession spark() {
        return spark;
    }

    /**
     * This session, its Spark SQL queries interpreted instead of compiled to Java, when this handle
     * started it (a session gnc was given keeps its settings): for a command whose SQL work is a few
     * table writes, such as a sweep's tables. Spark compiles each query's generated code with Janino,
     * whose classes come from a signed jar and so are not in bin/gnc's class archive; on a cold JVM that
     * costs seconds of CPU for tables of a few rows. The rows written are the same either way.
     */
    public Sessions interpretingSql() {
        if (owned) {
            spark.conf().set("spark.sql.codegen.wholeStage", "false");
            spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        }
        return this;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
