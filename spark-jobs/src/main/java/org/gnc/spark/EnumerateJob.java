package org.gnc.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.data.CellData;
import org.gnc.data.DataException;
import org.gnc.sample.ExactCellResult;
import org.gnc.sample.ExactPosterior;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.ShardOutput;
import org.gnc.sample.ShardResult;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.ShardsTable;
import org.gnc.spec.CellSpec;

/**
 * Exhaustive enumeration of every cell of a sweep on Spark: each cell's space of k^P configurations
 * is split into ranges, one Spark task per range, and the exact posteriors of the ranges are added.
 * It writes the cells table with method = exact (attempts = k^P, accepted = the number of
 * interpolators, the acceptance rate exact, so its interval is the point itself), the shards table
 * (one row per range, accepted = interpolators in it) and the run in runs.
 */
public final class EnumerateJob {
    /** Configurations per task by default. */
    public static final long RANGE = 1L << 20;

    /** One enumerated cell. */
    public record CellOutcome(CellSpec spec, ExactCellResult result, List<ShardOutput> ranges, double seconds) {
    }

    /** A finished enumeration. */
    public record Outcome(String runId, String folder, List<CellOutcome> cells) {
    }

    /** One range task. */
    record RangeTask(String cellId, int shard, long first, long count) implements java.io.Serializable {
    }

    /** What one range task sends back. */
    record RangeOutput(RangeTask task, ExactPosterior posterior, double seconds) implements java.io.Serializable {
    }

    private EnumerateJob() {
    }

    /**
     * The enumerator of every cell, built on the driver so that a cell that cannot be enumerated
     * (a continuous prior, or a space above 2^26) is refused before Spark starts.
     */
    public static Map<String, ExhaustiveEnumerator> enumerators(PreparedSweep sweep) {
        Map<String, ExhaustiveEnumerator> out = new LinkedHashMap<>();
        sweep.cells().forEach((id, cell) -> {
            CellSpec spec = sweep.cellSpec(id);
            CellData d = cell.data();
            String where = spec.axisValues().isEmpty() ? "" : " (" + spec.axisLabel() + ")";
            if (spec.lossBin() != null) {
                throw new DataException("accept.loss-bin of cell " + id + where + ": not supported by gnc enumerate"
                        + " (sample a cell with a loss bin with gnc sweep)");
            }
            try {
                out.put(id, new ExhaustiveEnumerator(cell.architecture(), spec.student().prior(), d.train(), d.test(),
                        spec.maxTrainErrors()));
            } catch (IllegalArgumentException e) {
                throw new DataException("student of cell " + id + where + ": " + e.getMessage());
            }
        });
        return out;
    }

    public static Outcome run(SparkSession spark, PreparedSweep sweep, Map<String, ExhaustiveEnumerator> enumerators,
                              OutputFolder out) {
        return run(spark, sweep, enumerators, out, RANGE);
    }

    /** As {@link #run(SparkSession, PreparedSweep, Map, OutputFolder)}, with {@code range} configurations per task. */
    public static Outcome run(SparkSession spark, PreparedSweep sweep, Map<String, ExhaustiveEnumerator> enumerators,
                              OutputFolder out, long range) {
        return RunWriter.record(spark, out, sweep.spec().name(), "enumerate", sweep.spec().resolvedText(), writer -> {
            List<CellOutcome> cells = enumerate(spark, sweep, enumerators, range);
            write(writer, sweep, cells);
            return new Outcome(writer.runId(), out.root(), cells);
        });
    }

    private static List<CellOutcome> enumerate(SparkSession spark, PreparedSweep sweep,
                                               Map<String, ExhaustiveEnumerator> enumerators, long range) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RangeTask> tasks = new ArrayList<>();
        enumerators.forEach((id, e) -> {
            int shard = 0;
            for (long first = 0; first < e.configurations(); first += range) {
                tasks.add(new RangeTask(id, shard++, first, Math.min(range, e.configurations() - first)));
            }
        });
        Broadcast<Map<String, ExhaustiveEnumerator>> shipped = jsc.broadcast(new HashMap<>(enumerators));
        List<RangeOutput> results;
        try {
            results = jsc.parallelize(tasks, tasks.size()).map(t -> {
                long t0 = System.nanoTime();
                ExactPosterior p = shipped.value().get(t.cellId()).enumerate(t.first(), t.count());
                return new RangeOutput(t, p, (System.nanoTime() - t0) / 1e9);
            }).collect();
        } finally {
            shipped.destroy();
        }
        List<CellOutcome> outcomes = new ArrayList<>();
        for (String id : enumerators.keySet()) {
            ExactPosterior total = null;
            List<ShardOutput> ranges = new ArrayList<>();
            double seconds = 0;
            for (RangeOutput r : results) {
                RangeTask t = r.task();
                if (t.cellId().equals(id)) {
                    total = total == null ? r.posterior() : total.plus(r.posterior());
                    seconds += r.seconds();
                    ranges.add(new ShardOutput(id, t.shard(), new ShardResult(t.first(), t.count(), List.of(),
                            r.seconds())));
                }
            }
            outcomes.add(new CellOutcome(sweep.cellSpec(id), ExactCellResult.of(total, sweep.cells().get(id).bounds()),
                    ranges, seconds));
        }
        return outcomes;
    }

    private static void write(RunWriter writer, PreparedSweep sweep, List<CellOutcome> cells) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<Row> shardRows = new ArrayList<>();
        List<Row> cellRows = new ArrayList<>();
        for (CellOutcome c : cells) {
            String id = c.spec().id();
            for (ShardOutput o : c.ranges()) {
                shardRows.add(ShardsTable.TABLE.row(columns, id, new ShardsTable.Shard(o.shard(), o.result())));
            }
            CellData d = sweep.cells().get(id).data();
            cellRows.add(CellsTable.TABLE.row(columns, id, CellsTable.Cell.exact(c.spec(), d, c.result(),
                    c.seconds())));
        }
        writer.stage(ShardsTable.TABLE, columns, shardRows);
        writer.stage(CellsTable.TABLE, columns, cellRows);
    }
}
