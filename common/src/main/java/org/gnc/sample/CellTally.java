package org.gnc.sample;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of a cell, assembled from its shards so that it depends only on the candidates, never
 * on how they were split, ordered, scheduled, retried or stopped.
 *
 * <p>The tally covers the longest prefix [0, attempts) of candidate indices that the shards'
 * scanned ranges cover without a gap, truncated at the {@code targetAccepted}-th acceptance: if that
 * prefix holds at least {@code targetAccepted} accepted networks, attempts = (index of the target-th
 * one) + 1 and exactly the first targetAccepted are kept. Shards may overlap (a range re-scanned
 * after a shard stopped early on its time limit, or a retried task): a candidate's outcome is a pure
 * function of its index, so overlapping shards agree and each accepted index is kept once. So a cell
 * run in one shard or in a thousand gives the same attempts and the same samples. Work past the
 * prefix (after a gap, or past the target) is dropped; {@code seconds} counts all of it.
 *
 * <p>{@code accepted} networks are kept; {@code mistakes} counts them by their number of test mistakes.
 * {@code samples} are the kept networks in index order when the tally holds them, or empty when they were
 * kept elsewhere (a sweep's checkpoint; see {@link TallyFold}): {@link #holdsSamples()} says which.
 */
public record CellTally(long attempts, long accepted, List<Sample> samples, SortedMap<Integer, Long> mistakes,
                        boolean targetReached, double seconds) {
    public CellTally {
        samples = List.copyOf(samples);
        mistakes = Collections.unmodifiableSortedMap(new TreeMap<>(mistakes));
        if (!samples.isEmpty() && samples.size() != accepted) {
            throw new IllegalArgumentException("a tally holds all its " + accepted + " samples or none, not "
                    + samples.size());
        }
        if (mistakes.values().stream().mapToLong(Long::longValue).sum() != accepted) {
            throw new IllegalArgumentException("the mistake counts do not add up to the " + accepted + " kept");
        }
    }

    /** A tally holding its kept {@code samples}. */
    public CellTally(long attempts, List<Sample> samples, boolean targetReached, double seconds) {
        this(attempts, samples.size(), samples, mistakesOf(samples), targetReached, seconds);
    }

    private static SortedMap<Integer, Long> mistakesOf(List<Sample> samples) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (Sample s : samples) {
            out.merge(s.testMistakes(), 1L, Long::sum);
        }
        return out;
    }

    /** Tallies the shards of one cell, holding the kept samples. */
    public static CellTally of(List<ShardResult> shards, long targetAccepted) {
        TallyFold fold = new TallyFold(targetAccepted, true);
        shards.stream().sorted(Comparator.comparingLong(ShardResult::firstIndex)).forEach(s -> fold.add(0, s));
        return fold.tally();
    }

    /** Does this tally hold its kept samples (all of them)? */
    public boolean holdsSamples() {
        return samples.size() == accepted;
    }

    /** counts[k] = number of kept networks with exactly k test mistakes, for k = 0 .. nTest. */
    public long[] mistakeCounts(int nTest) {
        long[] counts = new long[nTest + 1];
        mistakes.forEach((k, n) -> counts[k] += n);
        return counts;
    }
}
