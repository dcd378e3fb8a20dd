package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's process lifecycle, for real: {@code bin/gnc sweep} child processes (the embedded Spark,
 * {@code gnc.jar} as Maven just built it) ended by an injected fatal error, SIGTERM, SIGINT and SIGKILL.
 * Each must exit with its code (1, 143, 130) within the grace period, print its cause in one line, and
 * leave a {@code failed} runs row saying why; the same command run again after each interruption
 * (SIGKILL's stale lock taken over) resumes from the checkpoint and ends with the cells and samples of
 * an uninterrupted run.
 *
 * <p>Run by failsafe after {@code package}; the processes' output goes to files in the temporary
 * folder, which is kept when a test fails.
 */
class SweepLifecycleIT {
    /** Two cells that reach their target in a few hundred rounds of one small shard (--slots 1 --shard-size 500: more rounds, so that each signal lands with work left even on a fast machine). */
    private static final String FINITE = config("lifecycle-resume", 300);
    /** Two cells that do not reach their target within the test: the run is stopped while it samples. */
    private static final String ENDLESS = config("lifecycle-it", 100_000_000);

    private static String config(String name, long targetAccepted) {
        return """
                sweep { name = %s, seed = 5 }
                data { kind = teacher-student, dim = 6, train-size = 12, test-size = 300, seed = 3
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [3], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = %d, max-candidates = 100000000000, max-seconds = 600 }
                grid { "data.train-size" = [12, 13] }
                """.formatted(name, targetAccepted);
    }

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static GncProcesses gnc;
    private static Path endless;
    private static Path finite;

    @BeforeAll
    static void setUp() throws IOException {
        gnc = new GncProcesses(tmp);
        endless = tmp.resolve("endless.conf");
        Files.writeString(endless, ENDLESS);
        finite = tmp.resolve("finite.conf");
        Files.writeString(finite, FINITE);
    }

    @Test
    void aFatalErrorInADriverThreadEndsTheProcessWithExit1AndAFailedRow() throws Exception {
        GncProcesses.Running gnc = start("fatal", "-Xmx1g -Dgnc.test.fatal=driver", "sweep", endless.toString(), "--out",
                tmp.resolve("fatal").toString(), "--shard-size", "100000");
        assertEquals(1, gnc.awaitExit(), gnc.describe());
        String err = gnc.errText();
        assertTrue(err.contains("gnc: fatal error in thread gnc-injected-fatal: OutOfMemoryError: injected"), err);
        assertFailedRow(tmp.resolve("fatal"), "fatal error in thread gnc-injected-fatal: OutOfMemoryError: injected");
    }

    @Test
    void sigtermSigintAndSigkillStopTheRunAndTheSameCommandResumesToTheTablesOfAnUninterruptedRun()
            throws Exception {
        Path out = tmp.resolve("resumed");
        String[] command = {"sweep", finite.toString(), "--out", out.toString(), "--slots", "1", "--shard-size",
            "500", "--no-progress"};
        List<String> failed = new ArrayList<>();
        for (String[] signal : new String[][] {{"TERM", "143"}, {"INT", "130"}, {"KILL", "137"}}) {
            GncProcesses.Running gnc = start("resumed-" + signal[0], "-Xmx1g", command);
            awaitCheckpoint(gnc, out);
            if (signal[0].equals("INT") && gnc.ignores(2)) {
                gnc.signal("TERM"); // the child inherited SIGINT ignored (a background job's): nothing to test
                signal = new String[] {"TERM", "143"};
            } else {
                gnc.signal(signal[0]);
            }
            assertEquals(Integer.parseInt(signal[1]), gnc.awaitExit(), gnc.describe());
            if (!signal[0].equals("KILL")) {
                assertTrue(gnc.errText().contains("gnc: interrupted by SIG" + signal[0]
                        + ": the run is recorded as failed"), gnc.describe());
                failed.add("interrupted by SIG" + signal[0]);
                assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released");
            } else {
                assertTrue(Files.exists(out.resolve(FolderLock.NAME)), "SIGKILL leaves the lock behind");
            }
            assertEquals(List.of(Tables.RUNS), tables(out), "no table but runs was published");
            assertTrue(Files.isDirectory(checkpoint(out)), "the checkpoint is kept");
        }
        GncProcesses.Running last = start("resumed-last", "-Xmx1g", command);
        assertEquals(0, last.awaitExit(), last.describe());

        List<Row> runs = spark().read().parquet(out.resolve(Tables.RUNS).toString()).orderBy("start_time")
                .collectAsList();
        assertEquals(failed.size() + 1, runs.size(), runs.toString());
        for (int i = 0; i < failed.size(); i++) {
            assertEquals(Tables.FAILED, runs.get(i).getAs("status"));
            assertEquals(failed.get(i), runs.get(i).getAs("message"));
        }
        assertEquals(Tables.SUCCEEDED, runs.get(failed.size()).getAs("status"));
        assertFalse(Files.exists(checkpoint(out)), "the checkpoint is cleared once published");

        Path clean = tmp.resolve("clean");
        GncApi.sweep(spark(), FINITE, clean.toString());
        for (String table : List.of(Tables.CELLS, Tables.SAMPLES)) {
            assertEquals(rowsWithout(clean.resolve(table)), rowsWithout(out.resolve(table)), table);
        }
    }

    private static Path checkpoint(Path out) {
        return out.resolve(OutputFolder.STAGING).resolve(OutputFolder.CHECKPOINT);
    }

    private static List<String> rowsWithout(Path table) {
        return spark().read().parquet(table.toString()).drop("run_id", "seconds").collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private static void assertFailedRow(Path out, String message) {
        List<Row> runs = spark().read().parquet(out.resolve(Tables.RUNS).toString()).collectAsList();
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(Tables.FAILED, runs.get(0).getAs("status"));
        String recorded = runs.get(0).getAs("message");
        assertTrue(recorded.startsWith(message), recorded);
    }

    /** The gnc tables folder {@code out} holds. */
    private static List<String> tables(Path out) {
        return TableFolder.tablesIn(out.toString(), Tables.ALL, spark().sparkContext().hadoopConfiguration());
    }

    private static SparkSession spark() {
        return GncProcesses.spark();
    }

    /** Starts {@code bin/gnc args...} with {@code GNC_JAVA_OPTS = javaOpts}, its output in files named after it. */
    private static GncProcesses.Running start(String name, String javaOpts, String... args) throws IOException {
        return gnc.start(name, javaOpts, List.of(args));
    }

    /** Waits until {@code process} has saved shards into the checkpoint of output folder {@code out}. */
    private static void awaitCheckpoint(GncProcesses.Running process, Path out) throws Exception {
        long started = System.currentTimeMillis();
        Path dir = checkpoint(out);
        process.await("a checkpoint saved", () -> {
            try (var files = Files.list(dir)) {
                return files.anyMatch(f -> f.toString().endsWith(".shard") && f.toFile().lastModified() > started);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
