package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64Array;

import java.util.List;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.stats.AcceptanceEstimate;

/**
 * The checkpoints table of sequential Monte Carlo cells: after the {@link CellColumns}, one row per
 * (cell, checkpoint n) from the {@link CheckpointEstimate} of its replicates, so one run gives the whole
 * learning curve: the checkpoint n, the replicates, how many reached n, how many the time budget stopped
 * and how many died (no particle kept any weight), ln p-hat and its interval in
 * logs (the {@link CellsTable#LOG_ACCEPTANCE_COLUMNS}; null where -infinity or unknown), the spread of the
 * replicates that reached n, the p* alarm and ln p*, then the test error of the pooled final particles
 * in the columns of the cells table ({@link CellsTable#TEST_ERROR}).
 */
public final class CheckpointsTable {
    /**
     * The estimate at one checkpoint of a cell whose ln p* is {@code logPStar} (NaN when unknown), with
     * ln p-hat as the tables show it ({@link AcceptanceEstimate#ofLog}) and the p* alarm
     * ({@link CheckpointEstimate#belowPStar}): p(n) &gt;= p(cell's n) &gt;= p* at every checkpoint.
     */
    public record Checkpoint(CheckpointEstimate estimate, AcceptanceEstimate acceptance, boolean belowPStar,
                             double logPStar, long[] trainingPoints) {
        /** The row of {@code estimate} for a cell whose ln p* is {@code logPStar} (no training points listed). */
        public static Checkpoint of(CheckpointEstimate estimate, double logPStar) {
            return new Checkpoint(estimate, estimate.acceptance(), estimate.belowPStar(logPStar), logPStar, new long[0]);
        }

        /**
         * The row of {@code estimate}, listing the training points it constrains: the first n of the cell's
         * point order ({@link org.gnc.smc.SmcCellResult#pointOrder}).
         */
        public static Checkpoint of(CheckpointEstimate estimate, double logPStar, int[] pointOrder) {
            long[] points = new long[estimate.n()];
            for (int k = 0; k < points.length; k++) {
                points[k] = pointOrder[k];
            }
            return new Checkpoint(estimate, estimate.acceptance(), estimate.belowPStar(logPStar), logPStar, points);
        }
    }

    /** The indices in the cell's training set of the n points this checkpoint constrains, in the cell's point order. */
    public static final Column<Checkpoint, List<Long>> TRAINING_POINTS = int64Array("training_points",
            Checkpoint::trainingPoints);

    public static final Column<Checkpoint, Integer> CHECKPOINT = int32("checkpoint", c -> c.estimate().n());
    public static final Column<Checkpoint, Integer> REPLICATES = int32("replicates", c -> c.estimate().replicates());
    public static final Column<Checkpoint, Integer> REACHED = int32("reached", c -> c.estimate().reached());
    public static final Column<Checkpoint, Integer> REPLICATES_STOPPED = int32("replicates_stopped",
            c -> c.estimate().stopped());
    public static final Column<Checkpoint, Integer> REPLICATES_DEAD = int32("replicates_dead",
            c -> c.estimate().dead());
    public static final Column<Checkpoint, Double> LOG_SPREAD = float64OrNull("log_spread",
            c -> c.estimate().logSpread());
    public static final Column<Checkpoint, Boolean> BELOW_P_STAR = bool("below_p_star", Checkpoint::belowPStar);
    public static final Column<Checkpoint, Double> LOG_P_STAR = float64OrNull("log_p_star", Checkpoint::logPStar);

    public static final TableSchema<Checkpoint> TABLE = TableSchema.of(Tables.CHECKPOINTS,
            List.of(CHECKPOINT, REPLICATES, REACHED, REPLICATES_STOPPED, REPLICATES_DEAD),
            Column.allFrom(CellsTable.LOG_ACCEPTANCE_COLUMNS, Checkpoint::acceptance),
            List.of(LOG_SPREAD, BELOW_P_STAR, LOG_P_STAR),
            Column.allFrom(CellsTable.TEST_ERROR, c -> c.estimate().testError()), List.of(TRAINING_POINTS))
            .afterCellColumns();

    private CheckpointsTable() {
    }
}
