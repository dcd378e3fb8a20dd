package org.gnc.spark;

import java.io.Serializable;

/**
 * One Spark task: scan candidates [first, first + count) of a cell, stopping after
 * {@code stopAfter} acceptances or at the cell's deadline (epoch milliseconds).
 */
public record ShardTask(String cellId, int shard, long first, long count, long stopAfter, long deadlineMillis)
        implements Serializable {
}
