package org.gnc.sample;

import java.util.List;

/**
 * What one shard found: it scanned the contiguous candidate indices
 * [firstIndex, firstIndex + candidates) and accepted {@code samples} (in increasing index order).
 * {@code candidates} may be smaller than the range the shard was given when it stopped early on
 * its accepted target or its deadline.
 */
public record ShardResult(long firstIndex, long candidates, List<Sample> samples, double seconds)
        implements java.io.Serializable {
    public ShardResult {
        samples = List.copyOf(samples);
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must be >= 0");
        }
    }

    /** One past the last scanned index. */
    public long endIndex() {
        return firstIndex + candidates;
    }
}
