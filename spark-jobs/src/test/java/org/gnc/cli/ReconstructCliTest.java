package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.recon.ReconstructJob;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gnc reconstruct end to end with tiny settings on Fashion-MNIST (conf/reconstruct/tiny.conf, skipped
 * without Debian's dataset-fashion-mnist files): the tables read back from Parquet, a second run
 * attacking the first run's models with --model, and bad input exiting 2 before any work.
 */
class ReconstructCliTest {
    @TempDir
    static Path dir;
    static Path out;
    static GncCliTest.Result first;

    static Path tiny() {
        Path d = Path.of("").toAbsolutePath();
        while (!Files.exists(d.resolve("conf/reconstruct/tiny.conf"))) {
            d = d.getParent();
        }
        return d.resolve("conf/reconstruct/tiny.conf");
    }

    static void requireFiles() {
        boolean present = Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
        if (System.getenv("CI") != null) {
            assertTrue(present, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(present, "Fashion-MNIST is not installed");
    }

    @BeforeAll
    static void runOnce() {
        requireFiles();
        SparkTestSession.get();
        out = dir.resolve("out");
        first = GncCliTest.gnc("reconstruct", tiny().toString(), "--out", out.toString(), "--set",
                "reconstruct.iterations=60", "--set", "train.epochs=400");
    }

    @Test
    void theTablesHoldEveryModelRestartCandidateAndTrainingImage() {
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("SSIM > 0.4") && first.out().contains("beat control a"), first.out());
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> model = spark.read().parquet(out.resolve("model").toString());
        assertEquals(2, model.count()); // weight decay [0, 1e-3]
        for (Row r : model.collectAsList()) {
            assertEquals(16 * 49, r.getList(r.fieldIndex("w")).size());
            assertEquals(8, r.getInt(r.fieldIndex("train_size")));
            double residual = r.getDouble(r.fieldIndex("kkt_residual"));
            assertTrue(residual >= 0 && residual <= 1, "residual " + residual);
        }
        Dataset<Row> attacks = spark.read().parquet(out.resolve("attacks").toString());
        assertEquals(2L * 3 * 2, attacks.count()); // models x restarts x {trained, untrained}
        assertEquals(6L, attacks.where("network = 'untrained'").count());
        for (Row r : attacks.collectAsList()) {
            String status = r.getString(r.fieldIndex("status"));
            assertTrue(List.of("completed", "aborted", "diverged").contains(status), status);
            assertTrue(r.getDouble(r.fieldIndex("alpha")) >= 10 && r.getDouble(r.fieldIndex("alpha")) <= 500);
        }
        // the same restart draws the same hyperparameters for every model and network
        assertEquals(3L, attacks.select("restart", "alpha", "learning_rate_x").distinct().count());
        Dataset<Row> candidates = spark.read().parquet(out.resolve("candidates").toString());
        assertEquals(2L * 3 * 2 * 16, candidates.count()); // 2m = 16 candidates per restart
        assertEquals(8L * 12, candidates.where("label = 1").count());
        Dataset<Row> points = spark.read().parquet(out.resolve("train_points").toString());
        assertEquals(2L * 8, points.count());
        for (Row r : points.collectAsList()) {
            double control = r.getDouble(r.fieldIndex("control_ssim"));
            assertTrue(control > 0 && control <= 1 + 1e-12, "control " + control);
            assertTrue(r.getDouble(r.fieldIndex("margin")) * 0 == 0);
            if (!r.isNullAt(r.fieldIndex("best_ssim"))) {
                double gain = r.getDouble(r.fieldIndex("ssim_gain"));
                assertEquals(r.getDouble(r.fieldIndex("best_ssim")) - control, gain, 1e-12);
                assertEquals(gain > 0, r.getBoolean(r.fieldIndex("reconstructed")));
            }
        }
        Dataset<Row> runs = spark.read().parquet(out.resolve("runs").toString());
        assertEquals(1L, runs.where("command = 'reconstruct' AND status = 'succeeded'").count());
    }

    @Test
    void theProgressLineCountsTheNetworksAndRestarts() {
        assertEquals(0, first.code(), first.err());
        // The line closing the progress (printed however fast the run was): 2 networks, 2 x 3 x 2 restarts.
        assertTrue(first.err().matches("(?s).*gnc: reconstruct: 2/2 networks trained, 12/12 attack restarts done"
                + " \\| \\d+:\\d{2}\n.*"), first.err());
    }

    @Test
    void theReportDrawsTheGridAndSsimAgainstMargin() throws Exception {
        assertEquals(0, first.code(), first.err());
        Path png = dir.resolve("png");
        GncCliTest.Result r = GncCliTest.gnc("report", out.toString(), "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        for (String chart : List.of("recon-ssim-margin", "recon-grid-0", "recon-grid-1")) {
            assertTrue(Files.size(png.resolve(chart + ".png")) > 1000, chart);
        }
    }

    @Test
    void aSavedModelIsAttackedAgainAndAMismatchedOneExits2() {
        assertEquals(0, first.code(), first.err());
        Path again = dir.resolve("again");
        GncCliTest.Result r = GncCliTest.gnc("reconstruct", tiny().toString(), "--out", again.toString(),
                "--model", out.toString(), "--set", "reconstruct.iterations=20", "--set", "reconstruct.restarts=1",
                "--set", "train.epochs=1");
        assertEquals(0, r.code(), r.err());
        SparkSession spark = SparkTestSession.get();
        List<Row> a = spark.read().parquet(out.resolve("model").toString()).orderBy("model").select("w").collectAsList();
        List<Row> b = spark.read().parquet(again.resolve("model").toString()).orderBy("model").select("w")
                .collectAsList();
        assertEquals(a, b, "the same networks, not retrained");
        Path never = dir.resolve("never");
        r = GncCliTest.gnc("reconstruct", tiny().toString(), "--out", never.toString(), "--model", out.toString(),
                "--set", "model.width=8");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("model.width = 8") && r.err().contains("width 16"), r.err());
    }

    @Test
    void aMulticlassDepthTwoRunHasCOutputsTwoLayersAndClassLabels() {
        Path multi = dir.resolve("multi");
        String[] sets = {"--set", "data.classes=[[0], [1], [2]]", "--set", "data.train-per-class=3", "--set",
            "model.depth=2", "--set", "train.weight-decay=0", "--set", "train.epochs=200", "--set",
            "reconstruct.restarts=1", "--set", "reconstruct.iterations=30"};
        String[] args = new String[5 + sets.length];
        System.arraycopy(new String[] {"reconstruct", tiny().toString(), "--out", multi.toString(), "--force"}, 0,
                args, 0, 5);
        System.arraycopy(sets, 0, args, 5, sets.length);
        GncCliTest.Result r = GncCliTest.gnc(args);
        assertEquals(0, r.code(), r.err());
        SparkSession spark = SparkTestSession.get();
        Row model = spark.read().parquet(multi.resolve("model").toString()).first();
        assertEquals(2, model.getInt(model.fieldIndex("depth")));
        assertEquals(3, model.getInt(model.fieldIndex("outputs")));
        assertEquals(16 * 16, model.getList(model.fieldIndex("w2")).size());
        assertEquals(3 * 16, model.getList(model.fieldIndex("v")).size());
        assertEquals(9, model.getInt(model.fieldIndex("train_size")));
        Dataset<Row> candidates = spark.read().parquet(multi.resolve("candidates").toString());
        assertEquals(2L * 18, candidates.count()); // {trained, untrained} x 2m
        assertEquals(2L * 6, candidates.where("label = 2").count());
        Dataset<Row> points = spark.read().parquet(multi.resolve("train_points").toString());
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2, 2), points.orderBy("index").select("label").collectAsList()
                .stream().map(p -> p.getInt(0)).toList());
        // a depth-2 model is not a depth-1 config's
        GncCliTest.Result mismatch = GncCliTest.gnc("reconstruct", tiny().toString(), "--out",
                dir.resolve("never3").toString(), "--model", multi.toString(), "--set", "data.classes=[[0], [1], [2]]",
                "--set", "data.train-per-class=3");
        assertEquals(2, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("model.depth = 1") && mismatch.err().contains("depth 2"), mismatch.err());
    }

    /**
     * A cancelled run (SIGTERM and Ctrl-C cancel every Spark job) stops its attack tasks within an
     * iteration. With a billion iterations a restart, the tasks would otherwise go on for hours after the
     * command returned, and the process would wait for them at exit. The deadlines only bound a hang.
     */
    @Test
    void aCancelledRunStopsItsAttackTasksInsteadOfFinishingTheirRestarts() throws Exception {
        SparkStatusTracker status = SparkTestSession.get().sparkContext().statusTracker();
        Path cancelled = dir.resolve("cancelled");
        CompletableFuture<GncCliTest.Result> run = CompletableFuture.supplyAsync(() -> GncCliTest.gnc("reconstruct",
                tiny().toString(), "--out", cancelled.toString(), "--set", "reconstruct.iterations=1000000000",
                "--set", "train.epochs=20", "--no-progress"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!attackTasksRunning(status)) {
            assertFalse(run.isDone(), () -> "the run ended before its attack: " + run.join().err());
            assertTrue(System.nanoTime() < deadline, "no attack task started within 3 minutes");
            Thread.sleep(50);
        }
        SparkTestSession.get().sparkContext().cancelAllJobs();
        GncCliTest.Result r = assertDoesNotThrow(() -> run.get(3, TimeUnit.MINUTES),
                "the command did not return within 3 minutes of the cancel");
        assertEquals(1, r.code(), r.err());
        assertFalse(Files.exists(cancelled.resolve("attacks")), "no attacks table is published");
        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (Arrays.stream(status.getExecutorInfos()).mapToInt(SparkExecutorInfo::numRunningTasks).sum() > 0) {
            assertTrue(System.nanoTime() < deadline, "the attack tasks still run 3 minutes after the job was cancelled");
            Thread.sleep(50);
        }
    }

    private static boolean attackTasksRunning(SparkStatusTracker status) {
        for (int id : status.getActiveStageIds()) {
            SparkStageInfo stage = status.getStageInfo(id).getOrElse(() -> null);
            if (stage != null && stage.name().equals(ReconstructJob.ATTACK_STAGE) && stage.numActiveTasks() > 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void badInputExits2NamingTheKeyOrFile() {
        Path never = dir.resolve("never2");
        String[][] cases = {
            {"data.classes=[[0, 1], [1, 2]]", "data.classes"},
            {"data.classes=[[], [1]]", "data.classes"},
            {"reconstruct.ranges.learning-rate-x=[1, 0.1]", "reconstruct.ranges.learning-rate-x"},
            {"reconstruct.iterations=0", "reconstruct.iterations"},
            {"data.train-per-class=30001", "data.train-per-class = 30001"},
        };
        for (String[] c : cases) {
            GncCliTest.Result r = GncCliTest.gnc("reconstruct", tiny().toString(), "--out", never.toString(), "--set",
                    c[0]);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
        }
        assertFalse(Files.exists(never));
    }
}
