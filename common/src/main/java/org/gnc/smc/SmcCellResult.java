package org.gnc.smc;

import java.util.List;

/**
 * A finished SMC cell: the estimate at each checkpoint in increasing n (the last is the cell's n), every
 * replicate run, and the seconds its tasks took together. Immutable.
 */
public record SmcCellResult(String cellId, List<CheckpointEstimate> checkpoints, List<ReplicateRun> runs,
                            double seconds) implements java.io.Serializable {
    public SmcCellResult {
        checkpoints = List.copyOf(checkpoints);
        runs = List.copyOf(runs);
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("an SMC cell has at least one checkpoint");
        }
    }

    /** The estimate at the cell's own n (its last checkpoint). */
    public CheckpointEstimate atN() {
        return checkpoints.get(checkpoints.size() - 1);
    }
}
