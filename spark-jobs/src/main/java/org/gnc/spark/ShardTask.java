package org.gnc.spark;

import java.io.Serializable;

/**
 * One Spark task: scan candidates [first, first + count) of a cell, stopping after
 * {@code stopAfter} acceptances or after {@code maxSeconds} of sampling, counted from the moment
 * the task starts.
 */
public record ShardTask(String cellId, int shard, long first, long count, long stopAfter, double maxSeconds)
        implements Serializable {
}
