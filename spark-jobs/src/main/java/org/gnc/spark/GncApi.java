package org.gnc.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.data.HadoopDataSources;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.OutputFolderException;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpecParser;
import org.gnc.spec.SweepSpecParser;

/**
 * gnc's public Java API for notebooks and other JVM callers that already hold a SparkSession
 * (Zeppelin's {@code spark}, spark-shell's, a test's): run a sweep and open its tables as SQL views.
 * It does what {@code bin/gnc sweep} does, with the same validation, output-folder rules and tables.
 */
public final class GncApi {
    /** The name notebook text goes by in config messages. */
    private static final String NOTEBOOK = "notebook";

    private GncApi() {
    }

    /** Runs the sweep in {@code hocon} (relative paths resolve against the working directory) into {@code outDir}. */
    public static SweepJob.Outcome sweep(SparkSession spark, String hocon, String outDir) {
        return run(spark, notebookSweep(hocon), outDir);
    }

    /** Runs the sweep in a config file, with {@code key=value} overrides, into {@code outDir}. */
    public static SweepJob.Outcome sweep(SparkSession spark, String configFile, String outDir, String... overrides) {
        return run(spark, SweepSpecParser.parse(Path.of(configFile), List.of(overrides)), outDir);
    }

    /** Trains the student of every cell of the sweep in {@code hocon} with gradient descent ({@code gnc baseline}). */
    public static BaselineJob.Outcome baseline(SparkSession spark, String hocon, String outDir) {
        PreparedSweep prepared = HadoopDataSources.prepare(notebookSweep(hocon), hadoop(spark));
        OutputFolder out = OutputFolder.prepare(outDir, false, hadoop(spark));
        return BaselineJob.run(spark, prepared, BaselineJob.cells(prepared), out);
    }

    /** Runs the continual-learning sweep in {@code hocon} ({@code gnc continual}). */
    public static ContinualJob.Outcome continual(SparkSession spark, String hocon, String outDir) {
        ContinualSpec spec = ContinualSpecParser.parseText(hocon, Path.of("").toAbsolutePath(), NOTEBOOK);
        OutputFolder out = OutputFolder.prepare(outDir, false, hadoop(spark));
        return ContinualJob.run(spark, spec, ContinualJob.filesFamily(spec), out);
    }

    /**
     * Runs the sweep holding the lock of {@code outDir} ({@link FolderLock.Held} while another process does),
     * resuming from the checkpoint an interrupted run of the same sweep left there.
     */
    private static SweepJob.Outcome run(SparkSession spark, SweepSpec spec, String outDir) {
        try (FolderLock lock = FolderLock.take(outDir, false, hadoop(spark), "sweep")) {
            PreparedSweep prepared = HadoopDataSources.prepare(spec, hadoop(spark));
            FolderCheckpoint checkpoint = FolderCheckpoint.resume(lock.folder(), spec.resolvedText(), false,
                    hadoop(spark));
            SweepJob.Outcome outcome = SweepJob.run(spark, prepared, lock.folder(),
                    new SweepJob.Options(0, 0, null, false, checkpoint));
            checkpoint.clear();
            return outcome;
        }
    }

    /** The sweep in notebook text; relative paths resolve against the working directory. */
    private static SweepSpec notebookSweep(String hocon) {
        return SweepSpecParser.parseText(hocon, Path.of("").toAbsolutePath(), NOTEBOOK);
    }

    /** The Hadoop configuration every input and output of a call goes through: the caller's session's. */
    private static Configuration hadoop(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    /**
     * Registers the tables of output folder {@code dir} as temporary views named {@code prefix + table}
     * (cells, samples, shards, path, checkpoints, runs, and the continual tables; those present) and returns
     * the names registered. A folder without any gnc table is an error that says which sweep to run first.
     */
    public static List<String> open(SparkSession spark, String dir, String prefix) {
        List<String> tables = TableFolder.tablesIn(dir, Tables.ALL, hadoop(spark));
        if (tables.isEmpty() || tables.equals(List.of(Tables.RUNS))) {
            throw new OutputFolderException(dir + " holds no gnc tables (" + Tables.CELLS + " not found): run a "
                    + "sweep into this folder first, e.g. bin/gnc sweep conf/quickstart.conf --out " + dir
                    + " (or GncApi.sweep(spark, ...); gnc baseline / gnc continual for those tables)");
        }
        List<String> views = new ArrayList<>();
        for (String table : tables) {
            spark.read().parquet(TableFolder.published(dir, table, hadoop(spark)))
                    .createOrReplaceTempView(prefix + table);
            views.add(prefix + table);
        }
        return views;
    }

    /** {@link #open(SparkSession, String, String)} with the plain table names as view names. */
    public static List<String> open(SparkSession spark, String dir) {
        return open(spark, dir, "");
    }
}
