package org.gnc.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 */
public record CellTally(long attempts, List<Sample> samples, boolean targetReached, double seconds) {
    public CellTally {
        samples = List.copyOf(samples);
    }

    /** Tallies the shards of one cell. */
    public static CellTally of(List<ShardResult> shards, long targetAccepted) {
        List<ShardResult> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparingLong(ShardResult::firstIndex));
        double seconds = 0;
        for (ShardResult s : sorted) {
            seconds += s.seconds();
        }
        TreeMap<Long, Sample> accepted = new TreeMap<>();
        long covered = 0;
        for (ShardResult s : sorted) {
            if (s.firstIndex() > covered) {
                break;
            }
            for (Sample sample : s.samples()) {
                accepted.putIfAbsent(sample.index(), sample);
            }
            covered = Math.max(covered, s.endIndex());
        }
        List<Sample> kept = new ArrayList<>();
        for (Sample sample : accepted.values()) {
            kept.add(sample);
            if (kept.size() == targetAccepted) {
                return new CellTally(sample.index() + 1, kept, true, seconds);
            }
        }
        return new CellTally(covered, kept, false, seconds);
    }
    /** Number of accepted networks kept. */
    public long accepted() {
        return samples.size();
    }

    /** counts[k] = number of kept networks with exactly k test mistakes, for k = 0 .. nTest. */
    public long[] mistakeCounts(int nTest) {
        long[] counts = new long[nTest + 1];
        for (Sample s : samples) {
            counts[s.testMistakes()]++;
        }
        return counts;
    }
}
