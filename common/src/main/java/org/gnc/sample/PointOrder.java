package org.gnc.sample;

import java.util.Arrays;

/**
 * The order in which a filter visits the training points: hardest first, by how many candidates
 * each point has rejected so far (ties by index, so the order is deterministic). Acceptance does not
 * depend on the order, so every filter stays exact; this one rejects soonest.
 */
final class PointOrder {
    /** The points in visiting order; filters read it in their hot loops, {@link #reorder} re-sorts it in place. */
    final int[] order;
    private final long[] rejections;
    private final Integer[] boxed;

    PointOrder(int n) {
        this.order = new int[n];
        this.rejections = new long[n];
        this.boxed = new Integer[n];
        for (int p = 0; p < n; p++) {
            order[p] = p;
        }
    }

    /** Point p rejected a candidate. */
    void rejectedBy(int p) {
        rejections[p]++;
    }

    /** Re-sorts the order by rejections so far, most first. */
    void reorder() {
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
