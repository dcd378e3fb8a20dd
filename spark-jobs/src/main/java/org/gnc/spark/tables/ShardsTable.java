package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64;

import java.util.List;
import org.gnc.sample.ShardResult;

/**
 * The shards table: after the {@link CellColumns}, one row per shard of a sampled cell (or range of an
 * enumerated one): its number in the cell, the first candidate index, the candidates scanned, those
 * accepted, those of them scored on the test set (a shard scores only the acceptances that can still be
 * kept; all of an enumerated range's), and its seconds.
 */
public final class ShardsTable {
    /** Shard {@code number} of a cell and what it found. */
    public record Shard(int number, ShardResult result) {
    }

    public static final Column<Shard, Integer> SHARD = int32("shard", Shard::number);
    public static final Column<Shard, Long> FIRST_INDEX = int64("first_index", s -> s.result().firstIndex());
    public static final Column<Shard, Long> CANDIDATES = int64("candidates", s -> s.result().candidates());
    public static final Column<Shard, Long> ACCEPTED = int64("accepted", s -> s.result().accepted());
    public static final Column<Shard, Long> SCORED = int64("scored", s -> s.result().scored());
    public static final Column<Shard, Double> SECONDS = float64("seconds", s -> s.result().seconds());

    public static final TableSchema<Shard> TABLE = TableSchema.of(Tables.SHARDS,
            List.of(SHARD, FIRST_INDEX, CANDIDATES, ACCEPTED, SCORED, SECONDS))
            .afterCellColumns();

    private ShardsTable() {
    }
}
