package org.gnc.spark;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.RunsTable;
import org.gnc.spark.tables.TableSchema;
import org.gnc.spark.tables.Tables;

/**
 * Writes one run's tables so that they look complete only once the run has finished: each table is
 * staged with Spark's Parquet writer (its commit protocol makes a staged table whole or absent), all
 * are moved into place together by {@link #commit}, and only then is the run's {@code runs} row
 * appended with status {@value Tables#SUCCEEDED}. A run that fails discards what it staged, so the
 * previous run's tables stay in place, and appends a {@value Tables#FAILED} row with the cause.
 */
public final class RunWriter {
    /** The most bytes of driver rows one write task carries ({@link #stage(String, StructType, List)}). */
    static final long SLICE_BYTES = 16L << 20;

    private final SparkSession spark;
    private final OutputFolder out;
    private final String runId;
    private final String sweep;
    private final String command;
    private final String config;
    private final long startMillis;
    private final List<String> staged = new ArrayList<>();

    public RunWriter(SparkSession spark, OutputFolder out, String sweep, String command, String config) {
        this.spark = spark;
        this.out = out;
        this.runId = newRunId();
        this.sweep = sweep;
        this.command = command;
        this.config = config;
        this.startMillis = System.currentTimeMillis();
    }

    /**
     * Runs {@code body} as one run of {@code command}: what it stages is published and the run recorded
     * as succeeded when it returns; if it throws, what it staged is discarded, the run is recorded as
     * failed, and the failure propagates.
     */
    public static <T> T record(SparkSession spark, OutputFolder out, String sweep, String command, String config,
                               java.util.function.Function<RunWriter, T> body) {
        RunWriter writer = new RunWriter(spark, out, sweep, command, config);
        try {
            T result = body.apply(writer);
            writer.commit();
            return result;
        } catch (Throwable e) {
            writer.fail(e);
            throw e;
        }
    }

    /** A run id: local start time to the second and 6 random hex digits, e.g. 20261129-083012-3fa9c1. */
    static String newRunId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public String runId() {
        return runId;
    }

    public OutputFolder folder() {
        return out;
    }

    /**
     * Stages one table of this run from rows on the driver: as one Parquet file (written even when empty),
     * or, when the rows hold more than about {@value #SLICE_BYTES} bytes, as one file per slice of that
     * size, in order. A write task carries its rows in its own serialized form, and a cluster refuses a task
     * larger than {@code spark.rpc.message.maxSize} (128 MiB by default; the embedded Spark has no such
     * limit): a paper-sized reconstruction's candidates alone are about 200 MB.
     */
    public void stage(String name, StructType schema, List<Row> rows) {
        stage(name, schema, rows, SLICE_BYTES);
    }

    /** {@link #stage(String, StructType, List)} with slices of at most about {@code sliceBytes} bytes. */
    void stage(String name, StructType schema, List<Row> rows, long sliceBytes) {
        int slices = (int) Math.max(1, Math.min(rows.size(), (estimatedBytes(rows) + sliceBytes - 1) / sliceBytes));
        // One local relation of a single partition per slice, in order (a union keeps its inputs' partitions).
        Dataset<Row> table = null;
        for (int k = 0; k < slices; k++) {
            Dataset<Row> slice = spark.createDataFrame(rows.subList((int) ((long) rows.size() * k / slices),
                    (int) ((long) rows.size() * (k + 1) / slices)), schema).coalesce(1);
            table = table == null ? slice : table.union(slice);
        }
        table.write().mode(SaveMode.ErrorIfExists).parquet(out.staging(runId, name));
        staged.add(name);
    }

    /**
     * An upper estimate of the rows' size in a task: 24 bytes per element of a collection (a boxed number
     * and its reference), 2 per character of a string plus 40, 16 per other value.
     */
    static long estimatedBytes(List<Row> rows) {
        long bytes = 0;
        for (Row r : rows) {
            for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                bytes += v instanceof java.util.Collection<?> c ? 24L * c.size() + 16
                        : v instanceof String t ? 2L * t.length() + 40 : 16;
            }
        }
        return bytes;
    }

    /** Stages per-cell table {@code table} of this run: {@code rows} laid out by it after {@code cells}. */
    public void stage(TableSchema<?> table, CellColumns cells, List<Row> rows) {
        stage(table.name(), table.schema(cells), rows);
    }

    /**
     * Stages per-cell table {@code table} of this run from {@code rows} made on the executors, each partition
     * written by its task as one Parquet file, in partition order (the first even when there are no rows, so
     * the table exists): the driver holds none of them.
     */
    public void stage(TableSchema<?> table, CellColumns cells, JavaRDD<Row> rows) {
        spark.createDataFrame(rows, table.schema(cells)).write().mode(SaveMode.ErrorIfExists)
                .parquet(out.staging(runId, table.name()));
        staged.add(table.name());
    }

    /** Stages table {@code table} of this run, one row per value. */
    public <T> void stage(TableSchema<T> table, List<T> values) {
        stage(table.name(), table.schema(), values.stream().map(table::row).toList());
    }

    /** Moves the staged tables into place and records the run as succeeded. */
    public void commit() {
        out.publish(runId, staged);
        appendRun(Tables.SUCCEEDED, null);
    }

    /**
     * Discards what this run staged and records it as failed (best effort: the cause is rethrown by the
     * caller). A run stopped from outside (a signal, a fatal error in another thread: {@link ProcessStop})
     * is recorded with that reason; the thread's interrupt, which stopped it, is set aside while the row is
     * written and restored after.
     */
    public void fail(Throwable cause) {
        boolean interrupted = Thread.interrupted();
        try {
            out.discard(runId);
            String message = ProcessStop.requested().map(ProcessStop.Reason::message)
                    .orElse(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            appendRun(Tables.FAILED, message);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void appendRun(String status, String message) {
        GncVersion v = GncVersion.current();
        RunsTable.Run run = new RunsTable.Run(runId, sweep, command, config, v.version(), v.gitCommit(),
                spark.version(), spark.sparkContext().master(), startMillis, System.currentTimeMillis(), status,
                message);
        spark.createDataFrame(List.of(RunsTable.TABLE.row(run)), RunsTable.TABLE.schema()).coalesce(1).write()
                .mode(SaveMode.Append).parquet(out.table(RunsTable.TABLE.name()));
    }
}
