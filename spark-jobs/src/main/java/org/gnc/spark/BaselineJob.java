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
import org.gnc.baseline.BaselineCell;
import org.gnc.baseline.BaselineCellResult;
import org.gnc.baseline.TrainingRun;
import org.gnc.data.CellData;
import org.gnc.data.DataException;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.SamplesTable;
import org.gnc.spec.CellSpec;

/**
 * The SGD baseline on Spark: one task per (cell, seed), each training the cell's student architecture with the
 * core {@link org.gnc.baseline.GradientTrainer}; then the tables samples (one row per trained network, its
 * seed as candidate_index, with epochs, interpolated and loss), cells (method = sgd: attempts = seeds,
 * accepted = runs that interpolated, test error over those runs, the cell's p* columns) and runs.
 */
public final class BaselineJob {
    /** One trained cell, runs in seed order. */
    public record CellOutcome(CellSpec spec, BaselineCellResult result) {
    }

    /** A finished baseline run. */
    public record Outcome(String runId, String folder, List<CellOutcome> cells) {
    }

    record RunTask(String cellId, long seed) implements java.io.Serializable {
    }

    record RunOutput(String cellId, TrainingRun run) implements java.io.Serializable {
    }

    private BaselineJob() {
    }

    /** Every cell's baseline, built on the driver so that untrainable students are refused before Spark runs. */
    public static Map<String, BaselineCell> cells(PreparedSweep sweep) {
        Map<String, BaselineCell> out = new LinkedHashMap<>();
        sweep.cells().forEach((id, sampler) -> {
            CellSpec spec = sweep.cellSpec(id);
            try {
                out.put(id, BaselineCell.of(spec, sweep.spec().seed(), sampler.data(), sweep.spec().baseline()));
            } catch (IllegalArgumentException e) {
                String where = spec.axisValues().isEmpty() ? "" : " (" + spec.axisLabel() + ")";
                throw new DataException("cell " + id + where + ": " + e.getMessage());
            }
        });
        return out;
    }

    public static Outcome run(SparkSession spark, PreparedSweep sweep, Map<String, BaselineCell> cells,
                              OutputFolder out) {
        return RunWriter.record(spark, out, sweep.spec().name(), "baseline", sweep.spec().resolvedText(), writer -> {
            List<CellOutcome> outcomes = train(spark, sweep, cells);
            write(writer, sweep, outcomes);
            return new Outcome(writer.runId(), out.root(), outcomes);
        });
    }

    private static List<CellOutcome> train(SparkSession spark, PreparedSweep sweep, Map<String, BaselineCell> cells) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RunTask> tasks = new ArrayList<>();
        int seeds = sweep.spec().baseline().seeds();
        cells.keySet().forEach(id -> {
            for (long s = 0; s < seeds; s++) {
                tasks.add(new RunTask(id, s));
            }
        });
        Broadcast<Map<String, BaselineCell>> shipped = jsc.broadcast(new HashMap<>(cells));
        List<RunOutput> results;
        try {
            results = jsc.parallelize(tasks, Math.max(1, Math.min(tasks.size(), 4 * jsc.defaultParallelism())))
                    .map(t -> new RunOutput(t.cellId(), shipped.value().get(t.cellId()).run(t.seed()))).collect();
        } finally {
            shipped.destroy();
        }
        List<CellOutcome> outcomes = new ArrayList<>();
        for (String id : cells.keySet()) {
            List<TrainingRun> runs = results.stream().filter(r -> r.cellId().equals(id)).map(RunOutput::run)
                    .sorted(java.util.Comparator.comparingLong(TrainingRun::seed)).toList();
            outcomes.add(new CellOutcome(sweep.cellSpec(id), BaselineCellResult.of(runs,
                    cells.get(id).data().test().size(), sweep.cells().get(id).bounds().teacherOnly())));
        }
        return outcomes;
    }

    private static void write(RunWriter writer, PreparedSweep sweep, List<CellOutcome> cells) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<Row> samples = new ArrayList<>();
        List<Row> cellRows = new ArrayList<>();
        for (CellOutcome c : cells) {
            String id = c.spec().id();
            CellData d = sweep.cells().get(id).data();
            for (TrainingRun r : c.result().runs()) {
                samples.add(SamplesTable.TRAINED.row(columns, id, new SamplesTable.Trained(r, d.test().size())));
            }
            cellRows.add(CellsTable.TABLE.row(columns, id, CellsTable.Cell.trained(c.spec(), d, c.result())));
        }
        writer.stage(SamplesTable.TRAINED, columns, samples);
        writer.stage(CellsTable.TABLE, columns, cellRows);
    }
}
