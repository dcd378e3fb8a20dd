package org.gnc.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.ReplicateRun;
import org.gnc.smc.SmcCell;
import org.gnc.smc.SmcCellResult;
import org.gnc.smc.SmcTask;
import org.gnc.smc.TemperedSmc;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SamplerSpec;
import scala.Tuple2;

/**
 * The sequential Monte Carlo cells of a sweep on Spark: plan, run, combine. Every cell with
 * {@code sampler.kind = smc} becomes an {@link SmcCell}, shipped to the executors once as a broadcast;
 * one Spark job runs all their {@link SmcTask}s, one task per replicate of each checkpoint, longest
 * (largest n) first so the slowest tasks do not start last; the driver combines each cell's runs
 * ({@link SmcCell#combine}). A task is a pure function of the sweep seed, its cell and its task, so a
 * retried task returns the same run, unless the cell's {@code budget.max-seconds} stops it: each task (one
 * replicate of one checkpoint) has that many seconds of its own ({@link SmcCell}). Every cell runs with the
 * output-weight tilt {@link TemperedSmc#OUTPUT_TILT}: where its moves have the tilt (a finite prior with a
 * level 0 on one hidden ReLU layer), each replicate runs the plain and the tilted pilot and measures on the
 * better path ({@link TemperedSmc}).
 */
final class SmcRunner {

    private SmcRunner() {
    }

    /** The cells of {@code sweep} that SMC runs, in grid order, each with its settings. */
    static Map<String, SmcCell> cells(PreparedSweep sweep) {
        Map<String, SmcCell> cells = new LinkedHashMap<>();
        for (CellSpec spec : sweep.spec().cells()) {
            SamplerSpec s = spec.sampler();
            if (s.kind() == SamplerSpec.Kind.SMC) {
                cells.put(spec.id(), new SmcCell(sweep.cells().get(spec.id()),
                        TemperedSmc.Settings.of(s.particles(), s.moves()).withOutputTilt(TemperedSmc.OUTPUT_TILT),
                        s.replicates(), s.checkpoints(),
                        spec.budget().maxSeconds()));
            }
        }
        return cells;
    }

    /** Runs every task of {@code cells} as one Spark job and returns each cell's result, in the order given. */
    static List<SmcCellResult> run(SparkSession spark, Map<String, SmcCell> cells, PrintWriter progress) {
        if (cells.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<SmcTask> tasks = new ArrayList<>();
        cells.values().forEach(c -> tasks.addAll(c.tasks()));
        tasks.sort(Comparator.comparingInt(SmcTask::checkpoint).reversed());
        if (progress != null) {
            long metropolis = cells.values().stream().filter(c -> !c.exactGibbs()).count();
            String moves = metropolis == 0 ? "exact Gibbs moves"
                    : metropolis == cells.size() ? "Metropolis-within-Gibbs moves (the students are beyond exact Gibbs: "
                            + "deeper than one hidden layer or not ReLU)"
                    : "exact Gibbs moves; Metropolis-within-Gibbs for the " + metropolis + " cells whose students are "
                            + "deeper than one hidden layer or not ReLU";
            progress.println("smc: " + cells.size() + " cells, " + tasks.size() + " tasks (one per replicate of "
                    + "each checkpoint; " + moves + ", tempered from the prior, and where the output-weight tilt applies "
                    + "also from the prior tilted toward few units, measured on the path whose pilot estimated more)");
            progress.flush();
        }
        Broadcast<Map<String, SmcCell>> shipped = jsc.broadcast(new HashMap<>(cells));
        List<Tuple2<String, ReplicateRun>> runs;
        try {
            runs = jsc.parallelize(tasks, tasks.size())
                    .mapToPair(t -> new Tuple2<>(t.cellId(), shipped.value().get(t.cellId()).run(t))).collect();
        } finally {
            shipped.destroy();
        }
        Map<String, List<ReplicateRun>> byCell = new LinkedHashMap<>();
        cells.keySet().forEach(id -> byCell.put(id, new ArrayList<>()));
        runs.forEach(r -> byCell.get(r._1()).add(r._2()));
        List<SmcCellResult> results = new ArrayList<>();
        byCell.forEach((id, list) -> results.add(cells.get(id).combine(list)));
        return results;
    }
}
