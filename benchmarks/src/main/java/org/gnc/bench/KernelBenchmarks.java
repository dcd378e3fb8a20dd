package org.gnc.bench;

import java.util.concurrent.TimeUnit;
import org.gnc.data.Dataset;
import org.gnc.kernel.DenseReluFilter;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.CandidateWeights;
import org.gnc.sample.CellSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Candidates per second of each filter on one thread, on the cells of the bench workloads
 * ({@link BenchWorkload}, from {@code conf/bench/}): R1 on gnc's generated teacher-student cell
 * ({@code r1.conf}), R2 and R2g on Fashion-MNIST ({@code r2.conf}, {@code r2g.conf}; the IDX files
 * from {@code $FMNIST_DIR}, else {@value BenchWorkload#DEFAULT_FASHION_MNIST}). The fast kernel is the
 * one the cell's sampler runs ({@code PackedLevelsFilter}, {@code DenseReluFilter},
 * {@code ProjectedGaussianFilter}; R2g's reference filter completes every candidate): the per-kernel
 * figure behind {@code bin/gnc bench}, without test scoring or Spark. Scores are time per candidate;
 * each invocation scans {@value #BATCH} candidates.
 *
 * <pre>mvn -B -ntp -Pbench package -DskipTests &amp;&amp; java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmarks {
    static final int BATCH = 1 << 14;

    @Param({"R1", "R2", "R2g"})
    public String workload;

    private InterpolatorFilter reference;
    private InterpolatorFilter early;
    private InterpolatorFilter fast;
    private long next;
    private long fastScanned;

    @Setup(Level.Trial)
    public void setUp() {
        BenchWorkload bench = workload.equals("R1") ? BenchWorkload.r1Generated()
                : BenchWorkload.fashionMnist(workload, BenchWorkload.fashionMnistFolder(null));
        CellSampler cell = bench.cell(1);
        CandidateWeights candidates = cell.candidates();
        Dataset train = cell.data().train();
        int maxTrainErrors = bench.spec(1, 1).cells().get(0).maxTrainErrors();
        reference = new ReferenceFilter(candidates, train, maxTrainErrors);
        early = new EarlyRejectionFilter(candidates, train, maxTrainErrors);
        fast = cell.filter();
    }

    /**
     * For R2 (uniform prior, {@link DenseReluFilter}'s high-bits kernel): how many point decisions of
     * the candidates this trial scanned fell back to the reference's forward pass.
     */
    @TearDown(Level.Trial)
    public void reportFallbacks() {
        if (fast instanceof DenseReluFilter f && workload.equals("R2") && fastScanned > 0) {
            System.out.println("\nR2 fast kernel: " + f.fallbacks() + " point decisions fell back, over "
                    + fastScanned + " candidates");
        }
    }

    private long advance() {
        long first = next;
        next += BATCH;
        return first;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int referenceFilter() {
        return reference.scan(advance(), BATCH).count();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int earlyRejectionFilter() {
        return early.scan(advance(), BATCH).count();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fastKernel() {
        fastScanned += BATCH;
        return fast.scan(advance(), BATCH).count();
    }
}
