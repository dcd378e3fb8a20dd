package org.gnc.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.gnc.continual.DualProjection;
import org.gnc.continual.Orderings;
import org.gnc.continual.SequentialMaxMargin;
import org.gnc.continual.Separability;
import org.gnc.continual.StepRecord;
import org.gnc.continual.Summaries;
import org.gnc.continual.TaskFamily;
import org.gnc.continual.TaskGenerator;
import org.gnc.data.DataException;
import org.gnc.spark.tables.ContinualCellsTable;
import org.gnc.spark.tables.ContinualColumns;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.StepQuantilesTable;
import org.gnc.spark.tables.StepsTable;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpec.OrderingKind;

/**
 * Sequential max-margin over seeds and orderings on Spark: the driver reads (and checks) the task
 * files, one Spark task runs one (ordering, seed) — builds the family of that seed, w* and the SMM
 * run — and the driver summarizes over seeds and writes the steps, step_quantiles and
 * continual_cells tables and the run's runs row (through {@link RunWriter}).
 */
public final class ContinualJob {

    /** One Spark task: ordering index and seed (replicate) index. */
    record Unit(int ordering, int seed) implements java.io.Serializable {
    }

    /** What a Spark task needs of the spec (the spec itself holds paths, which do not serialize). */
    record UnitConfig(ContinualSpec.Tasks.Generated generated, long seed, int steps, List<OrderingKind> orderings,
                      List<Integer> fixedOrder, double tolerance, long maxSweeps) implements java.io.Serializable {
        static UnitConfig of(ContinualSpec s) {
            return new UnitConfig(s.tasks() instanceof ContinualSpec.Tasks.Generated g ? g : null, s.seed(), s.steps(),
                    new ArrayList<>(s.orderings()), new ArrayList<>(s.fixedOrder()), s.tolerance(), s.maxSweeps());
        }
    }

    /** What a task sends back. */
    record UnitOutput(Unit unit, List<StepRecord> steps, double optimumNorm, double seconds)
            implements java.io.Serializable {
    }

    /** The summary of one ordering. */
    public record CellOutcome(OrderingKind ordering, Summaries.Cell cell) {
    }

    /** A finished run. */
    public record Outcome(String runId, String folder, List<CellOutcome> cells) {
    }

    private ContinualJob() {
    }

    /**
     * The family read from task files (null for a generated family), checked before Spark starts:
     * a file that cannot be read, an empty task, mismatched dimensions, or tasks that are not jointly
     * separable (the offline max-margin problem is infeasible) are a {@link DataException}.
     */
    public static TaskFamily filesFamily(ContinualSpec spec) {
        if (!(spec.tasks() instanceof ContinualSpec.Tasks.Files files)) {
            return null;
        }
        TaskFamily family = TaskFamily.read(files.files());
        if (!Separability.separable(family.unionConstraints(), family.dim())) {
            throw new DataException("tasks.files: the " + family.count() + " tasks are not jointly separable: the"
                    + " offline max-margin problem {w : y_i w.x_i >= 1 for every example of every task} is infeasible"
                    + " (no linear separator through the origin classifies all of " + files.files() + " correctly),"
                    + " so sequential max-margin is undefined; check the labels or drop the conflicting task");
        }
        return family;
    }

    public static Outcome run(SparkSession spark, ContinualSpec spec, TaskFamily filesFamily, OutputFolder out) {
        return RunWriter.record(spark, out, spec.name(), "continual", spec.resolvedText(), writer -> {
            long t0 = System.nanoTime();
            List<UnitOutput> results = compute(spark, spec, filesFamily);
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<CellOutcome> cells = write(writer, spec, filesFamily, results, seconds);
            return new Outcome(writer.runId(), out.root(), cells);
        });
    }

    private static List<UnitOutput> compute(SparkSession spark, ContinualSpec spec, TaskFamily filesFamily) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Unit> units = new ArrayList<>();
        for (int o = 0; o < spec.orderings().size(); o++) {
            for (int s = 0; s < spec.seeds(); s++) {
                units.add(new Unit(o, s));
            }
        }
        UnitConfig config = UnitConfig.of(spec);
        return jsc.parallelize(units, Math.max(1, Math.min(units.size(), 4 * jsc.defaultParallelism())))
                .map(u -> runUnit(config, filesFamily, u)).collect();
    }

    /** One (ordering, seed): its family, w*, ordering and SMM run; a pure function of its arguments. */
    static UnitOutput runUnit(UnitConfig spec, TaskFamily filesFamily, Unit u) {
        long t0 = System.nanoTime();
        TaskFamily family = filesFamily != null ? filesFamily
                : TaskGenerator.generate(spec.generated(), spec.seed(), u.seed());
        DualProjection.Result optimum = SequentialMaxMargin.offlineOptimum(family, spec.tolerance(), spec.maxSweeps());
        double[] wStar = optimum.w();
        int[] tau = Orderings.sequence(spec.orderings().get(u.ordering()), family.count(), spec.steps(), spec.seed(),
                u.seed(), spec.fixedOrder());
        SequentialMaxMargin.Run run = SequentialMaxMargin.run(family, tau, wStar, spec.tolerance(), spec.maxSweeps(),
                false);
        return new UnitOutput(u, run.steps(), Math.sqrt(dot(wStar, wStar)), (System.nanoTime() - t0) / 1e9);
    }

    private static List<CellOutcome> write(RunWriter writer, ContinualSpec spec, TaskFamily filesFamily,
                                           List<UnitOutput> results, double seconds) {
        List<StepsTable.Step> steps = new ArrayList<>();
        List<StepQuantilesTable.Band> bands = new ArrayList<>();
        List<ContinualCellsTable.Cell> cells = new ArrayList<>();
        List<CellOutcome> outcomes = new ArrayList<>();
        Integer dim = filesFamily != null ? Integer.valueOf(filesFamily.dim())
                : Integer.valueOf(((ContinualSpec.Tasks.Generated) spec.tasks()).dim());
        for (int o = 0; o < spec.orderings().size(); o++) {
            OrderingKind kind = spec.orderings().get(o);
            ContinualColumns.Head head = new ContinualColumns.Head(writer.runId(), spec.name(), kind.configName());
            List<List<StepRecord>> runs = new ArrayList<>();
            double[] optimumNorms = new double[spec.seeds()];
            double cellSeconds = 0;
            for (UnitOutput r : sorted(results, o)) {
                for (StepRecord rec : r.steps()) {
                    steps.add(new StepsTable.Step(head, r.unit().seed(), rec));
                }
                runs.add(r.steps());
                optimumNorms[r.unit().seed()] = r.optimumNorm();
                cellSeconds += r.seconds();
            }
            for (Summaries.StepBand b : Summaries.bands(runs)) {
                bands.add(new StepQuantilesTable.Band(head, b));
            }
            Summaries.Cell cell = Summaries.cell(runs, optimumNorms);
            cells.add(new ContinualCellsTable.Cell(head, spec.taskCount(), dim, cell, cellSeconds));
            outcomes.add(new CellOutcome(kind, cell));
        }
        writer.stage(StepsTable.TABLE, steps);
        writer.stage(StepQuantilesTable.TABLE, bands);
        writer.stage(ContinualCellsTable.TABLE, cells);
        return outcomes;
    }

    private static List<UnitOutput> sorted(List<UnitOutput> results, int ordering) {
        return results.stream().filter(r -> r.unit().ordering() == ordering)
                .sorted(java.util.Comparator.comparingInt(r -> r.unit().seed())).toList();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
