package org.gnc.sample;

import java.util.List;

/**
 * What one shard found: it scanned the contiguous candidate indices
 * [firstIndex, firstIndex + candidates) and accepted {@code accepted} networks, {@code samples} (in
 * increasing index order) when they are held, of which {@code scored} were scored on the test set (the
 * others are {@linkplain Sample#UNSCORED unscored}): a result fresh from a shard holds all of them; one whose
 * samples were saved elsewhere ({@link #withoutSamples()}, e.g. a sweep's checkpoint) holds none and keeps
 * their number. {@code candidates} may be smaller than the range the shard was given when it stopped early
 * on its accepted target or its deadline.
 */
public record ShardResult(long firstIndex, long candidates, long accepted, long scored, List<Sample> samples,
                          double seconds) implements java.io.Serializable {
    public ShardResult {
        samples = List.copyOf(samples);
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must be >= 0");
        }
        if (!samples.isEmpty() && samples.size() != accepted) {
            throw new IllegalArgumentException("a shard holds all its " + accepted + " samples or none, not "
                    + samples.size());
        }
        if (scored < 0 || scored > accepted
                || (!samples.isEmpty() && samples.stream().filter(Sample::scored).count() != scored)) {
            throw new IllegalArgumentException("a shard of " + accepted + " accepted cannot have scored " + scored);
        }
    }

    /** A result without its samples, every accepted network scored. */
    public ShardResult(long firstIndex, long candidates, long accepted, List<Sample> samples, double seconds) {
        this(firstIndex, candidates, accepted, accepted, samples, seconds);
    }

    /** A fresh result, holding all its samples. */
    public ShardResult(long firstIndex, long candidates, List<Sample> samples, double seconds) {
        this(firstIndex, candidates, samples.size(), samples.stream().filter(Sample::scored).count(), samples,
                seconds);
    }

    /** One past the last scanned index. */
    public long endIndex() {
        return firstIndex + candidates;
    }

    /** Does this result hold its samples (all of them)? */
    public boolean holdsSamples() {
        return samples.size() == accepted;
    }

    /**
     * This result holding {@code samples}, all its acceptances (read back from a checkpoint, or with some
     * scored since), its counts taken from them.
     */
    public ShardResult withSamples(List<Sample> samples) {
        return new ShardResult(firstIndex, candidates, samples, seconds);
    }

    /** This result without its samples (their number kept). */
    public ShardResult withoutSamples() {
        return new ShardResult(firstIndex, candidates, accepted, scored, List.of(), seconds);
    }
}
