package org.gnc.spark.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gnc.continual.StepRecord;
import org.gnc.continual.Summaries;
import org.gnc.stats.SampleQuantiles;

/**
 * The tables of {@code gnc continual}: {@code steps} (one row per seed, ordering and step),
 * {@code step_quantiles} (one row per ordering and step: mean and 5/25/50/75/95% quantiles over
 * seeds, the bands of a forgetting-vs-step chart) and {@code continual_cells} (one row per
 * ordering: the same at the last step). Every row starts with run_id, name and ordering; NaN is
 * written as null.
 */
public final class ContinualTables {
    public static final String STEPS = "steps";
    public static final String STEP_QUANTILES = "step_quantiles";
    public static final String CELLS = "continual_cells";
    /** The continual tables, in the order they are written. */
    public static final List<String> ALL = List.of(STEPS, STEP_QUANTILES, CELLS);

    private static final String[] STATS = {"mean", "q05", "q25", "q50", "q75", "q95"};

    private ContinualTables() {
    }

    private static List<StructField> head() {
        return new ArrayList<>(List.of(
                field("run_id", DataTypes.StringType, false),
                field("name", DataTypes.StringType, false),
                field("ordering", DataTypes.StringType, false)));
    }

    public static StructType stepsSchema() {
        List<StructField> f = head();
        f.addAll(List.of(
                field("seed", DataTypes.IntegerType, false),
                field("step", DataTypes.IntegerType, false),
                field("task", DataTypes.IntegerType, false),
                field("forgetting", DataTypes.DoubleType, false),
                field("max_violation_seen", DataTypes.DoubleType, false),
                field("train_errors", DataTypes.createArrayType(DataTypes.DoubleType, true), false),
                field("mean_seen_train_error", DataTypes.DoubleType, false),
                field("distance_to_optimum", DataTypes.DoubleType, false),
                field("norm", DataTypes.DoubleType, false),
                field("projection_sweeps", DataTypes.LongType, false)));
        return new StructType(f.toArray(StructField[]::new));
    }

    public static Row stepRow(String runId, String name, String ordering, int seed, StepRecord r) {
        List<Double> errors = Arrays.stream(r.trainErrors()).mapToObj(ContinualTables::orNull).toList();
        return RowFactory.create(runId, name, ordering, seed, r.step(), r.task(), r.forgetting(), r.maxViolationSeen(),
                errors, r.meanSeenTrainError(), r.distanceToOptimum(), r.norm(), r.sweeps());
    }

    public static StructType stepQuantilesSchema() {
        List<StructField> f = head();
        f.add(field("step", DataTypes.IntegerType, false));
        f.add(field("seeds", DataTypes.IntegerType, false));
        for (String m : List.of("forgetting", "distance_to_optimum", "norm", "mean_seen_train_error")) {
            quantileFields(f, m);
        }
        return new StructType(f.toArray(StructField[]::new));
    }

    public static Row stepQuantilesRow(String runId, String name, String ordering, Summaries.StepBand b) {
        List<Object> v = new ArrayList<>(List.of(runId, name, ordering, b.step(), b.forgetting().n()));
        for (SampleQuantiles q : List.of(b.forgetting(), b.distanceToOptimum(), b.norm(), b.meanSeenTrainError())) {
            quantileValues(v, q);
        }
        return RowFactory.create(v.toArray());
    }

    public static StructType cellsSchema() {
        List<StructField> f = head();
        f.addAll(List.of(
                field("tasks", DataTypes.IntegerType, false),
                field("dim", DataTypes.IntegerType, true),
                field("steps", DataTypes.IntegerType, false),
                field("seeds", DataTypes.IntegerType, false),
                field("runs_feasible_at_end", DataTypes.IntegerType, false)));
        for (String m : List.of("final_forgetting", "final_distance_to_optimum", "final_norm", "optimum_norm")) {
            quantileFields(f, m);
        }
        f.add(field("seconds", DataTypes.DoubleType, false));
        return new StructType(f.toArray(StructField[]::new));
    }

    public static Row cellRow(String runId, String name, String ordering, int tasks, Integer dim, Summaries.Cell c,
                              double seconds) {
        List<Object> v = new ArrayList<>(Arrays.asList(runId, name, ordering, tasks, dim, c.steps(), c.runs(),
                c.runsFeasibleAtEnd()));
        for (SampleQuantiles q : List.of(c.finalForgetting(), c.finalDistanceToOptimum(), c.finalNorm(),
                c.optimumNorm())) {
            quantileValues(v, q);
        }
        v.add(seconds);
        return RowFactory.create(v.toArray());
    }

    private static void quantileFields(List<StructField> f, String metric) {
        for (String s : STATS) {
            f.add(field(metric + "_" + s, DataTypes.DoubleType, true));
        }
    }

    private static void quantileValues(List<Object> v, SampleQuantiles q) {
        for (double d : new double[] {q.mean(), q.q05(), q.q25(), q.q50(), q.q75(), q.q95()}) {
            v.add(orNull(d));
        }
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
