package org.gnc.spark.tables;

import static org.gnc.spark.tables.CellColumns.field;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gnc.baseline.TrainingRun;
import org.gnc.sample.CellTally;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardResult;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.theory.Bounds;

/**
 * The four tables of an output folder and their rows. {@code samples}, {@code shards} and
 * {@code cells} start with the {@link CellColumns}; {@code runs} has one row per run.
 */
public final class Tables {
    public static final String SAMPLES = "samples";
    public static final String SHARDS = "shards";
    public static final String CELLS = "cells";
    public static final String RUNS = "runs";
    /** Every table name gnc writes (sweep tables, then the continual job's), in the order they are written. */
    public static final List<String> ALL = List.of(SAMPLES, SHARDS, CELLS, ContinualTables.STEPS,
            ContinualTables.STEP_QUANTILES, ContinualTables.CELLS, RUNS);

    /** Run statuses. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private Tables() {
    }

    public static StructType samplesSchema(CellColumns cells) {
        return cells.schema(
                field("candidate_index", DataTypes.LongType, false),
                field("train_errors", DataTypes.IntegerType, false),
                field("test_mistakes", DataTypes.IntegerType, false),
                field("test_error", DataTypes.DoubleType, false));
    }

    public static Row sampleRow(CellColumns cells, String cellId, Sample s, int nTest) {
        return cells.row(cellId, s.index(), s.trainErrors(), s.testMistakes(), (double) s.testMistakes() / nTest);
    }

    /**
     * samples of a trained baseline: the samples columns (candidate_index = the run's seed, every run, not
     * only those that interpolated), then epochs, interpolated and the final training loss.
     */
    public static StructType trainedSamplesSchema(CellColumns cells) {
        List<StructField> all = new java.util.ArrayList<>(List.of(samplesSchema(cells).fields()));
        all.add(field("epochs", DataTypes.IntegerType, false));
        all.add(field("interpolated", DataTypes.BooleanType, false));
        all.add(field("loss", DataTypes.DoubleType, true));
        return new StructType(all.toArray(StructField[]::new));
    }

    public static Row trainedSampleRow(CellColumns cells, String cellId, TrainingRun r, int nTest) {
        return cells.row(cellId, r.seed(), r.trainErrors(), r.testMistakes(), (double) r.testMistakes() / nTest,
                r.epochs(), r.interpolated(), orNull(r.loss()));
    }

    public static StructType shardsSchema(CellColumns cells) {
        return cells.schema(
                field("shard", DataTypes.IntegerType, false),
                field("first_index", DataTypes.LongType, false),
                field("candidates", DataTypes.LongType, false),
                field("accepted", DataTypes.LongType, false),
                field("seconds", DataTypes.DoubleType, false));
    }

    public static Row shardRow(CellColumns cells, String cellId, int shard, ShardResult r) {
        return cells.row(cellId, shard, r.firstIndex(), r.candidates(), (long) r.samples().size(), r.seconds());
    }

    public static StructType cellsSchema(CellColumns cells) {
        return cells.schema(
                field("method", DataTypes.StringType, false),
                field("teacher_redraws", DataTypes.IntegerType, false),
                field("max_train_errors", DataTypes.IntegerType, false),
                field("attempts", DataTypes.LongType, false),
                field("accepted", DataTypes.LongType, false),
                field("acceptance_rate", DataTypes.DoubleType, true),
                field("acceptance_ci_low", DataTypes.DoubleType, false),
                field("acceptance_ci_high", DataTypes.DoubleType, false),
                field("censored", DataTypes.BooleanType, false),
                field("test_error_mean", DataTypes.DoubleType, true),
                field("test_error_std", DataTypes.DoubleType, true),
                field("test_error_se", DataTypes.DoubleType, true),
                field("test_error_q05", DataTypes.DoubleType, true),
                field("test_error_q25", DataTypes.DoubleType, true),
                field("test_error_q50", DataTypes.DoubleType, true),
                field("test_error_q75", DataTypes.DoubleType, true),
                field("test_error_q95", DataTypes.DoubleType, true),
                field("histogram", DataTypes.createArrayType(DataTypes.LongType, false), false),
                field("seconds", DataTypes.DoubleType, false),
                field("pac_bayes_bound", DataTypes.DoubleType, true),
                field("log_p_star", DataTypes.DoubleType, true),
                field("p_star_epsilon", DataTypes.DoubleType, true),
                field("delta", DataTypes.DoubleType, false));
    }

    /** A cells row; NaN statistics (nothing accepted) and bounds that do not apply are written as nulls. */
    public static Row cellRow(CellColumns cells, String cellId, String method, int teacherRedraws,
                              int maxTrainErrors, AcceptanceStatistics a, double ciLow, double ciHigh,
                              ErrorSummary t, double seconds, Bounds b) {
        return cells.row(cellId, method, teacherRedraws, maxTrainErrors, a.attempts(), a.accepted(),
                orNull(a.rate()), ciLow, ciHigh, a.censored(), orNull(t.mean()), orNull(t.std()),
                orNull(t.se()), orNull(t.q05()), orNull(t.q25()), orNull(t.q50()), orNull(t.q75()),
                orNull(t.q95()), boxed(t.histogram()), seconds, orNull(b.pacBayesBound()), orNull(b.logPStar()),
                orNull(b.pStarEpsilon()), b.delta());
    }

    /** The cells row of a sampled cell. */
    public static Row sampledCellRow(CellColumns cells, String cellId, int teacherRedraws, int maxTrainErrors,
                                     CellTally tally, AcceptanceStatistics a, ErrorSummary t, Bounds b) {
        return cellRow(cells, cellId, "sample", teacherRedraws, maxTrainErrors, a, a.ci95().low(), a.ci95().high(),
                t, tally.seconds(), b);
    }

    public static StructType runsSchema() {
        return new StructType(new StructField[] {
            field("run_id", DataTypes.StringType, false),
            field("sweep", DataTypes.StringType, false),
            field("command", DataTypes.StringType, false),
            field("config", DataTypes.StringType, false),
            field("gnc_version", DataTypes.StringType, false),
            field("git_commit", DataTypes.StringType, true),
            field("spark_version", DataTypes.StringType, false),
            field("master", DataTypes.StringType, false),
            field("start_time", DataTypes.TimestampType, false),
            field("end_time", DataTypes.TimestampType, false),
            field("status", DataTypes.StringType, false),
            field("message", DataTypes.StringType, true)});
    }

    public static Row runRow(String runId, String sweep, String command, String config, String gncVersion,
                             String gitCommit, String sparkVersion, String master, long startMillis,
                             long endMillis, String status, String message) {
        return RowFactory.create(runId, sweep, command, config, gncVersion, gitCommit, sparkVersion, master,
                new Timestamp(startMillis), new Timestamp(endMillis), status, message);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static List<Long> boxed(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
