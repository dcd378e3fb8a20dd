package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gnc.sample.CellResult;
import org.gnc.sample.CellTally;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.Sample;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep job on the shared local[2] session, its tables read back from Parquet. */
class SweepJobTest {
    private static final String GRID = "\"student.widths\" = [[2], [3]], \"data.train-size\" = [4, 5]";
    private static final String BUDGET = "target-accepted = 25, max-candidates = 2000000, max-seconds = 120";

    @TempDir
    static Path dir;
    static SparkSession spark;
    static PreparedSweep sweep;
    static SweepJob.Outcome first;

    @BeforeAll
    static void runOnce() throws Exception {
        spark = SparkTestSession.get();
        SweepSpec spec = SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "small", GRID, BUDGET), List.of());
        sweep = PreparedSweep.of(spec);
        first = run("first", 1000, 1);
    }

    static SweepJob.Outcome run(String folder, long shardSize, int slots) {
        OutputFolder out = OutputFolder.prepare(dir.resolve(folder).toString(), false, new Configuration());
        return SweepJob.run(spark, sweep, out, new SweepJob.Options(shardSize, slots, null, false));
    }

    private static String table(String folder, String name) {
        return dir.resolve(folder).resolve(name).toString();
    }

    @Test
    void samplesStagedInBatchesFormTheSameTableAsInOneBatch() throws Exception {
        OutputFolder out = OutputFolder.prepare(dir.resolve("batched").toString(), false, new Configuration());
        SweepJob.run(spark, sweep, out, new SweepJob.Options(1000, 1, null, false, null, 7));
        List<String> oneBatch = SparkTestSession.rowsWithout(table("first", Tables.SAMPLES), "run_id");
        assertEquals(4 * 25, oneBatch.size());
        assertEquals(oneBatch, SparkTestSession.rowsWithout(table("batched", Tables.SAMPLES), "run_id"));
        List<Path> parts;
        try (var files = Files.list(dir.resolve("batched").resolve(Tables.SAMPLES))) {
            parts = files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals((4 * 25 + 6) / 7, parts.size(), "one Parquet file per batch of 7 rows");
        // The files, in order, hold the rows in the sweep's order: cell after cell in grid order, each cell's
        // networks in index order.
        List<String> inOrder = new java.util.ArrayList<>();
        for (Path part : parts) {
            spark.read().parquet(part.toString()).collectAsList().forEach(r -> inOrder.add(r.<String>getAs("cell_id")
                    + "#" + String.format("%012d", r.<Long>getAs("candidate_index"))));
        }
        List<String> expected = new java.util.ArrayList<>();
        for (CellSpec cell : sweep.spec().cells()) {
            spark.read().parquet(table("batched", Tables.SAMPLES)).where("cell_id = '" + cell.id() + "'")
                    .orderBy("candidate_index").collectAsList().forEach(r -> expected.add(cell.id() + "#"
                            + String.format("%012d", r.<Long>getAs("candidate_index"))));
        }
        assertEquals(expected, inOrder);
    }

    @Test
    void cellsHoldWhatTheCoreSamplerFindsAlone() {
        Dataset<Row> cells = spark.read().parquet(table("first", Tables.CELLS));
        assertEquals(4, cells.count());
        assertTrue(SparkTestSession.hasColumns(cells, "sweep", "run_id", "cell_id", "n_train", "n_test", "input_dim",
                "student_widths", "prior", "data_seed", "data_train_size", "attempts", "accepted", "acceptance_rate",
                "acceptance_ci_low", "acceptance_ci_high", "censored", "test_error_mean", "test_error_std",
                "test_error_se", "test_error_q05", "test_error_q25", "test_error_q50", "test_error_q75",
                "test_error_q95", "histogram", "seconds", "method", "log_acceptance", "log_acceptance_ci_low",
                "log_acceptance_ci_high", "below_p_star"));
        for (CellSpec cell : sweep.spec().cells()) {
            CellResult alone = sweep.cells().get(cell.id()).run(1 << 20);
            Row row = cells.where("cell_id = '" + cell.id() + "'").first();
            assertEquals(alone.acceptance().attempts(), row.<Long>getAs("attempts"));
            assertEquals(alone.acceptance().accepted(), row.<Long>getAs("accepted"));
            assertEquals(alone.acceptance().ci95().high(), row.<Double>getAs("acceptance_ci_high"), 0);
            // The log columns are ln of the linear ones exactly as written, and no rejection cell is below p*.
            assertEquals(Math.log(row.<Double>getAs("acceptance_rate")), row.<Double>getAs("log_acceptance"), 0);
            assertEquals(Math.log(row.<Double>getAs("acceptance_ci_low")),
                    row.<Double>getAs("log_acceptance_ci_low"), 0);
            assertEquals(Math.log(row.<Double>getAs("acceptance_ci_high")),
                    row.<Double>getAs("log_acceptance_ci_high"), 0);
            assertTrue(row.<Double>getAs("log_acceptance_ci_high") >= row.<Double>getAs("log_p_star"));
            assertFalse(row.<Boolean>getAs("below_p_star"));
            assertEquals(alone.testError().mean(), row.<Double>getAs("test_error_mean"), 0);
            assertEquals(alone.testError().q50(), row.<Double>getAs("test_error_q50"), 0);
            assertEquals("sample", row.<String>getAs("method"));
            assertEquals("small", row.<String>getAs("sweep"));
            assertEquals(first.runId(), row.<String>getAs("run_id"));
            assertEquals(cell.student().widthsLabel(), row.<String>getAs("student_widths"));
            assertEquals("levels[-1,0,1]", row.<String>getAs("prior"));
            assertEquals(3L, row.<Long>getAs("data_seed"));
            assertEquals(Long.parseLong(cell.axisValues().get("data.train-size")), row.<Long>getAs("data_train_size"));
            assertFalse(row.<Boolean>getAs("censored"));

            List<Row> samples = spark.read().parquet(table("first", Tables.SAMPLES))
                    .where("cell_id = '" + cell.id() + "'").orderBy("candidate_index").collectAsList();
            List<Sample> expected = alone.tally().samples();
            assertEquals(expected.size(), samples.size());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(expected.get(i).index(), samples.get(i).<Long>getAs("candidate_index"));
                assertEquals(expected.get(i).testMistakes() / 300.0, samples.get(i).<Double>getAs("test_error"), 0);
            }
        }
        Dataset<Row> shards = spark.read().parquet(table("first", Tables.SHARDS));
        assertTrue(shards.count() >= 4);
        // The rounds account for every candidate the shards scanned, in rounds of at most 1 shard each here.
        long scanned = first.cells().stream().flatMap(c -> c.shards().stream()).mapToLong(o -> o.result().candidates()).sum();
        assertEquals(scanned, first.rounds().stream().mapToLong(SweepJob.Round::candidates).sum());
        assertEquals(shards.count(), first.rounds().size());
        assertTrue(first.rounds().stream().allMatch(r -> r.seconds() > 0 && r.seconds() <= first.samplingSeconds()));
        assertTrue(first.rounds().stream().allMatch(r -> r.driverSeconds() > 0 && r.driverSeconds() <= r.seconds()));
        assertTrue(SparkTestSession.hasColumns(shards, "cell_id", "shard", "first_index", "candidates", "accepted",
                "seconds", "n_train", "student_widths"));
    }

    /**
     * Two rounds in flight: once the first round has reported, each round is submitted while the one
     * before still runs (Spark's job start and end times, from a listener), and the results are those of
     * the core sampler alone.
     */
    @Test
    void theNextRoundIsSubmittedWhileOneRuns() throws Exception {
        PreparedSweep counted = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "counted", "",
                "target-accepted = 1000000, max-candidates = 1200000, max-seconds = 120"), List.of()));
        Map<Integer, Long> starts = new ConcurrentHashMap<>();
        Map<Integer, Long> ends = new ConcurrentHashMap<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                starts.put(e.jobId(), e.time());
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd e) {
                ends.put(e.jobId(), e.time());
            }
        };
        spark.sparkContext().addSparkListener(listener);
        SweepJob.Outcome o;
        try {
            o = SweepJob.run(spark, counted, OutputFolder.prepare(dir.resolve("counted").toString(), false,
                    new Configuration()), new SweepJob.Options(100_000, 2, null, false));
            // Listener events arrive asynchronously.
            for (int i = 0; i < 200 && ends.size() < starts.size(); i++) {
                Thread.sleep(50);
            }
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertEquals(7, o.rounds().size(), "12 shards of 100,000: the first round alone (no rate yet), then rounds of 2");
        List<Integer> jobs = starts.keySet().stream().sorted().toList();
        int overlapping = 0;
        for (int k = 1; k < jobs.size(); k++) {
            overlapping += starts.get(jobs.get(k)) < ends.get(jobs.get(k - 1)) ? 1 : 0;
        }
        assertTrue(overlapping >= 4, "rounds submitted while the one before ran: " + overlapping);
        CellResult alone = counted.cells().values().iterator().next().run(1 << 20);
        assertEquals(alone.acceptance().attempts(), o.cells().get(0).result().acceptance().attempts());
        // The driver kept no samples: the table holds them, those of the core sampler alone.
        CellTally tally = o.cells().get(0).result().tally();
        assertTrue(tally.samples().isEmpty());
        assertEquals(alone.tally().accepted(), tally.accepted());
        assertEquals(alone.tally().mistakes(), tally.mistakes());
        assertEquals(alone.tally().samples().stream().map(Sample::index).toList(),
                spark.read().parquet(dir.resolve("counted").resolve(Tables.SAMPLES).toString()).orderBy("candidate_index")
                        .collectAsList().stream().map(r -> r.<Long>getAs("candidate_index")).toList());
    }

    @Test
    void shardSizesAndParallelismDoNotChangeTheResults() {
        run("second", 64, 5);
        assertEquals(SparkTestSession.rowsWithout(table("first", Tables.CELLS), "run_id", "seconds"),
                SparkTestSession.rowsWithout(table("second", Tables.CELLS), "run_id", "seconds"));
        assertEquals(SparkTestSession.rowsWithout(table("first", Tables.SAMPLES), "run_id"),
                SparkTestSession.rowsWithout(table("second", Tables.SAMPLES), "run_id"));
        assertNotEquals(spark.read().parquet(table("first", Tables.SHARDS)).count(),
                spark.read().parquet(table("second", Tables.SHARDS)).count(), "the layouts really differ");
    }

    /**
     * Many small cells share a Spark task: on one slot, 12 cells run 3 shards a task (so a round has more
     * shards than tasks), with the cells and samples of a run of one shard a task.
     */
    @Test
    void smallCellsSharingATaskFindWhatTheyFindAlone() throws Exception {
        PreparedSweep twelve = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "twelve",
                "\"student.widths\" = [[2], [3], [4]], \"data.train-size\" = [4, 5, 6, 7]",
                "target-accepted = 5, max-candidates = 2000000, max-seconds = 120"), List.of()));
        SweepJob.Outcome packed = SweepJob.run(spark, twelve, OutputFolder.prepare(dir.resolve("packed").toString(),
                false, new Configuration()), new SweepJob.Options(1000, 1, null, false));
        SweepJob.Outcome alone = SweepJob.run(spark, twelve, OutputFolder.prepare(dir.resolve("unpacked").toString(),
                false, new Configuration()), new SweepJob.Options(1000, 16, null, false));
        long packedShards = packed.cells().stream().mapToLong(c -> c.shards().size()).sum();
        assertTrue(packedShards > packed.rounds().size(), packedShards + " shards in " + packed.rounds().size()
                + " rounds of one task each");
        assertEquals(SparkTestSession.rowsWithout(table("unpacked", Tables.CELLS), "run_id", "seconds"),
                SparkTestSession.rowsWithout(table("packed", Tables.CELLS), "run_id", "seconds"));
        assertEquals(SparkTestSession.rowsWithout(table("unpacked", Tables.SAMPLES), "run_id"),
                SparkTestSession.rowsWithout(table("packed", Tables.SAMPLES), "run_id"));
        assertEquals(12 * 5, spark.read().parquet(table("packed", Tables.SAMPLES)).count());
        assertEquals(alone.rows().keySet(), packed.rows().keySet());
    }

    /**
     * On many slots each cell runs several shards a round, and scores on the test set at most ceil(1.1 T) + 2
     * accepted networks (the shards table's scored) to keep T, with the samples and cells of a one-slot run.
     */
    @Test
    void cellsOnManySlotsScoreAtMostTenPercentMoreThanTheyKeep() throws Exception {
        run("many-slots", 64, 16);
        List<Row> cells = spark.read().parquet(table("many-slots", Tables.SHARDS)).groupBy("cell_id")
                .agg(org.apache.spark.sql.functions.sum("scored"), org.apache.spark.sql.functions.count("shard"))
                .collectAsList();
        for (Row r : cells) {
            assertTrue(r.getLong(1) <= Math.ceil(1.1 * 25) + 2, r.toString());
        }
        assertTrue(cells.stream().allMatch(r -> r.getLong(2) > 2), "several shards a cell: " + cells);
        assertEquals(SparkTestSession.rowsWithout(table("first", Tables.SAMPLES), "run_id"),
                SparkTestSession.rowsWithout(table("many-slots", Tables.SAMPLES), "run_id"));
        assertEquals(SparkTestSession.rowsWithout(table("first", Tables.CELLS), "run_id", "seconds"),
                SparkTestSession.rowsWithout(table("many-slots", Tables.CELLS), "run_id", "seconds"));
    }

    /**
     * Each distinct test set is its own broadcast, shared by the cells that share it, and a task carries
     * and reads only the broadcasts of its own shards: a task of a cell on test set A is far smaller than
     * test set B and reads A's broadcast alone.
     */
    @Test
    void aTaskFetchesOnlyTheDatasetsOfItsOwnCells() throws Exception {
        PreparedSweep two = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "two-sets",
                "\"data.seed\" = [0, 1], \"student.widths\" = [[2], [3]]",
                "target-accepted = 5, max-candidates = 2000000, max-seconds = 120"), List.of()));
        org.apache.spark.api.java.JavaSparkContext jsc = org.apache.spark.api.java.JavaSparkContext
                .fromSparkContext(spark.sparkContext());
        var shipped = SweepJob.broadcastPerTestSet(jsc, two.cells());
        Map<Object, List<String>> byTestSet = new java.util.IdentityHashMap<>();
        two.cells().forEach((id, c) -> byTestSet.computeIfAbsent(c.data().test(), t -> new java.util.ArrayList<>()).add(id));
        assertEquals(2, byTestSet.size(), "two data seeds, two test sets");
        assertEquals(2, shipped.values().stream().distinct().count(), "one broadcast per test set");
        for (List<String> sharing : byTestSet.values()) {
            assertEquals(2, sharing.size());
            assertEquals(shipped.get(sharing.get(0)).id(), shipped.get(sharing.get(1)).id());
        }
        try {
            for (List<String> sharing : byTestSet.values()) {
                String cell = sharing.get(0);
                var task = SweepJob.ship(List.of(List.of(new org.gnc.sample.ShardTask(cell, 0,
                        new org.gnc.sample.ShardPlanner.Range(0, 4096, 60), 5))), shipped);
                long expected = shipped.get(cell).id();
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
                    o.writeObject(new java.util.ArrayList<>(task.get(0)));
                }
                long testSetBytes = 8L * two.cells().get(cell).data().test().size()
                        * two.cells().get(cell).data().test().dim();
                assertTrue(bytes.size() < testSetBytes / 4, bytes.size() + " bytes carried, a test set of " + testSetBytes);
                List<Long> read = jsc.parallelize(task, 1).flatMap(shards -> {
                    List<Long> ids = new java.util.ArrayList<>();
                    for (SweepJob.Shipped sh : shards) {
                        sh.run();
                        ids.add(sh.cells().id());
                    }
                    return ids.iterator();
                }).collect();
                assertEquals(List.of(expected), read);
            }
        } finally {
            shipped.values().stream().distinct().forEach(org.apache.spark.broadcast.Broadcast::destroy);
        }
    }

    @Test
    void aRerunIntoItsOwnFolderReplacesItsTablesAndAddsARun() throws Exception {
        run("again", 1000, 1);
        List<String> before = SparkTestSession.rowsWithout(table("again", Tables.CELLS), "run_id", "seconds");
        SweepJob.Outcome second = run("again", 1000, 1);
        assertEquals(before, SparkTestSession.rowsWithout(table("again", Tables.CELLS), "run_id", "seconds"));
        assertEquals(List.of(second.runId()), spark.read().parquet(table("again", Tables.CELLS))
                .select("run_id").distinct().collectAsList().stream().map(r -> r.getString(0)).toList());
        Dataset<Row> runs = spark.read().parquet(table("again", Tables.RUNS));
        assertEquals(2, runs.where("status = 'succeeded'").count());
        Row run = runs.where("run_id = '" + second.runId() + "'").first();
        assertEquals("local[2]", run.<String>getAs("master"));
        assertEquals(spark.version(), run.<String>getAs("spark_version"));
        assertTrue(run.<String>getAs("config").contains("\"target-accepted\" : 25"));
        assertFalse(Files.exists(dir.resolve("again").resolve(OutputFolder.STAGING)));
    }

    /**
     * Driver rows larger than a slice are staged as one file per slice, so that no write task carries more
     * than a slice (a cluster refuses tasks above spark.rpc.message.maxSize): here 40 rows of 1,000
     * doubles (about 1 MB by the estimate) in slices of 100 kB give 10 files, and every row reads back; rows
     * within a slice stay one file.
     */
    @Test
    void largeDriverRowsAreStagedInSlicesAndReadBackWhole() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Double> pixels = new java.util.ArrayList<>();
            for (int j = 0; j < 1000; j++) {
                pixels.add(i + j / 1000.0);
            }
            rows.add(RowFactory.create(i, pixels));
        }
        assertEquals(40 * (16 + 24_016L), RunWriter.estimatedBytes(rows));
        OutputFolder out = OutputFolder.prepare(dir.resolve("slices").toString(), false, new Configuration());
        RunWriter writer = new RunWriter(spark, out, "slices", "test", "{}");
        writer.stage("large", schema, rows, 100_000);
        writer.stage("small", schema, rows.subList(0, 2), 100_000);
        writer.commit();
        for (String table : List.of("large", "small")) {
            Path folder = dir.resolve("slices").resolve(table);
            long files;
            try (var listing = Files.list(folder)) {
                files = listing.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
            }
            assertEquals(table.equals("large") ? 10 : 1, files, table);
            List<Row> back = spark.read().parquet(folder.toString()).orderBy("id").collectAsList();
            assertEquals(table.equals("large") ? 40 : 2, back.size(), table);
            for (Row r : back) {
                assertEquals(rows.get(r.getInt(0)).get(1), r.getList(1));
            }
        }
    }

    @Test
    void aFailedRunLeavesThePreviousTablesAndRecordsTheFailure() {
        run("failing", 1000, 1);
        List<String> before = SparkTestSession.rowsWithout(table("failing", Tables.CELLS));
        OutputFolder out = OutputFolder.prepare(dir.resolve("failing").toString(), false, new Configuration());
        RunWriter writer = new RunWriter(spark, out, "small", "sweep", "{}");
        writer.stage(Tables.CELLS, spark.read().parquet(table("failing", Tables.CELLS)).schema(), List.of());
        assertTrue(Files.exists(dir.resolve("failing").resolve(OutputFolder.STAGING)));
        writer.fail(new IllegalStateException("executor lost"));

        assertEquals(before, SparkTestSession.rowsWithout(table("failing", Tables.CELLS)));
        assertFalse(Files.exists(dir.resolve("failing").resolve(OutputFolder.STAGING)));
        Row failed = spark.read().parquet(table("failing", Tables.RUNS)).where("status = 'failed'").first();
        assertEquals(writer.runId(), failed.<String>getAs("run_id"));
        assertEquals("IllegalStateException: executor lost", failed.<String>getAs("message"));
    }

    @Test
    void aSweepThatFailsMidRunPublishesNothing() throws Exception {
        run("crash", 1000, 1);
        List<String> before = SparkTestSession.rowsWithout(table("crash", Tables.CELLS));
        OutputFolder out = OutputFolder.prepare(dir.resolve("crash").toString(), false, new Configuration());
        // A file where the run stages its tables: sampling succeeds, then Spark's writer fails.
        Files.writeString(dir.resolve("crash").resolve(OutputFolder.STAGING), "in the way");
        // Spark rethrows Hadoop's checked ParentNotDirectoryException unchecked.
        Exception e = assertThrows(Exception.class,
                () -> SweepJob.run(spark, sweep, out, new SweepJob.Options(1000, 1, null, false)));
        assertTrue(e.getMessage().contains(OutputFolder.STAGING), e.getMessage());
        Files.delete(dir.resolve("crash").resolve(OutputFolder.STAGING));
        assertEquals(before, SparkTestSession.rowsWithout(table("crash", Tables.CELLS)));
        assertEquals(1, spark.read().parquet(table("crash", Tables.RUNS)).where("status = 'failed'").count());
    }
}
