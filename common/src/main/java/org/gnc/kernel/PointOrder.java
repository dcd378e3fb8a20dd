package org.gnc.kernel;

import java.util.Arrays;

/**
 * The order in which a filter visits the training points: hardest first, by how many candidates
 * each point has rejected so far (ties by index, so the order is deterministic). Acceptance does not
 * depend on the order, so every filter stays exact; this one rejects soonest.
 */
public final class PointOrder {
    /** The points in visiting order; filters read it in their hot loops, {@link #reorder} re-sorts it in place. */
    public final int[] order;
    private final long[] rejections;
    private final Integer[] boxed;
    /** Candidates between two re-sorts in {@link #candidateDone}, and those since the last one. */
    private final long reorderEvery;
    private long sinceReorder;

    /** An order that {@link #reorder} re-sorts when its filter asks. */
    public PointOrder(int n) {
        this(n, Long.MAX_VALUE);
    }

    /** An order that re-sorts itself after every {@code reorderEvery} candidates ({@link #candidateDone}). */
    public PointOrder(int n, long reorderEvery) {
        this.reorderEvery = reorderEvery;
        this.order = new int[n];
        this.rejections = new long[n];
        this.boxed = new Integer[n];
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
    }

    /** A candidate's label (+1 or -1) on training point p, the t-th point it visits (t = 0 first). */
    public interface PointLabel {
        int label(int t, int p);
    }

    /**
     * Decides one candidate point by point in this order: its mistakes against the labels y, or -1 as
     * soon as they exceed {@code maxErrors} (that point counted as rejecting it, {@link #rejectedBy}); then
     * counts the candidate ({@link #candidateDone}, which may re-sort the order for the next one).
     */
    public int mistakes(int[] y, int maxErrors, PointLabel label) {
        int mistakes = 0;
        for (int t = 0; t < order.length; t++) {
            int p = order[t];
            if (label.label(t, p) != y[p] && ++mistakes > maxErrors) {
                rejectedBy(p);
                candidateDone();
                return -1;
            }
        }
        candidateDone();
        return mistakes;
    }

    /** Point p rejected a candidate. */
    public void rejectedBy(int p) {
        rejections[p]++;
    }

    /**
     * Counts one decided candidate; after every {@code reorderEvery} of them re-sorts the order and
     * returns true (so a filter can re-lay out what depends on it).
     */
    public boolean candidateDone() {
        return candidatesDone(1);
    }

    /** Counts {@code count} decided candidates at once, as {@link #candidateDone} does one. */
    public boolean candidatesDone(int count) {
        sinceReorder += count;
        if (sinceReorder < reorderEvery) {
            return false;
        }
        reorder();
        return true;
    }

    /** Re-sorts the order by rejections so far, most first. */
    public void reorder() {
        sinceReorder = 0;
        for (int p = 0; p < boxed.length; p++) {
            boxed[p] = p;
        }
        Arrays.sort(boxed, (a, b) -> rejections[a] != rejections[b]
                ? Long.compare(rejections[b], rejections[a]) : Integer.compare(a, b));
        for (int t = 0; t < boxed.length; t++) {
            order[t] = boxed[t];
        }
    }
}
