package org.gnc.spark.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.gnc.sample.CellSampler;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardResult;
import org.gnc.sample.ShardSampler;

/**
 * Times a cell's sampler (its automatically chosen kernel plus test scoring) on a number of threads,
 * outside Spark: each thread takes the next range of {@link #RANGE} candidate indices until the
 * time is up (a range in progress stops at its next chunk of {@link ShardSampler#CHUNK} candidates). A warm-up of the same length as a tenth of the run (at least half a second) on other
 * indices comes first, so the figure is the steady state.
 */
public final class KernelBench {
    /** Candidates per range a thread takes at a time. */
    public static final int RANGE = 1 << 16;

    /** One timed run: candidates scanned, samples found, wall seconds, GC milliseconds during the run. */
    public record Run(int threads, long candidates, List<Sample> samples, double seconds, long gcMillis) {
        /** Candidates per second. */
        public double throughput() {
            return candidates / seconds;
        }
    }

    private KernelBench() {
    }

    /** Runs the cell's sampler on {@code threads} threads for {@code seconds}, from index {@code firstIndex}. */
    public static Run run(CellSampler cell, int threads, double seconds, long firstIndex) throws InterruptedException {
        timed(cell, threads, Math.max(0.5, seconds / 10), firstIndex + (1L << 40));
        return timed(cell, threads, seconds, firstIndex);
    }

    private static Run timed(CellSampler cell, int threads, double seconds, long firstIndex)
            throws InterruptedException {
        AtomicLong next = new AtomicLong(firstIndex);
        List<List<ShardResult>> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long deadlineMillis = ShardSampler.deadlineAfter(seconds);
        for (int t = 0; t < threads; t++) {
            List<ShardResult> mine = new ArrayList<>();
            perThread.add(mine);
            ShardSampler sampler = cell.shardSampler();
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    mine.add(sampler.run(next.getAndAdd(RANGE), RANGE, Long.MAX_VALUE, deadlineMillis));
                }
            }, "gnc-bench-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long candidates = 0;
        List<Sample> samples = new ArrayList<>();
        for (List<ShardResult> rs : perThread) {
            for (ShardResult r : rs) {
                candidates += r.candidates();
                samples.addAll(r.samples());
            }
        }
        return new Run(threads, candidates, samples, elapsed, gcMillis() - gc0);
    }

    /** Total collection time of all garbage collectors so far, in milliseconds. */
    public static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
