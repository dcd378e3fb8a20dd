package org.gnc.spark;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.gnc.data.CellData;
import org.gnc.sample.CellResult;
import org.gnc.sample.CellSampler;
import org.gnc.sample.CellTally;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardPlanner;
import org.gnc.sample.ShardResult;
import org.gnc.sample.ShardSampler;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.SamplesTable;
import org.gnc.spark.tables.ShardsTable;
import org.gnc.spec.Budget;
import org.gnc.spec.CellSpec;

/**
 * The Guess &amp; Check sweep on Spark: shard, sample, tally, write.
 *
 * <ol>
 *   <li>The driver holds a {@link PreparedSweep} (parsed, validated, data loaded) and ships every
 *       cell's {@link CellSampler} to the executors once, as a broadcast.</li>
 *   <li>In rounds, it plans shards (cell, index range) for the cells still short of their budget
 *       ({@link ShardPlanner}) and runs one Spark task per shard; each task runs the core sampler on
 *       its range and returns the accepted networks. A round has about {@code slots} tasks; when
 *       more cells are open than that, the cells with the fewest shards so far go first.</li>
 *   <li>After each round the driver tallies every cell ({@link CellTally}); finished cells get no more
 *       shards. The next round is planned and submitted while one runs (two rounds in flight, as far
 *       as {@link ShardPlanner} allows), so that Spark starts its tasks as soon as a slot frees up
 *       instead of leaving slots idle until a round's last task ends.</li>
 *   <li>The tables samples, shards and cells are staged and published together by a {@link RunWriter},
 *       which then records the run in runs.</li>
 * </ol>
 */
public final class SweepJob {

    /**
     * How to run: the shard size (0: each cell's default), the number of task slots per round (0:
     * twice Spark's default parallelism), where progress goes (null: nowhere), and where finished
     * shards are kept so that an interrupted run resumes where it stopped (null: nowhere).
     */
    public record Options(long shardSize, int slots, PrintWriter progress, boolean progressIsTerminal,
                          Checkpoint checkpoint) {
        public Options(long shardSize, int slots, PrintWriter progress, boolean progressIsTerminal) {
            this(shardSize, slots, progress, progressIsTerminal, null);
        }
    }

    /**
     * Where a sweep keeps the shards it has run. A candidate's outcome is a pure function of its
     * index, so a run that starts from the saved shards of an interrupted one ends exactly where an
     * uninterrupted run would: finished cells get no new shards, the others continue.
     */
    public interface Checkpoint {
        /** The shards saved so far, by cell id (cells of other sweeps are ignored). */
        Map<String, List<ShardOutput>> load();

        /** Saves all shards of a cell so far (called after each round for the cells that ran). */
        void save(String cellId, List<ShardOutput> shards);
    }

    /** One finished cell. */
    public record CellOutcome(CellSpec spec, CellResult result, List<ShardOutput> shards) {
    }

    /**
     * A finished sweep: its run id and cells, in grid order, the wall-clock seconds of its sampling
     * rounds (planning, Spark tasks, tallies; without loading the data and writing the tables), and each
     * round in order.
     */
    public record Outcome(String runId, String folder, List<CellOutcome> cells, double samplingSeconds,
                          List<Round> rounds) {
    }

    /**
     * One sampling round: the candidates its shards scanned, and the wall-clock seconds from the end of
     * the round before (or the start of sampling) to its end.
     */
    public record Round(long candidates, double seconds) {
    }

    private SweepJob() {
    }

    public static Outcome run(SparkSession spark, PreparedSweep sweep, OutputFolder out, Options options) {
        return RunWriter.record(spark, out, sweep.spec().name(), "sweep", sweep.spec().resolvedText(), writer -> {
            long t0 = System.nanoTime();
            List<Round> rounds = new ArrayList<>();
            List<CellOutcome> cells = sample(spark, sweep, options, rounds);
            double samplingSeconds = (System.nanoTime() - t0) / 1e9;
            write(writer, sweep, cells);
            return new Outcome(writer.runId(), out.root(), cells, samplingSeconds, List.copyOf(rounds));
        });
    }

