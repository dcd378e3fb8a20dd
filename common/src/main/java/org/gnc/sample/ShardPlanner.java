package org.gnc.sample;

import java.util.ArrayList;
import java.util.List;
import org.gnc.spec.Budget;

/**
 * Plans the next round of shards of one cell from what its earlier shards found, so that a cell's
 * budget holds across any number of executors: no shard starts once the target is reached, the
 * candidate budget is spent, or the cell's deadline has passed.
 *
 * <p>New shards of {@code shardSize} candidates tile [attempts, ...) in order: after a complete
 * round the cell's tally covers every candidate launched. A round has at most {@code slots} shards
 * and, once something has been accepted, no more than the candidates the target still needs at the
 * observed rate (with 10% to spare) call for. The plan depends only on its arguments, never on
 * timings, so the same sweep on the same parallelism repeats its shard layout.
 */
public record ShardPlanner(long shardSize) {

    /** One planned shard: candidates [first, first + count). */
    public record Range(long first, long count) {
    }

    public ShardPlanner {
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be >= 1, got " + shardSize);
        }
    }

    /** Is the cell finished: target reached, candidates spent, or deadline passed? */
    public static boolean done(CellTally tally, Budget budget, long nowMillis, long deadlineMillis) {
        return tally.targetReached() || tally.attempts() >= budget.maxCandidates() || nowMillis >= deadlineMillis;
    }

    /** The next shards of a cell (empty when it is done); {@code slots} bounds their number. */
    public List<Range> plan(CellTally tally, Budget budget, int slots, long nowMillis, long deadlineMillis) {
        if (done(tally, budget, nowMillis, deadlineMillis)) {
            return List.of();
        }
        long shards = Math.max(1, slots);
        if (tally.accepted() > 0) {
            double perAccepted = (double) tally.attempts() / tally.accepted();
            double need = 1.1 * (budget.targetAccepted() - tally.accepted()) * perAccepted;
            shards = Math.min(shards, Math.max(1, (long) Math.ceil(need / shardSize)));
        }
        List<Range> out = new ArrayList<>();
        long first = tally.attempts();
        for (long s = 0; s < shards && first < budget.maxCandidates(); s++) {
            long count = Math.min(shardSize, budget.maxCandidates() - first);
            out.add(new Range(first, count));
            first += count;
        }
        return out;
    }
}
