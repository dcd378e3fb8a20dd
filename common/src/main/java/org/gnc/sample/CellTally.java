package org.gnc.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The result of a cell, assembled from its shards so that it depends only on the candidates, never
 * on how they were split, ordered or scheduled.
 *
 * <p>The tally covers the longest prefix [0, attempts) of candidate indices that the shards scanned
 * without a gap, truncated at the {@code targetAccepted}-th acceptance: if that prefix holds at least
 * {@code targetAccepted} accepted networks, attempts = (index of the target-th one) + 1 and exactly
 * the first targetAccepted are kept. So a cell run in one shard or in a thousand gives the same
 * attempts and the same samples. Work past the prefix (after a gap, or past the target) is dropped.
 */
public record CellTally(long attempts, List<Sample> samples, boolean targetReached, double seconds) {
    public CellTally {
        samples = List.copyOf(samples);
    }

    /** Tallies the shards of one cell; overlapping shards are an error. */
    public static CellTally of(List<ShardResult> shards, long targetAccepted) {
        List<ShardResult> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparingLong(ShardResult::firstIndex));
        List<Sample> kept = new ArrayList<>();
        long next = 0;
        double seconds = 0;
        for (int i = 0; i < sorted.size(); i++) {
            seconds += sorted.get(i).seconds();
            if (i > 0 && sorted.get(i).firstIndex() < sorted.get(i - 1).endIndex()) {
                throw new IllegalArgumentException("shards overlap at candidate " + sorted.get(i).firstIndex());
            }
        }
        for (ShardResult s : sorted) {
            if (s.firstIndex() > next) {
                break;
            }
            for (Sample sample : s.samples()) {
                kept.add(sample);
                if (kept.size() == targetAccepted) {
                    return new CellTally(sample.index() + 1, kept, true, seconds);
                }
            }
            next = s.endIndex();
        }
        return new CellTally(next, kept, false, seconds);
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
