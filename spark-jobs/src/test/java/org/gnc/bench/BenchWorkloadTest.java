package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gnc.model.Architecture;
import org.gnc.model.Layer;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.sample.CellSampler;
import org.gnc.sample.Filters;
import org.gnc.sample.ShardSampler;
import org.gnc.spec.Budget;
import org.gnc.spec.CellSpec;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SamplerSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench workloads come from conf/bench/ through the classpath, with only data files and budget set. */
class BenchWorkloadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"r1.conf", "r1-table.conf", "r2.conf", "r2g.conf", "lenet.conf", "smc.conf"})
    void theClasspathCopyIsTheRepositorysFile(String conf) throws Exception {
        Path root = Path.of(System.getProperty("gnc.root", ".."));
        assertEquals(Files.readString(root.resolve("conf/bench").resolve(conf)), BenchWorkload.text(conf));
    }

    @Test
    void fashionMnistWorkloadsReadTheConfigsFileNamesFromTheGivenFolder() {
        for (String name : List.of("R2", "R2g", "LENET")) {
            BenchWorkload w = BenchWorkload.fashionMnist(name, dir);
            assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), w.missingFiles());
            CellSpec cell = w.spec(1000, 2.5).cells().get(0);
            DataSpec.Idx idx = (DataSpec.Idx) cell.data();
            assertEquals(dir.resolve("train-images-idx3-ubyte.gz").toString(), idx.trainImages());
            assertEquals(dir.resolve("t10k-labels-idx1-ubyte.gz").toString(), idx.testLabels());
            assertEquals(new Budget(1_000_000_000L, 1000, 2.5), cell.budget());
            assertEquals("r2", w.reference());
            assertEquals(name.equals("R2"), w.comparable());
        }
    }

    /**
     * LENET is the peers' LeNet at width 0.5: conv 3 and 8 channels, dense 60 and 42, two logits, biases
     * everywhere (11,074 parameters), U[-1, 1], on R2's 8 training images; timed against the reference's R2.
     */
    @Test
    void lenetIsThePeersLeNetAtWidthOneHalfOnR2sTrainingImages() {
        BenchWorkload lenet = BenchWorkload.fashionMnist("LENET", dir);
        CellSpec cell = lenet.spec(1000, 2.5).cells().get(0);
        NetworkSpec student = cell.student();
        Architecture net = student.architecture(student.inputShape());
        assertEquals(11_074, net.parameterCount());
        assertEquals(Output.TWO_LOGITS, net.output());
        assertTrue(net.bias() && net.outputBias());
        assertEquals(List.of(3, 8), net.layers().stream().filter(l -> l instanceof Layer.Conv)
                .map(l -> ((Layer.Conv) l).channels()).toList());
        assertEquals(List.of(60, 42), net.layers().stream().filter(l -> l instanceof Layer.Dense)
                .map(l -> ((Layer.Dense) l).units()).toList());
        assertEquals(new Prior.Uniform(-1, 1), student.prior());
        DataSpec.Idx idx = (DataSpec.Idx) cell.data();
        DataSpec.Idx r2 = (DataSpec.Idx) BenchWorkload.fashionMnist("R2", dir).spec(1000, 2.5).cells().get(0).data();
        assertEquals(r2, idx);
        assertEquals("r2", lenet.reference());
    }

    /** On the real files (when installed): n = 8, all 2,000 test images, and a kernel chosen by Filters. */
    @Test
    void lenetsCellHasEightTrainingAndAllTestImages() {
        Path files = BenchWorkload.fashionMnistFolder(null);
        BenchWorkload lenet = BenchWorkload.fashionMnist("LENET", files);
        Assumptions.assumeTrue(lenet.missingFiles().isEmpty(), "Fashion-MNIST is not installed in " + files);
        CellSampler cell = lenet.cell(1);
        assertEquals(8, cell.data().train().size());
        assertEquals(2_000, cell.data().test().size());
        assertEquals(Filters.choose(cell.candidates(), cell.data().train(), 0).getClass().getSimpleName(),
                cell.filterName());
    }

    /** Slow cells get Spark shards of a few seconds, at least one chunk; fast ones keep their default. */
    @Test
    void sparkShardsAreTheDefaultUnlessTheSamplerWouldTakeLongerThanAFewSeconds() {
        assertEquals(1L << 20, Bench.sparkShardSize(1L << 20, 500_000));
        assertEquals(1L << 24, Bench.sparkShardSize(1L << 24, 30e6));
        long slow = Bench.sparkShardSize(1L << 20, 10_000);
        assertTrue(slow <= 10_000 * Bench.SHARD_SECONDS && 2 * slow > 10_000 * Bench.SHARD_SECONDS, "" + slow);
        assertEquals(Long.bitCount(slow), 1);
        assertEquals(ShardSampler.CHUNK, Bench.sparkShardSize(1L << 20, 10));
    }

    @Test
    void r1OnTheReferencesDataReadsItsTwoTables() {
        CellSpec cell = BenchWorkload.r1OnReferenceData(dir).spec(7, 1e6).cells().get(0);
        DataSpec.Table table = (DataSpec.Table) cell.data();
        assertEquals(dir.resolve("train.csv").toString(), table.train());
        assertEquals(dir.resolve("test.csv").toString(), table.test());
        assertEquals(8, cell.student().widths().get(0));
    }

    @Test
    void r1GeneratedIsTheConfigsTeacherStudentCell() {
        var cell = BenchWorkload.r1Generated().cell(1);
        assertEquals(16, cell.data().train().size());
        assertEquals(10_000, cell.data().test().size());
        assertTrue(cell.filterName().endsWith("Filter"), cell.filterName());
    }

    /** The SMC workload is one smc cell of the quickstart's width-8 student, checkpoints 32 and 512. */
    @Test
    void smcIsOneSmcCellAtCheckpoints32And512() {
        BenchWorkload smc = BenchWorkload.smc();
        var sweep = smc.prepared(1, List.of());
        CellSpec cell = sweep.spec().cells().get(0);
        assertEquals(SamplerSpec.Kind.SMC, cell.sampler().kind());
        assertEquals(List.of(32, 512), cell.sampler().checkpoints());
        assertEquals(List.of(8), cell.student().widths());
        assertEquals(512, sweep.cells().get(cell.id()).data().train().size());
        assertNull(smc.reference());
    }

    @Test
    void aReferenceThatIsNotThereIsNamed() {
        List<String> why = new ArrayList<>();
        assertTrue(ReferenceBench.locate(Path.of("no/such/gnc_ref.py"), why).isEmpty());
        assertEquals(List.of("reference no/such/gnc_ref.py (from the repository root) not found"), why);
        why.clear();
        assertTrue(ReferenceBench.locate(dir.resolve("gnc_ref.py"), why).isEmpty());
        assertEquals(List.of("reference " + dir.resolve("gnc_ref.py") + " not found"), why);
    }
}
