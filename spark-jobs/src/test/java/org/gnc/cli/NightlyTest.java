package org.gnc.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.ShardOutput;
import org.gnc.spark.FolderCheckpoint;
import org.gnc.spark.FolderLock;
import org.gnc.spark.Interruptions;
import org.gnc.spark.NightlyJob;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nightly sweeps: date folders, history, flags, resume after an interruption, and the lock. */
class NightlyTest {
    @TempDir
    static Path dir;
    static Path config;
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTestSession.get();
        config = Interruptions.twoCellConfig(dir, "night");
    }

    static GncCliTest.Result nightly(Path root, String date) {
        return GncCliTest.gnc("nightly", config.toString(), "--out", root.toString(), "--date", date, "--no-progress");
    }

    @Test
    void nightsGoToDateFoldersAppendHistoryAndFlagCellsThatMoved() {
        Path root = dir.resolve("history-root");
        GncCliTest.Result first = nightly(root, "2026-01-01");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("first night in history"), first.out());
        assertTrue(Files.exists(root.resolve("date=2026-01-01/cells")));

        GncCliTest.Result second = nightly(root, "2026-01-02");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("no cell moved beyond its interval since 2026-01-01"), second.out());
        Dataset<Row> history = spark.read().parquet(root.resolve("history").toString());
        assertEquals(4, history.count());
        assertEquals(2, history.select("night").distinct().count());

        // A re-run of a night does not add it to history twice.
        GncCliTest.Result again = nightly(root, "2026-01-02");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("history already held this night"), again.out());
        assertEquals(4, spark.read().parquet(root.resolve("history").toString()).count());

        // A doctored earlier night whose intervals exclude tonight's values: every cell is flagged.
        spark.read().parquet(root.resolve("history").toString()).where(col("night").equalTo("2026-01-02"))
                .withColumn("night", lit("2026-01-03"))
                .withColumn("acceptance_ci_low", lit(0.9)).withColumn("acceptance_ci_high", lit(0.95))
                .withColumn("acceptance_rate", lit(0.92)).withColumn("test_error_mean", lit(0.01))
                .write().mode(SaveMode.Append).parquet(root.resolve("history").toString());
        GncCliTest.Result moved = nightly(root, "2026-01-04");
        assertEquals(NightlyCommand.MOVED, moved.code(), moved.err());
        assertTrue(moved.out().contains("2 of 2 cells moved beyond their interval since 2026-01-03"), moved.out());
        assertEquals(4, moved.out().lines().filter(l -> l.startsWith("  moved: ")).count(), moved.out());
        assertTrue(moved.out().contains("acceptance rate 0.9200 -> "), moved.out());
    }

    @Test
    void anInterruptedNightResumesWithoutRecomputingFinishedCells() throws Exception {
        Path root = dir.resolve("resume-root");
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(config, List.of()));
        OutputFolder.prepare(root.toString(), false, new Configuration());
        String night = NightlyJob.nightFolder(root.toString(), java.time.LocalDate.parse("2026-02-01"));
        OutputFolder folder = OutputFolder.prepare(night, false, new Configuration());
        FolderCheckpoint real = new FolderCheckpoint(folder.root() + "/_gnc_checkpoint",
                sweep.spec().resolvedText(), new Configuration());
        // The night dies after saving its first cell's shards.
        Map<String, List<ShardOutput>> saved = Interruptions.afterFirstSavedCell(spark, sweep, folder, real);
        String finished = saved.keySet().iterator().next();
        double[] seconds = saved.get(finished).stream().mapToDouble(o -> o.result().seconds()).toArray();

        GncCliTest.Result resumed = nightly(root, "2026-02-01");
        assertEquals(0, resumed.code(), resumed.err());
        // The saved cell's shards are in the night's table as they were saved: it was not sampled again.
        double[] written = spark.read().parquet(root.resolve("date=2026-02-01/shards").toString())
                .where(col("cell_id").equalTo(finished)).orderBy("shard").collectAsList().stream()
                .mapToDouble(r -> r.<Double>getAs("seconds")).toArray();
        assertEquals(seconds.length, written.length);
        for (int i = 0; i < seconds.length; i++) {
            assertEquals(seconds[i], written[i], 0);
        }
        // And the night's results are those of a night that was never interrupted.
        GncCliTest.Result clean = nightly(dir.resolve("clean-root"), "2026-02-01");
        assertEquals(0, clean.code(), clean.err());
        assertEquals(SparkTestSession.rowsWithout(root.resolve("date=2026-02-01/cells").toString(), "run_id", "seconds"),
                SparkTestSession.rowsWithout(dir.resolve("clean-root/date=2026-02-01/cells").toString(), "run_id",
                        "seconds"));
    }

    @Test
    void aHeldLockStopsTheNightAndChangesNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("locked-root"));
        try (FolderLock held = FolderLock.take(root.toString(), false, new Configuration(), "nightly")) {
            List<Path> before = Files.list(root).toList();
            GncCliTest.Result r = nightly(root, "2026-03-01");
            assertEquals(NightlyCommand.LOCKED, r.code());
            assertTrue(r.err().contains("another nightly is running in this folder"), r.err());
            assertTrue(r.err().contains("nothing was changed"), r.err());
            assertEquals(before, Files.list(root).toList());
            assertFalse(Files.exists(root.resolve("date=2026-03-01")));
        }
        assertFalse(Files.exists(root.resolve(FolderLock.NAME)), "released");
    }
}
