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
 * <p>New shards of at most {@code shardSize} candidates tile [attempts, ...) in order: after a complete
 * round the cell's tally covers every candidate launched. A round has at most {@code slots} shards.
 *
 * <p><b>Sized from the running acceptance estimate.</b> A cell's first round, before any rate is known,
 * is one shard (several could each score the whole target): of {@code shardSize} candidates when the cell
 * has one slot, and a probe of one {@link ShardSampler#CHUNK} ({@code unit = min(shardSize, CHUNK)}) when
 * it has several (fewer open cells than slots), so that the rounds after it, sized from its rate, spread
 * over its slots instead of one long shard running alone. After it, with {@code a} accepted in
 * {@code n} candidates (the estimate {@code n / max(a, 1)} candidates per acceptance, which with nothing
 * accepted yet assumes the next acceptance is as far off as all those scanned), the shards of a round and
 * those still running together cover {@link #MARGIN} times the candidates the remaining target needs at
 * that rate: {@code need = MARGIN * (target - a) * n / max(a, 1) - running}; nothing is planned when
 * {@code need <= 0}, and otherwise {@code max(ceil(need / size), floor(need / unit))} shards (at least one,
 * at most {@code slots}; {@code size} is {@code shardSize} or less, see below) share it equally (at least
 * one {@code unit} each), so that a cell with several slots uses them all once it needs that many
 * units. A shard stops at its {@code min(target - a,
 * }{@link #MAX_SAMPLES_PER_SHARD}{@code )}-th acceptance, and its range is sized to expect at most
 * {@link #SAMPLES_FILL} of that cap, so that the samples one shard sends back stay bounded and a shard
 * rarely stops before its range ends (which would leave a gap). So the accepted networks scored beyond
 * the target are, in expectation, at most {@code (MARGIN - 1)} times the target still needed when the last
 * shards were planned: a cell overshoots by about 10% at most, and by nothing when its last shards are one
 * (a single shard stops exactly at the target).
 *
 * <p><b>Scoring only what can be kept.</b> That 10% is in candidates scanned; on the test set a shard scores
 * only the acceptances expected to be kept ({@link #scoreAtMost}): with {@code R} still needed, a shard
 * starting {@code d} candidates after the tally's end (past the shards before it in its round and those
 * running) has some {@code prefix} acceptances before it, so its {@code i}-th acceptance is kept iff
 * {@code prefix + i < R}; it scores its first {@code R - floor(mu)} (at most its stop), where {@code mu = d * (b + 1 + 3 sqrt(b)) / n}
 * with {@code b = a + 1} takes the rate at about three standard deviations above its estimate (so that a
 * rate estimated low from few acceptances, or none, does not make shards score what cannot be kept: with
 * none in a 4,096-candidate probe it assumes 5); the rest it counts
 * {@linkplain Sample#UNSCORED unscored}. Once the round reports, the scheduler scores those of them that can
 * still be kept ({@link SweepScheduler#scoreKeepable}). So the networks scored beyond the target are those of
 * shards whose prefix came out above {@code mu}, which is rare, rather than the 10% margin plus its noise;
 * the kept ones are the same.
 *
 * <p>The next round may be planned while one still runs ({@code running}, so that executors never wait
 * for a round's last shard): the running shards count as launched (the new ones tile on after them and
 * the candidate budget counts them), their expected acceptances count towards the target, and their
 * full time limits count against the time budget. So that this leaves room, a round may take at most
 * {@link #ROUND_SHARE} of the time left. Nothing is planned ahead before the first round has reported
 * (no rate is known yet), or when the running shards do not start where the tally ends (a shard
 * stopped by its time limit left a gap, and tiling restarts there once they report).
 *
 * <p>A shard stopped by its time limit leaves a gap, and the tally drops everything after a gap, so
 * shards are sized to finish inside their time: the first round, before any rate is known, may spend
 * only {@link #FIRST_ROUND_SHARE} of the cell's time, and later rounds shrink shards (in whole
 * {@link ShardSampler#CHUNK}s) to what {@link #TIME_FILL} of their time holds at the candidates per
 * shard-second observed so far. When the time budget does not bind, shard sizes depend only on counts
 * (candidates and acceptances), never on timings, so the same sweep on the same parallelism repeats its
 * shard layout.
 */
public record ShardPlanner(long shardSize) {

    /** One planned shard: candidates [first, first + count), for at most {@code maxSeconds} of sampling. */
    public record Range(long first, long count, double maxSeconds) implements java.io.Serializable {
    }

    /** Share of a shard's time its candidate count is planned to fill, at the observed rate. */
    public static final double TIME_FILL = 0.9;
    /** Share of a cell's time its first round (before any rate is known) may spend. */
    public static final double FIRST_ROUND_SHARE = 0.25;

    /** The candidates planned ahead, as a multiple of those the remaining target needs at the observed rate. */
    public static final double MARGIN = 1.1;

    /** The most accepted networks one shard scores and sends back. */
    public static final long MAX_SAMPLES_PER_SHARD = 1L << 17;

    /** Share of {@link #MAX_SAMPLES_PER_SHARD} a shard's range is sized to expect at the observed rate. */
    public static final double SAMPLES_FILL = 0.8;

    /** Share of a cell's time left one round may take, so that a next round fits beside it. */
    public static final double ROUND_SHARE = 0.5;

    /** A cell with less sampling time left than this is done. */
    public static final double MIN_SECONDS = 0.01;

    public ShardPlanner {
        if (shardSize < 1) {
            throw new IllegalArgumentException("shard size must be >= 1, got " + shardSize);
        }
    }

    /** {@code candidates} in whole chunks, rounded down, at least one chunk (and at most the shard size). */
    private long chunks(double candidates) {
        if (candidates >= shardSize) {
            return shardSize;
        }
        long n = (long) Math.floor(candidates / ShardSampler.CHUNK);
        return Math.min(shardSize, Math.max(1, n) * ShardSampler.CHUNK);
    }

    /**
     * How many of its acceptances a shard starting at candidate {@code first} and stopping after
     * {@code stopAfter} scores on the test set, when the target still needs {@code needed} (see the class
     * comment): all of them when no rate is known yet or the shard starts where the tally ends, otherwise
     * {@code needed} less the acceptances expected in the {@code first - attempts} candidates before it, at
     * least none and at most {@code stopAfter}. ({@code needed}, not the shard's stop: when a large target
     * leaves many shards of {@link #MAX_SAMPLES_PER_SHARD} to go, every one of them scores all it finds.)
     */
    public static long scoreAtMost(CellTally tally, long needed, long stopAfter, long first) {
        if (tally.attempts() == 0 || first <= tally.attempts()) {
            return stopAfter;
        }
        double b = tally.accepted() + 1;
        double before = (first - tally.attempts()) * (b + 1 + 3 * Math.sqrt(b)) / tally.attempts();
        return Math.min(stopAfter, Math.max(0, needed - (long) Math.floor(before)));
    }

    /** Is the cell finished: target reached, candidates spent, or sampling time spent? */
    public static boolean done(CellTally tally, Budget budget) {
        return tally.targetReached() || tally.attempts() >= budget.maxCandidates()
                || budget.maxSeconds() - tally.seconds() < MIN_SECONDS;
    }

    /** The next shards of a cell (empty when it is done); {@code slots} bounds their number. */
    public List<Range> plan(CellTally tally, Budget budget, int slots) {
        return plan(tally, budget, slots, List.of());
    }

    /**
     * The next shards of a cell while the shards {@code running} (planned before, in order, not yet in
     * the tally) still run; empty when the cell is done or nothing may start before they report.
     */
    public List<Range> plan(CellTally tally, Budget budget, int slots, List<Range> running) {
        if (done(tally, budget)) {
            return List.of();
        }
        if (!running.isEmpty() && tally.seconds() == 0) {
            // The first round has not reported: no rate yet.
            return List.of();
        }
        long launched = tally.attempts();
        double runningSeconds = 0;
        for (Range r : running) {
            if (r.first() != launched) {
                // Not where the tally ends (a gap): tiling restarts there once they report.
                return List.of();
            }
            launched += r.count();
            runningSeconds += r.maxSeconds();
        }
        long shards = 1;
        long size = shardSize;
        long unit = Math.min(shardSize, ShardSampler.CHUNK);
        if (tally.attempts() == 0) {
            if (slots > 1) {
                // A probe: the cell has slots to itself, and the rounds after it, sized from its rate, take them.
                size = unit;
            }
        } else {
            double perAccepted = (double) tally.attempts() / Math.max(1, tally.accepted());
            double need = MARGIN * (budget.targetAccepted() - tally.accepted()) * perAccepted
                    - (launched - tally.attempts());
            if (need <= 0) {
                return List.of();
            }
            size = Math.min(size, chunks(SAMPLES_FILL * MAX_SAMPLES_PER_SHARD * perAccepted));
            long split = Math.max((long) Math.ceil(need / size), (long) Math.floor(need / unit));
            shards = Math.min(Math.max(1, slots), Math.max(1, split));
            size = Math.min(size, Math.max(unit, (long) Math.ceil(need / shards)));
        }
        shards = Math.min(shards, (budget.maxCandidates() - launched + size - 1) / size);
        double left = budget.maxSeconds() - tally.seconds() - runningSeconds;
        if (shards <= 0 || left < MIN_SECONDS) {
            return List.of();
        }
        double seconds = ROUND_SHARE * left / shards;
        if (tally.attempts() > 0 && tally.seconds() > 0) {
            // Observed candidates per shard-second (an underestimate when earlier shards left gaps).
            double rate = tally.attempts() / tally.seconds();
            double fits = TIME_FILL * rate * seconds;
            if (fits < size) {
                size = Math.max(ShardSampler.CHUNK, (long) (fits / ShardSampler.CHUNK) * ShardSampler.CHUNK);
            }
        } else {
            seconds = Math.min(seconds, FIRST_ROUND_SHARE * left / shards);
        }
        List<Range> out = new ArrayList<>();
        long first = launched;
        for (long s = 0; s < shards; s++) {
            long count = Math.min(size, budget.maxCandidates() - first);
            out.add(new Range(first, count, seconds));
            first += count;
        }
        return out;
    }
}
