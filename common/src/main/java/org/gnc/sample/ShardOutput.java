package org.gnc.sample;

import java.io.Serializable;

/**
 * A finished shard: its cell, its number within the cell (shards are numbered 0, 1, ... in the order
 * they were planned) and what it found. What a sweep's checkpoint saves and its shards table lays out.
 */
public record ShardOutput(String cellId, int shard, ShardResult result) implements Serializable {

    /** This shard without its samples ({@link ShardResult#withoutSamples()}). */
    public ShardOutput withoutSamples() {
        return new ShardOutput(cellId, shard, result.withoutSamples());
    }
}
