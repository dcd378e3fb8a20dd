package org.gnc.sample;

import java.io.Serializable;
import java.util.Objects;

/**
 * One planned shard, ready to run anywhere: shard number {@code shard} of cell {@code cellId} scans the
 * candidates of {@code range} ([first, first + count)), stopping after {@code stopAfterAccepted}
 * acceptances or after the range's {@code maxSeconds} of sampling, counted from the moment it starts,
 * and scoring only its first {@code scoreAtMost} acceptances on the test set (the later ones are counted,
 * {@linkplain Sample#UNSCORED unscored}: see {@link ShardPlanner#scoreAtMost} for why and
 * {@link SweepScheduler#scoreKeepable} for how those that are kept after all get their score).
 * Planned by {@link SweepScheduler}, run by {@link CellSampler#runShard(ShardTask)}; serializable, so
 * a Spark task carries it as it is.
 */
public record ShardTask(String cellId, int shard, ShardPlanner.Range range, long stopAfterAccepted,
                        long scoreAtMost) implements Serializable {
    public ShardTask {
        Objects.requireNonNull(cellId, "cellId");
        Objects.requireNonNull(range, "range");
        if (shard < 0) {
            throw new IllegalArgumentException("shard must be >= 0, got " + shard);
        }
        if (scoreAtMost < 0) {
            throw new IllegalArgumentException("scoreAtMost must be >= 0, got " + scoreAtMost);
        }
    }

    /** A shard that scores every acceptance it counts. */
    public ShardTask(String cellId, int shard, ShardPlanner.Range range, long stopAfterAccepted) {
        this(cellId, shard, range, stopAfterAccepted, stopAfterAccepted);
    }
}