    private static List<CellOutcome> sample(SparkSession spark, PreparedSweep sweep, Options options,
                                            List<Round> rounds) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, CellSampler> samplers = sweep.cells();
        Broadcast<Map<String, CellSampler>> shipped = jsc.broadcast(new HashMap<>(samplers));
        LongAccumulator candidates = spark.sparkContext().longAccumulator("gnc.candidates");
        LongAccumulator accepted = spark.sparkContext().longAccumulator("gnc.accepted");
        int slots = options.slots() > 0 ? options.slots() : 2 * jsc.defaultParallelism();

        Map<String, List<ShardOutput>> shards = new LinkedHashMap<>();
        Map<String, CellTally> tallies = new LinkedHashMap<>();
        Map<String, List<ShardOutput>> saved = options.checkpoint() == null ? Map.of() : options.checkpoint().load();
        for (String id : samplers.keySet()) {
            List<ShardOutput> done = new ArrayList<>(saved.getOrDefault(id, List.of()));
            shards.put(id, done);
            tallies.put(id, CellTally.of(done.stream().map(ShardOutput::result).toList(),
                    samplers.get(id).budget().targetAccepted()));
        }
        Progress progress = options.progress() == null ? null : new Progress(options.progress(),
                options.progressIsTerminal(), samplers.size(), candidates::value, accepted::value, 10_000);
        Deque<Flight> flights = new ArrayDeque<>();
        try {
            long roundEnd = System.nanoTime();
            while (true) {
                while (flights.size() < 2) {
                    List<ShardTask> tasks = plan(samplers, tallies, shards, running(flights), slots, options.shardSize());
                    if (tasks.isEmpty()) {
                        break;
                    }
                    flights.add(new Flight(tasks, jsc.parallelize(tasks, tasks.size()).map(task -> {
                        ShardResult r = shipped.value().get(task.cellId()).runShard(task.first(),
                                task.count(), task.stopAfter(), ShardSampler.deadlineAfter(task.maxSeconds()));
                        candidates.add(r.candidates());
                        accepted.add(r.samples().size());
                        return new ShardOutput(task.cellId(), task.shard(), r);
                    }).collectAsync()));
                }
                if (flights.isEmpty()) {
                    break;
                }
                Flight done = flights.removeFirst();
                List<ShardOutput> outputs = done.await();
                for (ShardOutput o : outputs) {
                    shards.get(o.cellId()).add(o);
                }
                for (String id : done.tasks().stream().map(ShardTask::cellId).distinct().toList()) {
                    tallies.put(id, CellTally.of(shards.get(id).stream().map(ShardOutput::result).toList(),
                            samplers.get(id).budget().targetAccepted()));
                    if (options.checkpoint() != null) {
                        options.checkpoint().save(id, shards.get(id));
                    }
                }
                long now = System.nanoTime();
                rounds.add(new Round(outputs.stream().mapToLong(o -> o.result().candidates()).sum(),
                        (now - roundEnd) / 1e9));
                roundEnd = now;
                if (progress != null) {
                    progress.cellsDone((int) samplers.keySet().stream()
                            .filter(id -> ShardPlanner.done(tallies.get(id), samplers.get(id).budget())).count());
                }
            }
        } finally {
            // After a failure, a round still in flight is cancelled before the broadcast goes.
            flights.forEach(f -> f.future().cancel(true));
            if (progress != null) {
                progress.close();
            }
            shipped.destroy();
        }
        List<CellOutcome> outcomes = new ArrayList<>();
        for (String id : samplers.keySet()) {
            CellSampler cell = samplers.get(id);
            outcomes.add(new CellOutcome(sweep.cellSpec(id),
                    CellResult.of(tallies.get(id), cell.data().test().size(), cell.bounds()), shards.get(id)));
        }
        return outcomes;
    }

    /** A submitted round: its shards and the Spark job running them. */
    private record Flight(List<ShardTask> tasks, JavaFutureAction<List<ShardOutput>> future) {
        /** The round's outputs, once every task has ended; a failed task fails the run. */
        List<ShardOutput> await() {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a sampling round ran", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("a sampling round failed: " + cause.getMessage(), cause);
            }
        }
    }

    /** Per cell, the shards of the rounds in flight, in order. */
    private static Map<String, List<ShardPlanner.Range>> running(Deque<Flight> flights) {
        Map<String, List<ShardPlanner.Range>> running = new HashMap<>();
        for (Flight f : flights) {
            for (ShardTask t : f.tasks()) {
                running.computeIfAbsent(t.cellId(), id -> new ArrayList<>())
                        .add(new ShardPlanner.Range(t.first(), t.count(), t.maxSeconds()));
            }
        }
        return running;
    }

    /**
     * The next round: about {@code slots} shards over the cells still short of their budget, the cells
     * with the fewest shards so far (counting those in flight) first (ties in grid order), each open cell
     * getting an equal share; the shards in flight ({@code running}) are passed to {@link ShardPlanner}.
     */
    private static List<ShardTask> plan(Map<String, CellSampler> samplers, Map<String, CellTally> tallies,
                                        Map<String, List<ShardOutput>> shards,
                                        Map<String, List<ShardPlanner.Range>> running, int slots, long shardSize) {
        List<String> open = new ArrayList<>();
        for (String id : samplers.keySet()) {
            if (!ShardPlanner.done(tallies.get(id), samplers.get(id).budget())) {
                open.add(id);
            }
        }
        java.util.function.ToIntFunction<String> launched =
                id -> shards.get(id).size() + running.getOrDefault(id, List.of()).size();
        open.sort(java.util.Comparator.comparingInt(launched));
        List<ShardTask> tasks = new ArrayList<>();
        int perCell = Math.max(1, slots / Math.max(1, open.size()));
        for (String id : open.subList(0, Math.min(open.size(), Math.max(1, slots)))) {
            CellSampler cell = samplers.get(id);
            Budget b = cell.budget();
            ShardPlanner planner = new ShardPlanner(shardSize > 0 ? shardSize : cell.defaultShardSize());
            CellTally tally = tallies.get(id);
            int shard = launched.applyAsInt(id);
            for (ShardPlanner.Range r : planner.plan(tally, b, perCell, running.getOrDefault(id, List.of()))) {
                tasks.add(new ShardTask(id, shard++, r.first(), r.count(), b.targetAccepted() - tally.accepted(),
                        r.maxSeconds()));
            }
        }
        return tasks;
    }

    private static void write(RunWriter writer, PreparedSweep sweep, List<CellOutcome> cells) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<Row> samples = new ArrayList<>();
        List<Row> shardRows = new ArrayList<>();
        List<Row> cellRows = new ArrayList<>();
        for (CellOutcome c : cells) {
            String id = c.spec().id();
            CellData d = sweep.cells().get(id).data();
            for (Sample s : c.result().tally().samples()) {
                samples.add(SamplesTable.TABLE.row(columns, id, SamplesTable.Network.of(s, d.test().size())));
            }
            for (ShardOutput o : c.shards()) {
                shardRows.add(ShardsTable.TABLE.row(columns, id, new ShardsTable.Shard(o.shard(), o.result())));
            }
            cellRows.add(CellsTable.TABLE.row(columns, id, CellsTable.Cell.sampled(c.spec(), d, c.result())));
        }
        writer.stage(SamplesTable.TABLE, columns, samples);
        writer.stage(ShardsTable.TABLE, columns, shardRows);
        writer.stage(CellsTable.TABLE, columns, cellRows);
    }
}
