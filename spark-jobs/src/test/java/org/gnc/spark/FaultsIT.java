package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a sweep survives, each giving the tables of a clean run (run id and seconds aside): a task that
 * fails once ({@code -Dgnc.test.fail-once}, retried by Spark under {@code spark.task.maxFailures} on
 * {@code local[2,3]}), and an executor JVM of a {@code local-cluster} killed ({@code kill -9}) while the
 * sweep runs (Spark runs its tasks again on a new executor). Both through {@code bin/gnc}, on the sweep of
 * {@link ClusterSubmitIT}.
 */
class FaultsIT {
    private static final String CLUSTER = "local-cluster[2,1,1024]";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static GncProcesses gnc;
    private static Path config;
    private static String clean;

    @BeforeAll
    static void cleanRun() throws Exception {
        gnc = new GncProcesses(tmp);
        config = tmp.resolve("sweep.conf");
        Files.writeString(config, ClusterSubmitIT.SWEEP);
        clean = gnc.sweep("clean", config, tmp.resolve("clean").toString(), "local[2]");
    }

    private static void assertCleanTables(String out) {
        GncProcesses.assertSameRows(Tables.CELLS, clean, List.of(out), "run_id", "seconds");
        GncProcesses.assertSameRows(Tables.SAMPLES, clean, List.of(out), "run_id");
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheTablesAreThoseOfACleanRun() throws Exception {
        Path marker = tmp.resolve("failed-once");
        String out = tmp.resolve("fail-once").toString();
        GncProcesses.Running run = gnc.start("fail-once", "-Xmx1g -D" + SweepJob.FAIL_ONCE + "=" + marker,
                List.of("sweep", config.toString(), "--out", out, "--master", "local[2,3]", "--shard-size", "5000"));
        assertEquals(0, run.awaitExit(), run.describe());
        assertTrue(Files.exists(marker), "no task failed");
        assertTrue(run.errText().contains("injected by -D" + SweepJob.FAIL_ONCE), "Spark did not report the "
                + "failed task: " + run.describe());
        assertCleanTables(out);
    }

    @Test
    void anExecutorKilledMidRunIsReplacedAndTheTablesAreThoseOfACleanRun() throws Exception {
        String out = tmp.resolve("executor-killed").toString();
        GncProcesses.Running run = gnc.start("executor-killed", null, List.of("sweep", config.toString(), "--out",
                out, "--master", CLUSTER, "--shard-size", "1000", "--slots", "2"));
        Path checkpoint = Path.of(OutputFolder.STAGING).resolve(OutputFolder.CHECKPOINT);
        Path saved = Path.of(out).resolve(checkpoint);
        run.await("5 saved shards", () -> shardFiles(saved) >= 5);
        Optional<ProcessHandle> executor = run.process().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false)).findFirst();
        assertTrue(executor.isPresent(), "no executor JVM under " + run.describe());
        assertTrue(executor.get().destroyForcibly(), "kill -9 the executor");
        assertEquals(0, run.awaitExit(), run.describe());
        assertCleanTables(out);
    }

    private static long shardFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".shard")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
