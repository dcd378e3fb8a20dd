package org.gnc.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gnc.data.Dataset;
import org.gnc.kernel.DenseReluFilter;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.sample.Filters;
import org.gnc.stats.NormalQuantile;
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
 * Candidates per second of each filter on one thread, on an R1-like cell (20 Gaussian inputs,
 * width-8 ternary student, 16 teacher-labelled points) and an R2-like one (784 inputs, width 16,
 * uniform[-1, 1], 8 points), and an R2g-like one (the same with N(0, 1), hence the projected encoding and
 * {@code ProjectedGaussianFilter}; its reference filter completes every candidate): the per-kernel figure behind {@code bin/gnc bench}, without test
 * scoring or Spark. Scores are time per candidate; each invocation scans {@value #BATCH} candidates.
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
        boolean r1 = workload.equals("R1");
        int dim = r1 ? 20 : 784;
        int n = r1 ? 16 : 8;
        Architecture arch = new Architecture(dim, List.of(r1 ? 8 : 16), Activation.RELU, false, false);
        Prior prior = r1 ? new Prior.Levels(new double[] {-1, 0, 1})
                : workload.equals("R2g") ? new Prior.Gaussian(1) : new Prior.Uniform(-1, 1);
        Dataset train = teacherData(dim, n);
        CandidateWeights candidates = CandidateWeights.forCell(arch, prior, 1, 42, train.features(), train.size());
        reference = new ReferenceFilter(candidates, train, 0);
        early = new EarlyRejectionFilter(candidates, train, 0);
        fast = Filters.choose(candidates, train, 0);
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

    /** n Gaussian points labelled by a fixed width-2 ternary teacher. */
    static Dataset teacherData(int dim, int n) {
        CounterRng rng = CounterRng.of(7, "bench-inputs");
        double[] x = new double[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = NormalQuantile.of(CounterRng.openUnitInterval(rng.word(i)));
        }
        Architecture teacher = new Architecture(dim, List.of(2), Activation.RELU, false, false);
        double[] w = new CandidateWeights(teacher, new Prior.Levels(new double[] {-1, 0, 1}),
                CounterRng.of(7, "bench-teacher")).weights(0);
        int[] y = new int[n];
        double[] scratch = teacher.newScratch();
        for (int p = 0; p < n; p++) {
            y[p] = Architecture.label(teacher.output(w, 0, x, p * dim, scratch));
        }
        return new Dataset(dim, x, y);
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
