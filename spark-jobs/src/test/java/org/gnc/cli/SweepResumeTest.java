package org.gnc.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.ShardOutput;
import org.gnc.spark.FolderCheckpoint;
import org.gnc.spark.Interruptions;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep resumes by default from the checkpoint an interrupted run left in its output folder, with the
 * tables of an uninterrupted run; {@code --fresh} starts over; another config (budget aside) is refused
 * with exit 2. The interruption here is a checkpoint that fails after saving one cell (SweepLifecycleIT
 * kills a real process).
 */
class SweepResumeTest {
    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void writeConfig() throws Exception {
        config = Interruptions.twoCellConfig(dir, "resumed");
    }

    /** Runs the sweep into {@code out} until it has saved one cell's shards, then fails; returns what it saved. */
    static Map<String, List<ShardOutput>> interrupt(Path out) {
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(config, List.of()));
        OutputFolder folder = OutputFolder.prepare(out.toString(), false, new Configuration());
        return Interruptions.afterFirstSavedCell(SparkTestSession.get(), sweep, folder,
                FolderCheckpoint.resume(folder, sweep.spec().resolvedText(), false, new Configuration()));
    }

    static GncCliTest.Result sweep(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", config.toString(), "--out", out.toString(),
                "--no-progress", "--shard-size", "1000"));
        args.addAll(List.of(more));
        return GncCliTest.gnc(args.toArray(String[]::new));
    }

    /** The seconds of cell {@code cell}'s shards in the shards table of {@code out}, in shard order. */
    static List<Double> shardSeconds(Path out, String cell) {
        return SparkTestSession.get().read().parquet(out.resolve("shards").toString()).where(col("cell_id").equalTo(cell))
                .orderBy("shard").collectAsList().stream().map(r -> r.<Double>getAs("seconds")).toList();
    }

    @Test
    void aRerunResumesWithTheTablesOfAnUninterruptedRunAndClearsTheCheckpoint() {
        Path out = dir.resolve("resume");
        Map<String, List<ShardOutput>> saved = interrupt(out);
        String finished = saved.keySet().iterator().next();
        assertTrue(Files.isDirectory(out.resolve(OutputFolder.STAGING).resolve(OutputFolder.CHECKPOINT)));

        GncCliTest.Result resumed = sweep(out);
        assertEquals(0, resumed.code(), resumed.err());
        // The saved cell was not sampled again: its shards are in the table as they were saved.
        assertEquals(saved.get(finished).stream().map(o -> o.result().seconds()).toList(), shardSeconds(out, finished));
        assertFalse(Files.exists(out.resolve(OutputFolder.STAGING)), "the checkpoint is cleared once published");

        Path clean = dir.resolve("clean");
        assertEquals(0, sweep(clean).code());
        for (String table : List.of("cells", "samples")) {
            assertEquals(SparkTestSession.rowsWithout(clean.resolve(table).toString(), "run_id", "seconds"),
                    SparkTestSession.rowsWithout(out.resolve(table).toString(), "run_id", "seconds"), table);
        }
        // (shards differ: how many shards a cell gets at once depends on which cells are open in a round)
    }

    @Test
    void anotherConfigIsRefusedWithExit2SayingWhatDiffersAndABudgetChangeResumes() throws Exception {
        Path out = dir.resolve("mismatch");
        Map<String, List<ShardOutput>> saved = interrupt(out);
        Path checkpoint = out.resolve(OutputFolder.STAGING).resolve(OutputFolder.CHECKPOINT);
        List<Path> before;
        try (var files = Files.list(checkpoint)) {
            before = files.sorted().toList();
        }

        GncCliTest.Result other = sweep(out, "--set", "data.seed=4");
        assertEquals(Gnc.BAD_INPUT, other.code(), other.err());
        assertTrue(other.err().contains("data.seed: 3 -> 4"), other.err());
        assertTrue(other.err().contains("--fresh"), other.err());
        try (var files = Files.list(checkpoint)) {
            assertEquals(before, files.sorted().toList(), "the checkpoint is left as it was");
        }
        assertFalse(Files.exists(out.resolve("cells")), "nothing was published");

        GncCliTest.Result moreBudget = sweep(out, "--set", "budget.max-seconds=90");
        assertEquals(0, moreBudget.code(), moreBudget.err());
        String finished = saved.keySet().iterator().next();
        assertEquals(saved.get(finished).stream().map(o -> o.result().seconds()).toList(), shardSeconds(out, finished));
    }

    /** The names and bytes of the files in {@code folder}, to see that nothing changed. */
    static Map<String, String> contents(Path folder) throws java.io.IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    /**
     * A checkpoint an older gnc wrote (shard files of another layout, or no made-by file) is refused with
     * exit 2, naming the folder and saying how to start over, and left exactly as it was; --fresh then runs.
     */
    @Test
    void aCheckpointOfAnotherLayoutIsRefusedWithExit2AndKept() throws Exception {
        Path out = dir.resolve("old-layout");
        Map<String, List<ShardOutput>> saved = interrupt(out);
        Path checkpoint = out.resolve(OutputFolder.STAGING).resolve(OutputFolder.CHECKPOINT);
        String cell = saved.keySet().iterator().next();
        Path shard = checkpoint.resolve(cell + "." + saved.get(cell).get(0).shard() + ".shard");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[3] = 0;
        Files.write(shard, bytes);
        Files.deleteIfExists(checkpoint.resolve("." + shard.getFileName() + ".crc"));
        Map<String, String> before = contents(checkpoint);

        GncCliTest.Result older = sweep(out);
        assertEquals(Gnc.BAD_INPUT, older.code(), older.err());
        assertTrue(older.err().contains(out.toString()), older.err());
        assertTrue(older.err().contains("layout 0, and this gnc reads layout 2"), older.err());
        assertTrue(older.err().contains("--fresh"), older.err());
        assertEquals(before, contents(checkpoint), "the checkpoint is left as it was");
        assertFalse(Files.exists(out.resolve("cells")), "nothing was published");

        // Shards with no file saying which config and gnc made them: refused the same way.
        bytes[3] = 1;
        Files.write(shard, bytes);
        Files.delete(checkpoint.resolve(FolderCheckpoint.MADE_BY));
        Files.deleteIfExists(checkpoint.resolve("." + FolderCheckpoint.MADE_BY + ".crc"));
        Map<String, String> unsigned = contents(checkpoint);
        GncCliTest.Result anonymous = sweep(out);
        assertEquals(Gnc.BAD_INPUT, anonymous.code(), anonymous.err());
        assertTrue(anonymous.err().contains(out.toString()) && anonymous.err().contains("no made-by.json"),
                anonymous.err());
        assertEquals(unsigned, contents(checkpoint), "the checkpoint is left as it was");

        GncCliTest.Result fresh = sweep(out, "--fresh");
        assertEquals(0, fresh.code(), fresh.err());
        assertFalse(Files.exists(out.resolve(OutputFolder.STAGING)));
    }

    @Test
    void freshStartsOver() {
        Path out = dir.resolve("fresh");
        Map<String, List<ShardOutput>> saved = interrupt(out);
        String finished = saved.keySet().iterator().next();
        GncCliTest.Result r = sweep(out, "--fresh");
        assertEquals(0, r.code(), r.err());
        assertNotEquals(saved.get(finished).stream().map(o -> o.result().seconds()).toList(),
                shardSeconds(out, finished), "the saved cell was sampled again");
        assertFalse(Files.exists(out.resolve(OutputFolder.STAGING)));

        interrupt(out);
        GncCliTest.Result other = sweep(out, "--set", "data.seed=4", "--fresh");
        assertEquals(0, other.code(), other.err());
        assertEquals(4L, SparkTestSession.get().read().parquet(out.resolve("cells").toString()).select("data_seed").first().getLong(0));
    }
}
