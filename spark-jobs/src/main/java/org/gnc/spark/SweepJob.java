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
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.gnc.data.CellData;
import org.gnc.sample.CellResult;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardOutput;
import org.gnc.sample.ShardTask;
import org.gnc.sample.SweepScheduler;
import org.gnc.sample.TallyFold;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.SamplesTable;
import org.gnc.spark.tables.ShardsTable;
import org.gnc.smc.SmcCellResult;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SamplerSpec;

/**
 * The Guess &amp; Check sweep on Spark: submit, await, write.
 *
 * <ol>
 *   <li>The driver holds a {@link PreparedSweep} (parsed, validated, data loaded) and ships the cells'
 *       {@link CellSampler}s to the executors as one broadcast per distinct test set
 *       ({@link #broadcastPerTestSet}), which a task fetches only for the shards it runs.</li>
 *   <li>A {@link SweepScheduler} plans the shards in rounds: which cells, how many shards, which
 *       candidates (its Javadoc has the rules). Each round is one Spark job with one task per list of
 *       {@link ShardTask}s ({@link SweepScheduler#tasks}: one shard a task, or several small cells' shards
 *       sharing one when many cells are open); a task runs the core sampler on each of its shards' ranges
 *       in turn ({@link CellSampler#runShard(ShardTask)}) and returns the accepted networks. The next round is submitted while one runs (two in flight,
 *       as far as the scheduler allows), so that Spark starts its tasks as soon as a slot frees up
 *       instead of leaving slots idle until a round's last task ends.</li>
 *   <li>As each round ends, its outputs go back to the scheduler, which folds them into the tallies of the
 *       cells that ran (finished cells get no more shards) and keeps no samples, and the checkpoint (or,
 *       without one, a scratch folder in the run's staging) saves each new shard once, samples included.
 *       So the driver holds the samples of at most the rounds in flight: its memory grows with the cells,
 *       not with the accepted networks.</li>
 *   <li>The tables samples (written by the executors, each task reading its shards back from the
 *       checkpoint one at a time), shards and cells are staged and published together by a
 *       {@link RunWriter}, which then records the run in runs.</li>
 * </ol>
 */
public final class SweepJob {

    /**
     * How to run: the shard size (0: each cell's default), the number of task slots per round (0:
     * twice Spark's default parallelism), where progress goes (null: nowhere), where finished shards
     * are kept so that an interrupted run resumes where it stopped (null: nowhere), and how many rows
     * of the samples table one task writes at most (each batch one Parquet file).
     */
    public record Options(long shardSize, int slots, PrintWriter progress, boolean progressIsTerminal,
                          Checkpoint checkpoint, int sampleRowsPerBatch) {
        /** The default batch of samples rows: some megabytes of rows on an executor, one Spark task each. */
        public static final int SAMPLE_ROWS_PER_BATCH = 50_000;

        public Options {
            if (sampleRowsPerBatch < 1) {
                throw new IllegalArgumentException("sampleRowsPerBatch must be >= 1, got " + sampleRowsPerBatch);
            }
        }

        public Options(long shardSize, int slots, PrintWriter progress, boolean progressIsTerminal,
                       Checkpoint checkpoint) {
            this(shardSize, slots, progress, progressIsTerminal, checkpoint, SAMPLE_ROWS_PER_BATCH);
        }

        public Options(long shardSize, int slots, PrintWriter progress, boolean progressIsTerminal) {
            this(shardSize, slots, progress, progressIsTerminal, null);
        }
    }

    /**
     * Where a sweep keeps the shards it has run, with their accepted networks, so that the driver need not:
     * it reads a shard's samples back when it tallies a resumed cell, and the executors do when they write the
     * samples table.
     * A candidate's outcome is a pure function of its index, so a run that starts from the saved shards of
     * an interrupted one ends exactly where an uninterrupted run would: finished cells get no new shards,
     * the others continue.
     */
    public interface Checkpoint {
        /**
         * The shards saved so far, by cell id (cells of other sweeps are ignored), each cell's in shard
         * order, {@linkplain ShardOutput#withoutSamples() without their samples}.
         */
        Map<String, List<ShardOutput>> load();

