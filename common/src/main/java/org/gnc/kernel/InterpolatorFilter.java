package org.gnc.kernel;

/**
 * Decides which candidates of a cell fit the training set: candidate i is accepted iff its number
 * of training errors (points where label(f(x)) differs from y, f the output or two-logit margin of
 * {@link org.gnc.model.Architecture#output}) is at most the cell's
 * max-train-errors. Every implementation accepts exactly the same indices with the same error
 * counts as {@link ReferenceFilter}; they differ only in speed. Not thread-safe: use one per thread.
 */
public interface InterpolatorFilter {
    /** Scans candidates [first, first + count) and returns the accepted ones in increasing order. */
    Acceptances scan(long first, int count);
}
