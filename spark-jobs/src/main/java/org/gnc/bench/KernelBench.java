package org.gnc.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.sample.CellSampler;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardResult;
import org.gnc.sample.ShardSampler;

/**
 * Times a cell outside Spark on a number of threads, in one of two modes:
 * <ul>
 *   <li>{@link Mode#FILTER}: the cell's automatically chosen filter alone, deciding candidates
 *       (accepted ones are counted, not scored): the figure {@code gnc_ref.py} reports as its
 *       throughput, which leaves scoring the accepted networks on the test set out;</li>
 *   <li>{@link Mode#SAMPLER}: the full sampler of a Spark task ({@link ShardSampler}), filter plus
 *       scoring of every accepted network on the test set.</li>
 * </ul>
 * Each thread takes the next range of {@link #RANGE} candidate indices until the time is up,
 * checking the clock every {@link ShardSampler#CHUNK} candidates. A warm-up of a fifth of the run
 * (at least half a second) on other indices comes first, so the figure is the steady state.
 */
public final class KernelBench {
    /** Candidates per range a thread takes at a time. */
    public static final int RANGE = 1 << 16;

    /** What a timed thread runs. */
    public enum Mode {
        /** The filter alone: decide, count acceptances, no test scoring. */
        FILTER,
        /** Filter plus test scoring of each accepted network, as in a Spark task. */
        SAMPLER
    }

    /**
     * One timed run: candidates scanned, networks accepted, the samples (with test mistakes, in
     * {@link Mode#SAMPLER} only), wall seconds and GC milliseconds during the run.
     */
    public record Run(Mode mode, int threads, long candidates, long accepted, List<Sample> samples, double seconds,
                      long gcMillis) {
        /** Candidates per second. */
        public double throughput() {
            return candidates / seconds;
        }
    }

    private KernelBench() {
    }

    /** Runs the cell in {@code mode} on {@code threads} threads for {@code seconds}, from index {@code firstIndex}. */
    public static Run run(CellSampler cell, Mode mode, int threads, double seconds, long firstIndex)
            throws InterruptedException {
        // Untimed warm-up: long enough for C2 to compile the kernels while every core is busy.
        timed(cell, mode, threads, Math.max(0.5, seconds / 5), firstIndex + (1L << 40));
        return timed(cell, mode, threads, seconds, firstIndex);
    }

    /** One thread's work: ranges taken from a shared counter until the deadline. */
    private interface Worker {
        void runUntil(AtomicLong next, long deadlineNanos, long deadlineMillis);
    }

    private static Run timed(CellSampler cell, Mode mode, int threads, double seconds, long firstIndex)
            throws InterruptedException {
        AtomicLong next = new AtomicLong(firstIndex);
        long[] candidates = new long[threads];
        long[] accepted = new long[threads];
        List<List<Sample>> samples = new ArrayList<>();
        List<Worker> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int slot = t;
            List<Sample> mine = new ArrayList<>();
            samples.add(mine);
            if (mode == Mode.SAMPLER) {
                ShardSampler sampler = cell.shardSampler();
                work.add((counter, deadline, deadlineMillis) -> {
                    while (System.nanoTime() < deadline) {
                        ShardResult r = sampler.run(counter.getAndAdd(RANGE), RANGE, Long.MAX_VALUE, deadlineMillis);
                        candidates[slot] += r.candidates();
                        accepted[slot] += r.samples().size();
                        mine.addAll(r.samples());
                    }
                });
            } else {
                InterpolatorFilter filter = cell.filter();
                work.add((counter, deadline, deadlineMillis) -> {
                    while (System.nanoTime() < deadline) {
                        long first = counter.getAndAdd(RANGE);
                        for (int done = 0; done < RANGE && System.nanoTime() < deadline; done += ShardSampler.CHUNK) {
                            Acceptances acc = filter.scan(first + done, ShardSampler.CHUNK);
                            candidates[slot] += ShardSampler.CHUNK;
                            accepted[slot] += acc.indices().length;
                        }
                    }
                });
            }
        }
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        long deadlineMillis = ShardSampler.deadlineAfter(seconds);
        onThreads(threads, mode + " run on " + threads + " threads",
                slot -> work.get(slot).runUntil(next, deadline, deadlineMillis));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        List<Sample> all = new ArrayList<>();
        samples.forEach(all::addAll);
        long c = 0;
        long a = 0;
        for (int t = 0; t < threads; t++) {
            c += candidates[t];
            a += accepted[t];
        }
        return new Run(mode, threads, c, a, all, elapsed, gcMillis() - gc0);
    }

    /**
     * Runs {@code body} on {@code threads} new threads (with their slots 0 .. threads - 1) and waits for all
     * of them. A thread that throws fails the whole run with an {@link IllegalStateException} naming
     * {@code what}, instead of leaving figures that look whole.
     */
    static void onThreads(int threads, String what, IntConsumer body) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            final int slot = t;
            Thread thread = new Thread(() -> {
                try {
                    body.accept(slot);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, "gnc-bench-" + t);
            workers.add(thread);
            thread.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(what + " failed: " + failure.get(), failure.get());
        }
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
