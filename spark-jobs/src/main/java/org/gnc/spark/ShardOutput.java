package org.gnc.spark;

import java.io.Serializable;
import org.gnc.sample.ShardResult;

/** What one shard task sends back to the driver. */
public record ShardOutput(String cellId, int shard, ShardResult result) implements Serializable {
}
