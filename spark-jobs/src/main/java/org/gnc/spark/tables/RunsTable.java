package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.text;
import static org.gnc.spark.tables.Column.textOrNull;
import static org.gnc.spark.tables.Column.timestamp;

import java.sql.Timestamp;
import java.util.List;

/**
 * The runs table: one row per run of any command, appended when the run ends, so that it is the folder's
 * history: run id, sweep name, command, the resolved config, gnc's version and git commit (null when
 * unknown), Spark's version and master, start and end time, status ({@value Tables#SUCCEEDED} or
 * {@value Tables#FAILED}) and, for a failed run, its cause.
 */
public final class RunsTable {
    /** One run as its row records it; times in epoch milliseconds, null gitCommit or message where none. */
    public record Run(String runId, String sweep, String command, String config, String gncVersion,
                      String gitCommit, String sparkVersion, String master, long startMillis, long endMillis,
                      String status, String message) {
    }

    public static final Column<Run, String> RUN_ID = text("run_id", Run::runId);
    public static final Column<Run, String> SWEEP = text("sweep", Run::sweep);
    public static final Column<Run, String> COMMAND = text("command", Run::command);
    public static final Column<Run, String> CONFIG = text("config", Run::config);
    public static final Column<Run, String> GNC_VERSION = text("gnc_version", Run::gncVersion);
    public static final Column<Run, String> GIT_COMMIT = textOrNull("git_commit", Run::gitCommit);
    public static final Column<Run, String> SPARK_VERSION = text("spark_version", Run::sparkVersion);
    public static final Column<Run, String> MASTER = text("master", Run::master);
    public static final Column<Run, Timestamp> START_TIME = timestamp("start_time", Run::startMillis);
    public static final Column<Run, Timestamp> END_TIME = timestamp("end_time", Run::endMillis);
    public static final Column<Run, String> STATUS = text("status", Run::status);
    public static final Column<Run, String> MESSAGE = textOrNull("message", Run::message);

    public static final TableSchema<Run> TABLE = TableSchema.of(Tables.RUNS, List.of(RUN_ID, SWEEP, COMMAND, CONFIG,
            GNC_VERSION, GIT_COMMIT, SPARK_VERSION, MASTER, START_TIME, END_TIME, STATUS, MESSAGE));

    private RunsTable() {
    }
}
