package org.gnc.kernel.packed;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.gnc.bench.BenchWorkload;
import org.gnc.data.Dataset;
import org.gnc.model.CandidateWeights;
import org.gnc.sample.CellSampler;

/**
 * Per-thread CPU time per candidate of R1's kernel ({@link PackedLevelsFilter} on gnc's generated R1 cell,
 * {@code conf/bench/r1.conf}), split into its parts: the whole filter, the batch draw alone
 * ({@link PackedLevelsBatch}), and the draw with block 0 of every four candidates
 * ({@link PackedLevelsBlocks#evaluateQuad}), with the share of candidates that block 0 leaves to the
 * later blocks. {@link #main} runs several builds of the kernel interleaved in one JVM, each from its own
 * class loader, so that old and new code are compared under the same load (the machine may be shared):
 *
 * <pre>
 * mvn -B -ntp -o -Pbench -pl common,spark-jobs,benchmarks package -DskipTests
 * java --add-modules jdk.incubator.vector [-XX:UseAVX=2 -XX:MaxVectorSize=32] \
 *     -cp benchmarks/target/benchmarks.jar org.gnc.kernel.packed.R1KernelHarness ROUNDS CANDIDATES BUILD...
 * </pre>
 *
 * where each BUILD is a class folder or jar put before the benchmarks jar (for example an older
 * {@code common/target/classes}), or {@code -} for the jar's own classes. Figures in ns per candidate;
 * the first round includes the JIT's warm-up.
 */
public final class R1KernelHarness implements LongFunction<double[]> {
    private static final int SCAN = 1 << 14;

    private final PackedLevelsFilter filter;
    private final PackedLevelsBatch batch;
    private final PackedLevelsBlocks blocks;
    private long nextFilter;
    private long nextDraw;
    private long nextQuad;
    private long quadCandidates;
    private long pastBlock0;
    private long sink;

    /** The kernel on gnc's generated R1 cell, its blocks laid out in the points' own order. */
    public R1KernelHarness() {
        CellSampler cell = BenchWorkload.r1Generated().cell(1);
        CandidateWeights candidates = cell.candidates();
        Dataset train = cell.data().train();
        PackedLevelsLayout layout = new PackedLevelsLayout(candidates, train, 0);
        if (!layout.batchDraw) {
            throw new IllegalStateException("R1's batch draw does not apply here (no Vector API module?)");
        }
        filter = new PackedLevelsFilter(layout);
        blocks = new PackedLevelsBlocks(layout.fixedPoint);
        int[] order = new int[layout.train.n];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        blocks.layout(order);
        batch = new PackedLevelsBatch(layout.rng.key(), layout.hidden, layout.digitsPerWord, layout.groupSize,
                layout.levels, layout.ticks, blocks.deadCode());
    }

    /**
     * Scans n further candidates with each part: {filter, draw, draw and block 0, share of candidates not
     * rejected on block 0}, the times in ns per candidate.
     */
    @Override
    public double[] apply(long n) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        for (long done = 0; done < n; done += SCAN, nextFilter += SCAN) {
            sink += filter.scan(nextFilter, SCAN).count();
        }
        long t1 = threads.getCurrentThreadCpuTime();
        for (long done = 0; done < n; done += PackedLevelsBatch.BATCH, nextDraw += PackedLevelsBatch.BATCH) {
            batch.draw(nextDraw, PackedLevelsBatch.BATCH);
            sink += batch.codes[(int) (done & 63)] + batch.m[(int) (done & 31)];
        }
        long t2 = threads.getCurrentThreadCpuTime();
        for (long done = 0; done < n; done += PackedLevelsBatch.BATCH, nextQuad += PackedLevelsBatch.BATCH) {
            batch.draw(nextQuad, PackedLevelsBatch.BATCH);
            for (int slot = 0; slot < PackedLevelsBatch.BATCH; slot += PackedLevelsBlocks.QUAD) {
                long result = blocks.evaluateQuad(0, batch, slot);
                for (int k = 0; k < PackedLevelsBlocks.QUAD; k++) {
                    boolean rejected = PackedLevelsBlocks.quadDecided(result, k) && PackedLevelsBlocks.quadWrong(result, k) > 0;
                    pastBlock0 += rejected ? 0 : 1;
                }
                quadCandidates += PackedLevelsBlocks.QUAD;
                sink += result;
            }
        }
        long t3 = threads.getCurrentThreadCpuTime();
        return new double[] {(t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n,
                pastBlock0 / (double) quadCandidates, sink == 42 ? 1 : 0};
    }

    /** ROUNDS CANDIDATES BUILD...: see the class comment. */
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long n = Long.parseLong(args[1]);
        URL own = R1KernelHarness.class.getProtectionDomain().getCodeSource().getLocation();
        List<LongFunction<double[]>> builds = new ArrayList<>();
        for (int a = 2; a < args.length; a++) {
            URL[] urls = args[a].equals("-") ? new URL[] {own} : new URL[] {new File(args[a]).toURI().toURL(), own};
            ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            @SuppressWarnings("unchecked")
            LongFunction<double[]> build = (LongFunction<double[]>) loader.loadClass(R1KernelHarness.class.getName())
                    .getConstructor().newInstance();
            builds.add(build);
        }
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + r + ":");
            for (int b = 0; b < builds.size(); b++) {
                double[] t = builds.get(b).apply(n);
                line.append(String.format("  [%s] filter %.1f, draw %.1f, draw + block 0 %.1f (%.3f past block 0)",
                        args[b + 2], t[0], t[1], t[2], t[3]));
            }
            System.out.println(line);
        }
    }
}
