package org.gnc.sample;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.CellData;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.spec.Budget;
import org.gnc.spec.CellSpec;

/**
 * Runs one cell in this thread, shard after shard, until its budget is spent: the target number
 * of accepted networks, the maximum number of candidates, or the maximum seconds. The result is
 * the {@link CellTally} of the shards, so it equals what any other split of the same candidates
 * gives (up to where a time limit stops it).
 */
public final class CellSampler {
    /** Candidates per shard when none is given. */
    public static final long DEFAULT_SHARD_SIZE = 1L << 20;

    private final CellSpec cell;
    private final CellData data;
    private final CandidateWeights candidates;

    public CellSampler(CellSpec cell, long sweepSeed, CellData data) {
        this.cell = cell;
        this.data = data;
        Architecture arch = cell.student().architecture(data.train().dim());
        this.candidates = new CandidateWeights(arch, cell.student().prior(), sweepSeed, cell.idBits());
    }

    /** The candidate stream of this cell (to rebuild any sample's weights). */
    public CandidateWeights candidates() {
        return candidates;
    }

    /** A shard sampler for this cell, with the default (early-rejection) filter. */
    public ShardSampler shardSampler() {
        return new ShardSampler(candidates,
                new EarlyRejectionFilter(candidates, data.train(), cell.maxTrainErrors()), data.test());
    }

    /** Runs the cell to the end of its budget with shards of {@code shardSize} candidates. */
    public CellResult run(long shardSize) {
        Budget budget = cell.budget();
        long deadline = System.currentTimeMillis() + (long) Math.ceil(budget.maxSeconds() * 1000);
        ShardSampler sampler = shardSampler();
        List<ShardResult> shards = new ArrayList<>();
        CellTally tally = CellTally.of(shards, budget.targetAccepted());
        while (!tally.targetReached() && tally.attempts() < budget.maxCandidates()
                && System.currentTimeMillis() < deadline) {
            long first = tally.attempts();
            long count = Math.min(shardSize, budget.maxCandidates() - first);
            shards.add(sampler.run(first, count, budget.targetAccepted() - tally.accepted(), deadline));
            tally = CellTally.of(shards, budget.targetAccepted());
        }
        return CellResult.of(tally, data.test().size());
    }
}