        /** A reader of the saved shards, which a Spark task can carry to an executor. */
        Reader reader();

        /**
         * Saves newly finished shards of a cell with their samples (called after each round for the cells
         * that ran in it); each shard is saved once.
         */
        void save(String cellId, List<ShardOutput> shards);

        /** Reads saved shards, on the driver or on an executor. */
        interface Reader extends java.io.Serializable {
            /** Saved shard {@code shard} of cell {@code cellId}, with its samples. */
            ShardOutput read(String cellId, int shard);
        }
    }

    /**
     * One finished cell: its spec, its result (whose tally holds no samples), its shards (without their
     * samples), and which samples of which shards it kept, in index order ({@link TallyFold#kept}).
     */
    public record CellOutcome(CellSpec spec, CellResult result, List<ShardOutput> shards, List<TallyFold.Kept> kept) {
    }

    /** One finished sequential Monte Carlo cell ({@code sampler.kind = smc}). */
    public record SmcOutcome(CellSpec spec, SmcCellResult result) {
    }

    /**
     * A finished sweep: its run id, its Guess &amp; Check cells and its SMC cells, each in grid order, the
     * wall-clock seconds of its sampling (rounds and SMC tasks: planning, Spark tasks, tallies; without
     * loading the data and writing the tables), each round in order, and every cell's cells row by cell id,
     * in grid order (the rows the cells table holds).
     */
    public record Outcome(String runId, String folder, List<CellOutcome> cells, List<SmcOutcome> smcCells,
                          double samplingSeconds, List<Round> rounds, Map<String, CellsTable.Cell> rows) {
    }

    /**
     * One sampling round: the candidates its shards scanned, the wall-clock seconds from the end of the round
     * before (or the start of sampling) to its end, and of those the seconds the driver was busy with it rather
     * than waiting for a round's tasks: planning and submitting the rounds after the one before, then, once its
     * outputs are back, scoring the acceptances that can be kept, tallying and saving its shards. So
     * {@code 0 <= driverSeconds <= seconds}; with the next round in flight meanwhile, the driver's time costs
     * the executors nothing until it exceeds that round's.
     */
    public record Round(long candidates, double seconds, double driverSeconds) {
    }

    private SweepJob() {
    }

    public static Outcome run(SparkSession spark, PreparedSweep sweep, OutputFolder out, Options options) {
        return RunWriter.record(spark, out, sweep.spec().name(), "sweep", sweep.spec().resolvedText(), writer -> {
            long t0 = System.nanoTime();
            List<Round> rounds = new ArrayList<>();
            Checkpoint store = options.checkpoint() != null ? options.checkpoint() : FolderCheckpoint.scratch(
                    out.staging(writer.runId(), SCRATCH), spark.sparkContext().hadoopConfiguration());
            List<CellOutcome> cells = sample(spark, sweep, options, store, rounds);
            List<SmcOutcome> smc = new ArrayList<>();
            for (SmcCellResult r : SmcRunner.run(spark, SmcRunner.cells(sweep), options.progress())) {
                smc.add(new SmcOutcome(sweep.cellSpec(r.cellId()), r));
            }
            double samplingSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, CellsTable.Cell> rows = write(spark, writer, sweep, cells, smc, store, options.sampleRowsPerBatch());
            return new Outcome(writer.runId(), out.root(), cells, smc, samplingSeconds, List.copyOf(rounds), rows);
        });
    }

