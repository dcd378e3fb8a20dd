package org.gnc.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.SamplerSpec;

/**
 * Warms a sweep's kernels up while the embedded Spark starts: a daemon thread runs the candidates of the
 * first {@value #MAX_CELLS} Guess &amp; Check cells, from index 0, {@value #STEP} at a time and cell
 * after cell, and discards what it finds, until {@link #close} (or {@value #MAX_MILLIS} ms).
 *
 * <p>Results are unaffected: a candidate's outcome is a pure function of (seed, cell, index), and nothing
 * the thread finds is kept or counted. What it leaves behind is HotSpot's profile and compiled code of
 * the kernels (and, on the embedded Spark, whose tasks get the very cell objects the driver holds, the
 * cell's pooled shard samplers with their tables built), made on the core that Spark's mostly
 * single-threaded start leaves idle, so that the first shards run at full speed.
 */
final class KernelWarmUp implements AutoCloseable {
    /** At most this many cells are warmed up (a grid's cells mostly share their kernels). */
    static final int MAX_CELLS = 4;
    /** Candidates per call: few, so that {@link #close} waits little even for a slow (conv) kernel. */
    static final int STEP = 512;
    /** The thread stops by itself after this long. */
    static final long MAX_MILLIS = 20_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private KernelWarmUp(List<CellSampler> cells) {
        this.thread = new Thread(() -> run(cells), "gnc-kernel-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Starts warming up the first Guess &amp; Check cells of {@code sweep}. */
    static KernelWarmUp start(PreparedSweep sweep) {
        List<CellSampler> cells = sweep.cells().entrySet().stream()
                .filter(e -> sweep.cellSpec(e.getKey()).sampler().kind() == SamplerSpec.Kind.REJECTION)
                .limit(MAX_CELLS).map(java.util.Map.Entry::getValue).toList();
        return new KernelWarmUp(cells);
    }

    private void run(List<CellSampler> cells) {
        long end = System.currentTimeMillis() + MAX_MILLIS;
        try {
            for (long first = 0; !cells.isEmpty() && !stop.get() && System.currentTimeMillis() < end;
                    first += STEP) {
                for (CellSampler cell : cells) {
                    cell.runShard(first, STEP, Long.MAX_VALUE, end);
                }
            }
        } catch (RuntimeException e) {
            // The sweep runs the same kernels and reports their failure itself.
        }
    }

    /** Stops the thread and waits for its current chunks to end. */
    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(MAX_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
