package org.gnc.sample;

import java.io.Serializable;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.gnc.data.CellData;
import org.gnc.data.DataException;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.spec.BoundsSpec;
import org.gnc.spec.Budget;
import org.gnc.spec.CellSpec;
import org.gnc.spec.LossBin;

/**
 * Everything needed to sample one cell, anywhere: its id, the sweep seed, the student architecture
 * and prior, the acceptance rule (max-train-errors and the loss bin), the budget, the data and what its
 * bounds need ({@link CellBounds}).
 * Serializable, so a Spark job ships it to executors once and runs its shards there
 * ({@link #runShard(ShardTask)}); {@link #run} runs the whole cell in this thread, shard after shard,
 * until its budget is spent. Either way the result is the
 * {@link CellTally} of the shards, so it equals what any other split of the same candidates gives
 * (up to where a time limit stops it).
 */
public final class CellSampler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String cellId;
    private final long cellIdBits;
    private final long sweepSeed;
    private final Architecture architecture;
    private final Prior prior;
    private final int maxTrainErrors;
    private final LossBin lossBin;
    private final Budget budget;
    private final CellData data;
    private final CellBounds bounds;
    /** Idle shard samplers of this instance ({@link #runShard}); rebuilt empty after deserialization. */
    private transient Queue<SoftReference<ShardSampler>> idle;

    /** As {@link #CellSampler(CellSpec, long, CellData, BoundsSpec)} with the default bounds (delta = 0.05). */
    public CellSampler(CellSpec cell, long sweepSeed, CellData data) {
        this(cell, sweepSeed, data, BoundsSpec.DEFAULT);
    }

    /**
     * Checks that the cell can run on this data (a {@link DataException} says why not); its results carry
     * bounds at confidence 1 - {@code boundsSpec.delta()}.
     */
    public CellSampler(CellSpec cell, long sweepSeed, CellData data, BoundsSpec boundsSpec) {
        this.cellId = cell.id();
        this.cellIdBits = cell.idBits();
        this.sweepSeed = sweepSeed;
        this.architecture = cell.student().architecture(data.train().shape());
        this.prior = cell.student().prior();
        this.maxTrainErrors = cell.maxTrainErrors();
        this.lossBin = cell.lossBin();
        this.budget = cell.budget();
        this.data = data;
        if (maxTrainErrors > data.train().size()) {
            throw new DataException("accept.max-train-errors = " + maxTrainErrors + " exceeds the "
                    + data.train().size() + " training points of cell " + cellId);
        }
        try {
            candidates();
        } catch (IllegalArgumentException e) {
            throw new DataException("student of cell " + cellId + ": " + e.getMessage(), e);
        }
        this.bounds = CellBounds.of(cell, data, boundsSpec.delta());
    }

    public String cellId() {
        return cellId;
    }

    public Budget budget() {
        return budget;
    }

    public CellData data() {
        return data;
    }

    /** What the bounds of this cell's results need. */
    public CellBounds bounds() {
        return bounds;
    }

    /** The sweep seed the cell's randomness is keyed by. */
    public long sweepSeed() {
        return sweepSeed;
    }

    /** The cell id as 64 bits ({@link CellSpec#idBits}), the other key of its randomness. */
    public long cellIdBits() {
        return cellIdBits;
    }

    /** The student's prior. */
    public Prior prior() {
        return prior;
    }

    /** The most training mistakes an accepted network may make. */
    public int maxTrainErrors() {
        return maxTrainErrors;
    }

    /** The loss bin an accepted network's normalized training loss must lie in; null for none. */
    public LossBin lossBin() {
        return lossBin;
    }

    public Architecture architecture() {
        return architecture;
    }

    /**
     * The candidate stream of this cell (to rebuild any sample's weights): the projected encoding
     * when {@link org.gnc.model.ProjectedGaussian#of} applies to the student, prior and training
     * inputs, else the direct one (see {@link CandidateWeights}).
     */
    public CandidateWeights candidates() {
        return CandidateWeights.forCell(architecture, prior, sweepSeed, cellIdBits, data.train().features(),
                data.train().size());
    }

    /**
     * A shard sampler for this cell, with the filter {@link Filters#choose} picks for it, followed by the
     * cell's loss bin ({@link LossBinFilter}) when it has one.
     */
    public ShardSampler shardSampler() {
        CandidateWeights candidates = candidates();
        return new ShardSampler(candidates, filter(candidates), data.test());
    }

    /** The kernel {@link Filters#choose} picks for {@code candidates}, then the loss bin if any. */
    private InterpolatorFilter filter(CandidateWeights candidates) {
        return LossBinFilter.of(Filters.choose(candidates, data.train(), maxTrainErrors), candidates, data.train(),
                lossBin);
    }

    /**
     * Runs one shard (see {@link ShardSampler#run}) with a shard sampler of this cell taken from the
     * instance's pool of idle ones, or a new one, and returns it to the pool afterwards. A Spark
     * executor deserializes a broadcast cell once, so its tasks reuse the filters' tables and the test
     * set's layout instead of rebuilding them per shard. Thread-safe; the pool holds at most as many
     * samplers as have run at once, softly (a sweep of many cells on one large test set would otherwise
     * keep a layout per cell until the executor runs out of heap), and is not serialized.
     */
    public ShardResult runShard(long first, long count, long stopAfterAccepted, long deadlineEpochMillis) {
        return runShard(first, count, stopAfterAccepted, stopAfterAccepted, deadlineEpochMillis);
    }

    /** {@link #runShard(long, long, long, long)}, scoring only the first {@code scoreAtMost} acceptances. */
    public ShardResult runShard(long first, long count, long stopAfterAccepted, long scoreAtMost,
                                long deadlineEpochMillis) {
        return withPooled(s -> s.run(first, count, stopAfterAccepted, scoreAtMost, deadlineEpochMillis));
    }

    /** The mistakes of candidate {@code index} on this cell's test set (to score an acceptance a shard left). */
    public int testMistakes(long index) {
        return withPooled(s -> s.testMistakes(index));
    }

    private <T> T withPooled(java.util.function.Function<ShardSampler, T> work) {
        Queue<SoftReference<ShardSampler>> pool = idlePool();
        ShardSampler sampler = null;
        for (SoftReference<ShardSampler> r; sampler == null && (r = pool.poll()) != null; ) {
            sampler = r.get();
        }
        if (sampler == null) {
            sampler = shardSampler();
        }
        try {
            return work.apply(sampler);
        } finally {
            pool.offer(new SoftReference<>(sampler));
        }
    }

    /**
     * Runs a planned shard of this cell with {@link #runShard(long, long, long, long)}, its time limit
     * counted from now, and labels what it found with the task's cell and shard number.
     */
    public ShardOutput runShard(ShardTask task) {
        if (!task.cellId().equals(cellId)) {
            throw new IllegalArgumentException("shard " + task.shard() + " of cell " + task.cellId()
                    + " given to cell " + cellId);
        }
        ShardPlanner.Range r = task.range();
        return new ShardOutput(cellId, task.shard(), runShard(r.first(), r.count(), task.stopAfterAccepted(),
                task.scoreAtMost(), ShardSampler.deadlineAfter(r.maxSeconds())));
    }

    private synchronized Queue<SoftReference<ShardSampler>> idlePool() {
        if (idle == null) {
            idle = new ConcurrentLinkedQueue<>();
        }
        return idle;
    }

    /**
     * A new filter of this cell, the one {@link Filters#choose} picks (then the loss bin, if any), alone: it
     * decides candidates without scoring the accepted ones on the test set (benchmarks time it). One per
     * thread.
     */
    public InterpolatorFilter filter() {
        return filter(candidates());
    }

    /** The simple class name of the kernel {@link Filters#choose} picks for this cell (for reports). */
    public String filterName() {
        return Filters.choose(candidates(), data.train(), maxTrainErrors).getClass().getSimpleName();
    }

    /**
     * A shard size that is a function of the architecture only (so shard layouts repeat from run to
     * run): the largest power of two at most 2^34 / parameters, within [2^12, 2^24]. Early rejection
     * costs about one forward pass per candidate, which grows with the parameter count, so shards take
     * roughly the same time whatever the network, long enough that a Spark task's fixed cost and a
     * round's wait for its last task stay a few percent (the README's Benchmarks section has the
     * measured shard times).
     */
    public long defaultShardSize() {
        long target = (1L << 34) / architecture.parameterCount();
        long pow2 = Long.highestOneBit(Math.max(1, target));
        return Math.max(1L << 12, Math.min(1L << 24, pow2));
    }

    /**
     * Runs the cell to the end of its budget, in this thread, with shards of {@code shardSize}: the
     * {@link SweepScheduler} of this cell alone with one slot, each round (one shard) run by
     * {@link #runShard(ShardTask)} before the next is planned.
     */
    public CellResult run(long shardSize) {
        SweepScheduler scheduler = new SweepScheduler(List.of(new SweepScheduler.Cell(cellId, budget, shardSize)), 1);
        for (List<ShardTask> round; !(round = scheduler.nextRound()).isEmpty(); ) {
            scheduler.finish(scheduler.scoreKeepable(round.stream().map(this::runShard).toList(),
                    (id, index) -> testMistakes(index)));
        }
        return CellResult.of(scheduler.tally(cellId), data.test().size(), bounds);
    }
}