    /**
     * The driver loop: rounds from the scheduler, two in flight, each one Spark job; their outputs go
     * back to the scheduler and, cell by cell, to the checkpoint.
     */
    private static List<CellOutcome> sample(SparkSession spark, PreparedSweep sweep, Options options,
                                            Checkpoint store, List<Round> rounds) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // The Guess & Check cells; SMC cells run in their own job (SmcRunner).
        Map<String, CellSampler> samplers = new LinkedHashMap<>();
        sweep.cells().forEach((id, sampler) -> {
            if (sweep.cellSpec(id).sampler().kind() == SamplerSpec.Kind.REJECTION) {
                samplers.put(id, sampler);
            }
        });
        if (samplers.isEmpty()) {
            return List.of();
        }
        Map<String, Broadcast<Map<String, CellSampler>>> shipped = broadcastPerTestSet(jsc, samplers);
        LongAccumulator candidates = spark.sparkContext().longAccumulator("gnc.candidates");
        LongAccumulator accepted = spark.sparkContext().longAccumulator("gnc.accepted");
        LongAccumulator scored = spark.sparkContext().longAccumulator("gnc.scored");
        int slots = options.slots() > 0 ? options.slots() : 2 * jsc.defaultParallelism();
        SweepScheduler scheduler = SweepScheduler.of(samplers, options.shardSize(), slots, false);
        Map<String, List<ShardOutput>> saved = store.load();
        Checkpoint.Reader reader = store.reader();
        SweepScheduler.TestScorer driverScorer = (id, index) -> samplers.get(id).testMistakes(index);
        for (String id : samplers.keySet()) {
            // One saved shard's samples at a time: the scheduler keeps none once they are tallied.
            for (ShardOutput o : saved.getOrDefault(id, List.of())) {
                ShardOutput read = reader.read(id, o.shard());
                ShardOutput complete = SweepScheduler.scoreAll(read, driverScorer);
                if (complete != read) {
                    // Saved with acceptances left unscored: scored now, in case a larger target keeps them.
                    store.save(id, List.of(complete));
                }
                scheduler.resume(complete);
            }
        }
        if (options.progress() != null && !saved.isEmpty()) {
            int shards = saved.values().stream().mapToInt(List::size).sum();
            options.progress().println("gnc: resuming from the checkpoint: " + shards + " finished shards of "
                    + saved.size() + " of " + samplers.size() + " cells (--fresh starts over)");
            options.progress().flush();
        }
        Progress progress = options.progress() == null ? null : new Progress(options.progress(),
                options.progressIsTerminal(), samplers.size(), candidates::value, accepted::value, 10_000);
        String injected = System.getProperty(INJECT_FATAL, "");
        String failOnce = System.getProperty(FAIL_ONCE, "");
        boolean driverDies = injected.equals(INJECT_IN_DRIVER);
        Deque<JavaFutureAction<List<ShardOutput>>> flights = new ArrayDeque<>();
        try {
            long roundEnd = System.nanoTime();
            long planning = 0;
            while (true) {
                stopIfRequested();
                long planningFrom = System.nanoTime();
                for (List<ShardTask> round; !(round = scheduler.nextRound()).isEmpty(); ) {
                    List<List<Shipped>> tasks = ship(scheduler.tasks(round), shipped);
                    flights.add(jsc.parallelize(tasks, tasks.size()).flatMap(shards -> {
                        injectFatal(injected);
                        failOnce(failOnce);
                        List<ShardOutput> outputs = new ArrayList<>();
                        for (Shipped shard : shards) {
                            ShardOutput o = shard.run();
                            candidates.add(o.result().candidates());
                            accepted.add(o.result().accepted());
                            scored.add(o.result().scored());
                            outputs.add(o);
                        }
                        return outputs.iterator();
                    }).collectAsync());
                }
                planning += System.nanoTime() - planningFrom;
                if (flights.isEmpty()) {
                    break;
                }
                if (driverDies) {
                    driverDies = false;
                    Thread dying = new Thread(() -> {
                        throw new OutOfMemoryError("injected by -D" + INJECT_FATAL + "=" + INJECT_IN_DRIVER);
                    }, "gnc-injected-fatal");
                    dying.start();
                }
                List<ShardOutput> ran = await(flights.removeFirst());
                long arrived = System.nanoTime();
                List<ShardOutput> outputs = scheduler.scoreKeepable(ran, driverScorer);
                for (String id : scheduler.finish(outputs)) {
                    store.save(id, outputs.stream().filter(o -> o.cellId().equals(id)).toList());
                }
                long now = System.nanoTime();
                rounds.add(new Round(outputs.stream().mapToLong(o -> o.result().candidates()).sum(),
                        (now - roundEnd) / 1e9, (planning + now - arrived) / 1e9));
                roundEnd = now;
                planning = 0;
                if (progress != null) {
                    progress.cellsDone(scheduler.cellsDone());
                }
            }
        } finally {
            // After a failure, a round still in flight is cancelled before the broadcast goes.
            flights.forEach(f -> f.cancel(true));
            if (progress != null) {
                progress.close();
            }
            shipped.values().stream().distinct().forEach(Broadcast::destroy);
        }
        if (options.progress() != null) {
            options.progress().printf(java.util.Locale.ROOT, "gnc: sampling: %d rounds in %.1f s; the driver was busy "
                    + "%.1f s of it (planning, scoring what can be kept, tallies, checkpoint)%n", rounds.size(),
                    rounds.stream().mapToDouble(Round::seconds).sum(),
                    rounds.stream().mapToDouble(Round::driverSeconds).sum());
            options.progress().flush();
        }
        List<CellOutcome> outcomes = new ArrayList<>();
        for (String id : samplers.keySet()) {
            CellSampler cell = samplers.get(id);
            CellResult result = CellResult.of(scheduler.tally(id), cell.data().test().size(), cell.bounds());
            outcomes.add(new CellOutcome(sweep.cellSpec(id), result, scheduler.shards(id), scheduler.kept(id)));
        }
        return outcomes;
    }

    /**
     * One shard as a task carries it: with the broadcast of the cells that share its cell's test set, so that
     * an executor fetches and deserializes only the datasets of the shards it runs.
     */
    record Shipped(ShardTask shard, Broadcast<Map<String, CellSampler>> cells) implements java.io.Serializable {
        /** Runs the shard on its cell, read from the broadcast (deserialized once per executor). */
        ShardOutput run() {
            return cells.value().get(shard.cellId()).runShard(shard);
        }
    }

    /**
     * One broadcast per distinct test set, of the cells that share it (equal test sets are one object,
     * {@link PreparedSweep}; serialized together, they share one copy on the executors too), by cell id: a
     * task that runs only cells of dataset A never fetches or deserializes dataset B.
     */
    static Map<String, Broadcast<Map<String, CellSampler>>> broadcastPerTestSet(JavaSparkContext jsc,
                                                                               Map<String, CellSampler> samplers) {
        Map<org.gnc.data.Dataset, Map<String, CellSampler>> byTestSet = new java.util.IdentityHashMap<>();
        samplers.forEach((id, c) -> byTestSet.computeIfAbsent(c.data().test(), t -> new HashMap<>()).put(id, c));
        Map<String, Broadcast<Map<String, CellSampler>>> out = new HashMap<>();
        for (Map<String, CellSampler> group : byTestSet.values()) {
            Broadcast<Map<String, CellSampler>> b = jsc.broadcast(group);
            group.keySet().forEach(id -> out.put(id, b));
        }
        return out;
    }

    /** A round's tasks with each shard's broadcast. */
    static List<List<Shipped>> ship(List<List<ShardTask>> tasks, Map<String, Broadcast<Map<String, CellSampler>>> cells) {
        return tasks.stream().map(t -> t.stream().map(s -> new Shipped(s, cells.get(s.cellId()))).toList()).toList();
    }

    /**
     * Test-only hook, read once at the start of sampling: {@value #INJECT_IN_DRIVER} makes every task wait
     * until it is killed while a driver thread dies of an {@code OutOfMemoryError} (as when Spark's scheduler
     * loop runs out of heap: the round never ends), {@value #INJECT_IN_TASK} makes every task throw one.
     */
    static final String INJECT_FATAL = "gnc.test.fatal";
    static final String INJECT_IN_DRIVER = "driver";
    static final String INJECT_IN_TASK = "task";

    /**
     * Test-only hook, read once at the start of sampling: with {@code -D}{@value #FAIL_ONCE}{@code =FILE}
     * (a local path the tasks can create), the first task to create FILE fails with an exception, so that
     * Spark retries it (under {@code spark.task.maxFailures}); every other task runs as usual.
     */
    static final String FAIL_ONCE = "gnc.test.fail-once";

    private static void failOnce(String marker) throws java.io.IOException {
        if (!marker.isEmpty() && new java.io.File(marker).createNewFile()) {
            throw new IllegalStateException("injected by -D" + FAIL_ONCE + ": this task fails once (" + marker + ")");
        }
    }

    private static void injectFatal(String where) throws InterruptedException {
        if (where.equals(INJECT_IN_TASK)) {
            throw new OutOfMemoryError("injected by -D" + INJECT_FATAL + "=" + INJECT_IN_TASK);
        }
        if (where.equals(INJECT_IN_DRIVER)) {
            while (!TaskContext.get().isInterrupted()) {
                Thread.sleep(20);
            }
            TaskContext.get().killTaskIfInterrupted();
        }
    }

    /** The folder in a run's staging where a run without a checkpoint keeps its shards. */
    static final String SCRATCH = "_shards";

    /**
     * A slice of one kept run of a cell's samples: of the networks {@code kept} selects from its shard, those
     * after the first {@code skip}, {@code count} of them; with what a samples row of the cell needs.
     */
    private record SampleSlice(String cellId, CellColumns.Lead lead, int nTest, TallyFold.Kept kept, long skip,
                               long count) implements java.io.Serializable {
        /** The samples rows of this slice, its shard read back through {@code reader}. */
        java.util.stream.Stream<Row> rows(Checkpoint.Reader reader) {
            List<Sample> samples = reader.read(cellId, kept.shard()).result().samples();
            return kept.select(samples).skip(skip).limit(count)
                    .map(s -> SamplesTable.TABLE.row(lead, SamplesTable.Network.of(s, nTest)));
        }
    }

    /**
     * The samples rows of {@code cells} as parts of at most {@code rowsPerPart} rows and
     * {@link #TABLE_ROWS_PER_TASK} slices, in order: cell after cell, each cell's kept runs in index order, a
     * run split where a part ends. The driver holds only
     * these descriptions; the rows are made where a part is written.
     */
    private static List<List<SampleSlice>> sampleParts(PreparedSweep sweep, List<CellOutcome> cells,
                                                       CellColumns columns, int rowsPerPart) {
        List<List<SampleSlice>> parts = new ArrayList<>();
        List<SampleSlice> part = new ArrayList<>();
        long room = rowsPerPart;
        for (CellOutcome c : cells) {
            String id = c.spec().id();
            int nTest = sweep.cells().get(id).data().test().size();
            for (TallyFold.Kept k : c.kept()) {
                for (long skip = 0; skip < k.count(); ) {
                    long n = Math.min(room, k.count() - skip);
                    part.add(new SampleSlice(id, columns.lead(id), nTest, k, skip, n));
                    skip += n;
                    room -= n;
                    if (room == 0 || part.size() == TABLE_ROWS_PER_TASK) {
                        parts.add(part);
                        part = new ArrayList<>();
                        room = rowsPerPart;
                    }
                }
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /**
     * Rows of the shards and cells tables, and slices of the samples table, one task carries at most: some
     * hundreds of bytes each, so that a task stays near Spark's recommended 1 MB however many cells there are.
     */
    static final int TABLE_ROWS_PER_TASK = 2_000;

    /**
     * Driver-made rows as an RDD of parts of at most {@link #TABLE_ROWS_PER_TASK} rows, in order (one Parquet
     * file each), so that no Spark task carries more than that, however many cells and shards the sweep has.
     */
    private static JavaRDD<Row> inParts(SparkSession spark, List<Row> rows) {
        int parts = Math.max(1, (rows.size() + TABLE_ROWS_PER_TASK - 1) / TABLE_ROWS_PER_TASK);
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, parts)
                .map(SweepJob::withScalaSequences);
    }

    /**
     * A row whose Java list values (array columns) are Scala sequences, as a DataFrame made from an RDD
     * needs them (one made from a driver list converts them itself).
     */
    private static Row withScalaSequences(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            Object v = row.get(i);
            values[i] = v instanceof java.util.List<?> list ? scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq() : v;
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }

    /**
     * Ends the run where it is once a stop was requested ({@link ProcessStop}: a signal, a fatal error in
     * another thread), before the next round is submitted. The main thread's interrupt alone is not
     * enough: a file system client that was saving the checkpoint when it came can swallow it, and the
     * sweep then ran to its end (seen with HDFS).
     */
    private static void stopIfRequested() {
        ProcessStop.requested().ifPresent(r -> {
            throw new IllegalStateException("stopped: " + r.message());
        });
    }

    /** A round's outputs, once every task has ended; a failed task fails the run. */
    private static List<ShardOutput> await(JavaFutureAction<List<ShardOutput>> round) {
        try {
            return round.get();
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

    /**
     * Stages samples (written by the executors, one Parquet file per part of at most {@code sampleRowsPerBatch}
     * rows, each task reading its shards back from the checkpoint: the driver holds none of the rows), shards
     * and cells (one row per cell, in grid order; both in tasks of at most {@link #TABLE_ROWS_PER_TASK} rows), and the SMC cells' path and checkpoints; returns the cells
     * rows by cell id.
     */
    private static Map<String, CellsTable.Cell> write(SparkSession spark, RunWriter writer, PreparedSweep sweep,
                                                      List<CellOutcome> cells, List<SmcOutcome> smc, Checkpoint store,
                                                      int sampleRowsPerBatch) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<List<SampleSlice>> parts = sampleParts(sweep, cells, columns, sampleRowsPerBatch);
        Checkpoint.Reader reader = store.reader();
        JavaRDD<Row> samples = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(parts, Math.max(1, parts.size()))
                .flatMap(part -> part.stream().flatMap(slice -> slice.rows(reader)).iterator());
        writer.stage(SamplesTable.TABLE, columns, samples);
        List<Row> shardRows = new ArrayList<>();
        Map<String, CellsTable.Cell> rows = new HashMap<>();
        for (CellOutcome c : cells) {
            String id = c.spec().id();
            CellData d = sweep.cells().get(id).data();
            for (ShardOutput o : c.shards()) {
                shardRows.add(ShardsTable.TABLE.row(columns, id, new ShardsTable.Shard(o.shard(), o.result())));
            }
            rows.put(id, CellsTable.Cell.sampled(c.spec(), d, c.result()));
        }
        for (SmcOutcome c : smc) {
            String id = c.spec().id();
            CellSampler cell = sweep.cells().get(id);
            SmcCellResult r = c.result();
            rows.put(id, CellsTable.Cell.smc(c.spec(), cell.data(), r.atN(), c.spec().sampler().particles(),
                    r.seconds(), cell.bounds().estimated(r.atN().logAcceptance())));
        }
        Map<String, CellsTable.Cell> ordered = new LinkedHashMap<>();
        List<Row> cellRows = new ArrayList<>();
        for (CellSpec spec : sweep.spec().cells()) {
            ordered.put(spec.id(), rows.get(spec.id()));
            cellRows.add(CellsTable.TABLE.row(columns, spec.id(), rows.get(spec.id())));
        }
        writer.stage(ShardsTable.TABLE, columns, inParts(spark, shardRows));
        writer.stage(CellsTable.TABLE, columns, inParts(spark, cellRows));
        SmcTables.stage(writer, sweep, smc.stream().map(SmcOutcome::result).toList());
        return ordered;
    }
}
