package org.gnc.sample;

import java.util.ArrayList;
import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.CandidateScorer;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.model.CandidateWeights;

/**
 * Runs the Guess &amp; Check loop over one contiguous range of candidate indices: filter the range
 * in chunks, measure each accepted network on the full test set (the first {@code scoreAtMost} of them; the
 * later ones are counted and kept {@linkplain Sample#UNSCORED unscored}), and stop at the end of the range,
 * at the {@code stopAfterAccepted}-th acceptance (the result then covers the range up to and including
 * it; the acceptances after it in its chunk are not scored, since the cell keeps only the first
 * acceptances in index order and a shard never needs more than it was asked for), or at the first chunk
 * boundary past the deadline. Not thread-safe: one per task.
 */
public final class ShardSampler {
    /** Candidates filtered between two checks of the stopping rules. */
    public static final int CHUNK = 4096;
    /** A deadline that never comes. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final InterpolatorFilter filter;
    private final CandidateScorer test;

    public ShardSampler(CandidateWeights candidates, InterpolatorFilter filter, Dataset test) {
        this.filter = filter;
        this.test = Filters.testScorer(candidates, test);
    }

    /** The wall-clock deadline {@code seconds} from now, in epoch milliseconds. */
    public static long deadlineAfter(double seconds) {
        return System.currentTimeMillis() + (long) Math.ceil(seconds * 1000);
    }

    /** The mistakes of candidate {@code index} on the full test set. */
    public int testMistakes(long index) {
        return test.candidateMistakes(index);
    }

    /**
     * Scans [first, first + count), stopping early after {@code stopAfterAccepted} acceptances or
     * once the wall clock ({@code System.currentTimeMillis()}, comparable across executors) reaches
     * {@code deadlineEpochMillis} (use {@link #NO_DEADLINE} for none); scores every acceptance.
     */
    public ShardResult run(long first, long count, long stopAfterAccepted, long deadlineEpochMillis) {
        return run(first, count, stopAfterAccepted, stopAfterAccepted, deadlineEpochMillis);
    }

    /**
     * {@link #run(long, long, long, long)}, scoring only the first {@code scoreAtMost} acceptances on the
     * test set; the later ones are counted as before, {@linkplain Sample#UNSCORED unscored}.
     */
    public ShardResult run(long first, long count, long stopAfterAccepted, long scoreAtMost,
                           long deadlineEpochMillis) {
        long t0 = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        long scanned = 0;
        while (scanned < count && samples.size() < stopAfterAccepted
                && System.currentTimeMillis() < deadlineEpochMillis) {
            int size = (int) Math.min(CHUNK, count - scanned);
            Acceptances acc = filter.scan(first + scanned, size);
            long[] idx = acc.indices();
            int[] err = acc.trainErrors();
            long covered = size;
            for (int a = 0; a < idx.length; a++) {
                samples.add(new Sample(idx[a], err[a],
                        samples.size() < scoreAtMost ? testMistakes(idx[a]) : Sample.UNSCORED));
                if (samples.size() >= stopAfterAccepted) {
                    // The rest of the chunk cannot be kept: neither scored nor covered by the result.
                    covered = idx[a] - (first + scanned) + 1;
                    break;
                }
            }
            scanned += covered;
        }
        return new ShardResult(first, scanned, samples, (System.nanoTime() - t0) / 1e9);
    }
}
