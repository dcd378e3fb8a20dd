package org.gnc.sample;

import java.util.ArrayList;
import java.util.List;
import org.gnc.spec.Budget;

/**
 * Plans the next round of shards of one cell from what its earlier shards found, so that a cell's
 * budget holds across any number of executors: no shard starts once the target is reached, the
 * candidate budget is spent, or the cell's sampling time is spent.
 *
 * <p>A cell's time budget (max-seconds) counts the seconds its shards spent sampling, summed over
 * shards, so time spent queueing for a free core does not count against it. Each new shard may
 * spend an equal part of what is left ({@link Range#maxSeconds}).
 *
 * <p>New shards of {@code shardSize} candidates tile [attempts, ...) in order: after a complete
 * round the cell's tally covers every candidate launched. A round has at most {@code slots} shards
 * and, once something has been accepted, no more than the candidates the target still needs at the
 * observed rate (with 10% to spare) call for. The plan depends only on its arguments, never on
 * timings, so the same sweep on the same parallelism repeats its shard layout.
 */
public record ShardPlanner(long shardSize) {

    /** One planned shard: candidates [first, first + count), for at most {@code maxSeconds} of sampling. */
    public record Range(long first, long count, double maxSeconds) {
    }

    /** A cell with less sampling time left than this is done. */
    public static final double MIN_SECONDS = 0.01;

    public ShardPlanner {
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be >= 1, got " + shardSize);
        }
    }

    /** Is the cell finished: target reached, candidates spent, or sampling time spent? */
    public static boolean done(CellTally tally, Budget budget) {
        return tally.targetReached() || tally.attempts() >= budget.maxCandidates()
                || budget.maxSeconds() - tally.seconds() < MIN_SECONDS;
    }

    /** The next shards of a cell (empty when it is done); {@code slots} bounds their number. */
    public List<Range> plan(CellTally tally, Budget budget, int slots) {
        if (done(tally, budget)) {
            return List.of();
        }
        long shards = Math.max(1, slots);
        if (tally.accepted() > 0) {
            double perAccepted = (double) tally.attempts() / tally.accepted();
            double need = 1.1 * (budget.targetAccepted() - tally.accepted()) * perAccepted;
            shards = Math.min(shards, Math.max(1, (long) Math.ceil(need / shardSize)));
        }
        shards = Math.min(shards, (budget.maxCandidates() - tally.attempts() + shardSize - 1) / shardSize);
        double seconds = (budget.maxSeconds() - tally.seconds()) / shards;
        List<Range> out = new ArrayList<>();
        long first = tally.attempts();
        for (long s = 0; s < shards; s++) {
            long count = Math.min(shardSize, budget.maxCandidates() - first);
            out.add(new Range(first, count, seconds));
            first += count;
        }
        return out;
    }
}
