package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.gnc.data.CellData;
import org.gnc.kernel.Points;
import org.gnc.model.Architecture;
import org.gnc.sample.CellSampler;
import org.gnc.sample.ExactPosterior;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.SparkTestSession;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conv students end to end through {@code gnc}: a sweep on Fashion-MNIST images (single output and two
 * logits) whose kept networks the reference forward pass confirms, read back from Parquet; {@code gnc
 * enumerate} on a tiny conv student with a levels prior against the enumerator run alone; the SGD
 * baseline on conv students; and a kernel larger than the images exiting 2 before anything is written.
 */
class ConvStudentCliTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    private Path imagesConfig(String student) throws Exception {
        assertTrue(Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST is not"
                + " installed: `sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist` (.ci/run does)");
        Path conf = dir.resolve("conv.conf");
        Files.writeString(conf, """
                sweep { name = conv, seed = 3 }
                data { kind = idx, train-images = "%1$s/train-images-idx3-ubyte.gz"
                       train-labels = "%1$s/train-labels-idx1-ubyte.gz", test-images = "%1$s/t10k-images-idx3-ubyte.gz"
                       test-labels = "%1$s/t10k-labels-idx1-ubyte.gz", classes = [0, 1], train-per-class = 2
                       test-per-class = 30, downsample = 2 }
                student { %2$s
                          prior { kind = uniform, low = -1, high = 1 } }
                budget { target-accepted = 6, max-candidates = 2000000, max-seconds = 120 }
                grid { "student.output" = [single, two-logits] }
                """.formatted(FASHION, student));
        return conf;
    }

    @Test
    void aConvSweepOnImagesKeepsExactlyWhatTheReferenceAccepts() throws Exception {
        Path conf = imagesConfig("layers = [{ kind = conv, channels = 2, kernel = 3 }, { kind = max-pool, size = 2 },"
                + " { kind = flatten }]");
        Path out = dir.resolve("out");
        GncCliTest.Result r = GncCliTest.gnc("sweep", conf.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());

        PreparedSweep prepared = PreparedSweep.of(SweepSpecParser.parse(conf, List.of()));
        List<Row> cells = SparkTestSession.get().read().parquet(out.resolve("cells").toString()).collectAsList();
        assertEquals(2, cells.size());
        List<Row> samples = SparkTestSession.get().read().parquet(out.resolve("samples").toString()).collectAsList();
        for (Row c : cells) {
            assertEquals("c2k3xm2xf", c.getAs("student_widths"));
            assertEquals("0,1", c.getAs("data_classes"));
            assertTrue((long) c.<Long>getAs("accepted") >= 6, c.toString());
            CellSampler cell = prepared.cells().get(c.<String>getAs("cell_id"));
            Architecture arch = cell.architecture();
            CellData data = cell.data();
            Points train = new Points(data.train(), arch, "training");
            Points test = new Points(data.test(), arch, "test");
            int kept = 0;
            for (Row s : samples) {
                if (s.<String>getAs("cell_id").equals(cell.cellId())) {
                    double[] w = cell.candidates().weights(s.<Long>getAs("candidate_index"));
                    assertEquals(0, train.mistakes(arch, w, 0, arch.newScratch()));
                    assertEquals((int) s.<Integer>getAs("test_mistakes"), test.mistakes(arch, w, 0, arch.newScratch()));
                    kept++;
                }
            }
            assertEquals(c.<Long>getAs("accepted"), (long) kept);
        }
        CellSpec twoLogits = prepared.spec().cells().get(1);
        assertEquals("two-logits", twoLogits.axisValues().get("student.output"));
        assertEquals(org.gnc.model.Output.TWO_LOGITS, prepared.cells().get(twoLogits.id()).architecture().output());
    }

    @Test
    void badConvStudentsExit2BeforeAnythingIsWritten() throws Exception {
        Path conf = imagesConfig("layers = [{ kind = conv, channels = 2, kernel = 15 }, { kind = flatten }]");
        Path target = dir.resolve("never");
        GncCliTest.Result r = GncCliTest.gnc("sweep", conf.toString(), "--out", target.toString(), "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("student.layers[0].kernel is 15, larger than this layer's input 1x14x14"), r.err());
        assertFalse(Files.exists(target));
    }

    /**
     * The SGD baseline trains conv students with one output and with two logits (it used to refuse them,
     * exit 2), and the cells table names the class pair.
     */
    @Test
    void theBaselineTrainsConvStudentsWithOneOutputOrTwoLogits() throws Exception {
        Path good = imagesConfig("layers = [{ kind = conv, channels = 2, kernel = 3 }, { kind = flatten }]");
        Path out = dir.resolve("sgd");
        GncCliTest.Result b = GncCliTest.gnc("baseline", good.toString(), "--out", out.toString(),
                "--set", "baseline.seeds=3", "--set", "baseline.optimizer=sgd", "--set", "baseline.batch-size=2",
                "--set", "baseline.epochs=300");
        assertEquals(0, b.code(), b.err());
        List<Row> cells = SparkTestSession.get().read().parquet(out.resolve("cells").toString()).collectAsList();
        assertEquals(2, cells.size());
        for (Row c : cells) {
            assertEquals("sgd", c.getAs("method"));
            assertEquals("0,1", c.getAs("data_classes"));
            assertEquals(3L, (long) c.<Long>getAs("attempts"));
            assertEquals(3L, (long) c.<Long>getAs("accepted"), c.toString()); // 4 images: every run interpolates
        }
    }

    @Test
    void enumerateCountsATinyConvStudentExactlyAndSmcEstimatesTheSameRate() throws Exception {
        Path conf = dir.resolve("tiny.conf");
        Files.writeString(conf, """
                sweep { name = tiny, seed = 1 }
                data { kind = teacher-student, dim = 9, train-size = 4, test-size = 60, seed = 2
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { input-shape = [1, 3, 3]
                          layers = [{ kind = conv, channels = 1, kernel = 2 }, { kind = max-pool, size = 2 },
                                    { kind = flatten }]
                          prior { kind = levels, levels = [-1, 0, 1] } }
                accept { max-train-errors = 1 }
                budget { target-accepted = 1, max-candidates = 1 }
                grid { "student.output" = [single, two-logits] }
                """);
        Path out = dir.resolve("exact");
        GncCliTest.Result r = GncCliTest.gnc("enumerate", conf.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        PreparedSweep prepared = PreparedSweep.of(SweepSpecParser.parse(conf, List.of()));
        List<Row> cells = SparkTestSession.get().read().parquet(out.resolve("cells").toString()).collectAsList();
        assertEquals(2, cells.size());
        for (Row c : cells) {
            CellSampler cell = prepared.cells().get(c.<String>getAs("cell_id"));
            ExactPosterior alone = new ExhaustiveEnumerator(cell.architecture(), cell.prior(), cell.data().train(),
                    cell.data().test(), 1).enumerate();
            assertEquals(cell.architecture().output().units() == 1 ? 243 : 729, alone.configurations());
            assertEquals(alone.configurations(), c.<Long>getAs("attempts"));
            assertEquals(alone.interpolators(), c.<Long>getAs("accepted"));
            assertTrue(alone.interpolators() > 0 && alone.interpolators() < alone.configurations());
            assertEquals(alone.testError().mean(), c.<Double>getAs("test_error_mean"), 0);
            assertTrue(c.isNullAt(c.fieldIndex("log_p_star")), "p* counts dense single-output students only");
        }
        // SMC moves conv and two-logit students by Metropolis-within-Gibbs; its interval holds the exact ln p.
        Path smc = dir.resolve("smc");
        GncCliTest.Result s = GncCliTest.gnc("sweep", conf.toString(), "--set", "sampler.kind=smc", "--set",
                "sampler.particles=200", "--set", "sampler.replicates=2", "--out", smc.toString(), "--no-progress");
        assertEquals(0, s.code(), s.err());
        for (Row c : SparkTestSession.get().read().parquet(smc.resolve("cells").toString()).collectAsList()) {
            Row exact = cells.stream().filter(e -> e.getAs("cell_id").equals(c.getAs("cell_id"))).findFirst()
                    .orElseThrow();
            double logP = exact.<Double>getAs("log_acceptance");
            assertEquals("smc", c.getAs("method"));
            assertTrue(c.<Double>getAs("log_acceptance_ci_low") <= logP && logP <= c.<Double>getAs(
                    "log_acceptance_ci_high"), "exact ln p " + logP + " in the smc interval: " + c);
        }
    }
}
