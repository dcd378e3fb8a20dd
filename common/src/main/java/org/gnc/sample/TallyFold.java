package org.gnc.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Folds the shards of one cell into its {@link CellTally} as they arrive, in any order, so that a sweep
 * need not keep its shards' samples: the one place where {@link CellTally}'s rule is applied.
 *
 * <p>The fold keeps the contiguous prefix [0, covered) of candidates its shards scanned. A shard that
 * starts at or before {@code covered} is folded at once: its samples with index &gt;= covered are kept, in
 * index order, until the target is reached, and {@code covered} moves to its end; a shard that starts
 * after {@code covered} (after a gap) waits, with its samples, until the gap is filled. So the kept
 * networks are exactly the first {@code target} accepted indices of the gap-free prefix, whatever the
 * order of arrival (proof sketch: {@code covered} only grows, each folded shard adds exactly the accepted
 * indices of [covered, end), which a candidate's outcome being a pure function of its index makes the same
 * for every shard that scanned them, and the waiting shards are folded in the order of their first index,
 * as {@link CellTally#of} sorts them). Once the target is reached, later shards only add their seconds.
 *
 * <p>What the fold keeps of a folded shard is a {@link Kept} run (its number, from which index, how
 * many), so that its samples can be read back where they were saved; with {@code holdSamples} it also
 * keeps the samples themselves. Mutable, not thread-safe: one per cell, fed by one thread.
 */
public final class TallyFold {
    /** Of shard {@code shard}'s samples, those with index &gt;= {@code fromIndex}, the first {@code count}. */
    public record Kept(int shard, long fromIndex, long count) implements java.io.Serializable {
        /** These kept networks, among {@code samples}, shard {@code shard}'s samples in index order. */
        public java.util.stream.Stream<Sample> select(List<Sample> samples) {
            return samples.stream().filter(s -> s.index() >= fromIndex).limit(count);
        }
    }

    private record Waiting(int shard, ShardResult result) {
    }

    private final long target;
    private final boolean holdSamples;
    private final List<Sample> samples = new ArrayList<>();
    private final SortedMap<Integer, Long> mistakes = new TreeMap<>();
    private final List<Kept> kept = new ArrayList<>();
    /** Shards after a gap, by first index (ties in arrival order). */
    private final List<Waiting> waiting = new ArrayList<>();
    private long covered;
    private long accepted;
    private long attempts;
    private boolean reached;
    private double seconds;

    /** A fold keeping the first {@code target} acceptances, and their samples when {@code holdSamples}. */
    public TallyFold(long target, boolean holdSamples) {
        this.target = target;
        this.holdSamples = holdSamples;
    }

    /** Folds shard number {@code shard}'s result, which holds its samples. */
    public void add(int shard, ShardResult result) {
        if (!result.holdsSamples()) {
            throw new IllegalArgumentException("shard " + shard + " is folded with its samples");
        }
        seconds += result.seconds();
        if (reached) {
            return;
        }
        int at = 0;
        while (at < waiting.size() && waiting.get(at).result().firstIndex() <= result.firstIndex()) {
            at++;
        }
        waiting.add(at, new Waiting(shard, result));
        while (!reached && !waiting.isEmpty() && waiting.get(0).result().firstIndex() <= covered) {
            fold(waiting.remove(0));
        }
        if (reached) {
            waiting.clear();
        }
    }

    private void fold(Waiting w) {
        ShardResult r = w.result();
        if (r.endIndex() <= covered) {
            return;
        }
        long from = covered;
        long taken = 0;
        for (Sample s : r.samples()) {
            if (s.index() < from) {
                continue;
            }
            if (!s.scored()) {
                throw new IllegalStateException("accepted network " + s.index() + " of shard " + w.shard()
                        + " is kept but was not scored on the test set");
            }
            taken++;
            accepted++;
            mistakes.merge(s.testMistakes(), 1L, Long::sum);
            if (holdSamples) {
                samples.add(s);
            }
            if (accepted == target) {
                reached = true;
                attempts = s.index() + 1;
                break;
            }
        }
        if (taken > 0) {
            kept.add(new Kept(w.shard(), from, taken));
        }
        covered = r.endIndex();
    }

    /** The tally so far. */
    public CellTally tally() {
        return new CellTally(reached ? attempts : covered, accepted, holdSamples ? samples : List.of(), mistakes,
                reached, seconds);
    }

    /**
     * Where the earliest shard waiting after a gap starts ({@link Long#MAX_VALUE} when none waits): the
     * candidates from {@code covered} up to here are the gap, and those the waiting shards scanned need no
     * second scan.
     */
    public long waitingFrom() {
        return waiting.isEmpty() ? Long.MAX_VALUE : waiting.get(0).result().firstIndex();
    }

    /** The kept networks so far, as runs of folded shards in index order. */
    public List<Kept> kept() {
        return List.copyOf(kept);
    }
}
