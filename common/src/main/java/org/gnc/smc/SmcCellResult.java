package org.gnc.smc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished SMC cell: the estimate at each checkpoint in increasing n (the last is the cell's n), every
 * replicate run (by checkpoint, then replicate), the seconds its tasks took together, and the cell's point
 * order (checkpoint n constrains the training points pointOrder[0 .. n)). Each estimate is the combination
 * of exactly the runs of its checkpoint ({@link CheckpointEstimate#combine}). Immutable.
 */
public record SmcCellResult(String cellId, List<CheckpointEstimate> checkpoints, List<ReplicateRun> runs,
                            double seconds, int[] pointOrder) implements java.io.Serializable {
    public SmcCellResult {
        checkpoints = List.copyOf(checkpoints);
        runs = List.copyOf(runs);
        pointOrder = pointOrder.clone();
        if (!checkpoints.isEmpty() && pointOrder.length < checkpoints.get(checkpoints.size() - 1).n()) {
            throw new IllegalArgumentException("the point order of cell " + cellId + " has " + pointOrder.length
                    + " points, fewer than its last checkpoint");
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("cell " + cellId + " has no checkpoint");
        }
        for (int i = 0; i < checkpoints.size(); i++) {
            CheckpointEstimate e = checkpoints.get(i);
            int n = e.n();
            if (i > 0 && n <= checkpoints.get(i - 1).n()) {
                throw new IllegalArgumentException("checkpoints of cell " + cellId + " must increase, got "
                        + checkpoints.get(i - 1).n() + " then " + n);
            }
            long replicates = runs.stream().filter(r -> r.checkpoint() == n).count();
            if (replicates != e.replicates()) {
                throw new IllegalArgumentException("checkpoint " + n + " of cell " + cellId + " combines "
                        + e.replicates() + " replicates, but " + replicates + " runs are given for it");
            }
        }
        if (runs.stream().mapToInt(ReplicateRun::checkpoint).distinct().count() != checkpoints.size()) {
            throw new IllegalArgumentException("cell " + cellId + " has runs of a checkpoint without estimate");
        }
    }

    /** A result whose training points are in their own order (0, 1, ..., up to the largest checkpoint). */
    public SmcCellResult(String cellId, List<CheckpointEstimate> checkpoints, List<ReplicateRun> runs, double seconds) {
        this(cellId, checkpoints, runs, seconds, java.util.stream.IntStream.range(0,
                checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).n()).toArray());
    }

    @Override
    public int[] pointOrder() {
        return pointOrder.clone();
    }

    /** {@link #combine(String, List, int, int[])} with the training points in their own order. */
    public static SmcCellResult combine(String cellId, List<ReplicateRun> runs, int nTest) {
        int n = runs.stream().mapToInt(ReplicateRun::checkpoint).max().orElse(0);
        return combine(cellId, runs, nTest, java.util.stream.IntStream.range(0, n).toArray());
    }

    /**
     * The result of a cell from its runs (any order), each checkpoint's replicates combined on nTest test
     * points, its checkpoints prefixes of {@code pointOrder}.
     */
    public static SmcCellResult combine(String cellId, List<ReplicateRun> runs, int nTest, int[] pointOrder) {
        Map<Integer, List<ReplicateRun>> byCheckpoint = new TreeMap<>();
        double seconds = 0;
        for (ReplicateRun run : runs) {
            byCheckpoint.computeIfAbsent(run.checkpoint(), c -> new ArrayList<>()).add(run);
            seconds += run.seconds();
        }
        List<CheckpointEstimate> estimates = new ArrayList<>();
        List<ReplicateRun> ordered = new ArrayList<>();
        for (Map.Entry<Integer, List<ReplicateRun>> e : byCheckpoint.entrySet()) {
            List<ReplicateRun> list = new ArrayList<>(e.getValue());
            list.sort(Comparator.comparingInt(ReplicateRun::replicate));
            ordered.addAll(list);
            estimates.add(CheckpointEstimate.combine(e.getKey(), list, nTest));
        }
        return new SmcCellResult(cellId, estimates, ordered, seconds, pointOrder);
    }

    /** The estimate at the cell's own n (its last checkpoint). */
    public CheckpointEstimate atN() {
        return checkpoints.get(checkpoints.size() - 1);
    }
}
