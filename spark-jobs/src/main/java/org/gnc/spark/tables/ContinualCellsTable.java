package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int32OrNull;

import java.util.List;
import org.gnc.continual.Summaries;

/**
 * The continual_cells table of {@code gnc continual}: after the {@link ContinualColumns}, one row per
 * ordering: the number of tasks, their dimension, the steps, the seeds, how many runs were feasible at the
 * end, the quantiles over seeds of the final forgetting, distance to the optimum and norm and of the
 * optimum's norm, and the seconds of the ordering's runs.
 */
public final class ContinualCellsTable {
    /** The summary of one ordering over seeds, of {@code tasks} tasks of dimension {@code dim}. */
    public record Cell(ContinualColumns.Head head, int tasks, Integer dim, Summaries.Cell summary, double seconds) {
    }

    public static final Column<Cell, Integer> TASKS = int32("tasks", Cell::tasks);
    public static final Column<Cell, Integer> DIM = int32OrNull("dim", Cell::dim);
    public static final Column<Cell, Integer> STEPS = int32("steps", c -> c.summary().steps());
    public static final Column<Cell, Integer> SEEDS = int32("seeds", c -> c.summary().runs());
    public static final Column<Cell, Integer> RUNS_FEASIBLE_AT_END = int32("runs_feasible_at_end",
            c -> c.summary().runsFeasibleAtEnd());
    public static final QuantileColumns<Cell> FINAL_FORGETTING = QuantileColumns.of("final_forgetting",
            c -> c.summary().finalForgetting());
    public static final QuantileColumns<Cell> FINAL_DISTANCE_TO_OPTIMUM = QuantileColumns.of(
            "final_distance_to_optimum", c -> c.summary().finalDistanceToOptimum());
    public static final QuantileColumns<Cell> FINAL_NORM = QuantileColumns.of("final_norm",
            c -> c.summary().finalNorm());
    public static final QuantileColumns<Cell> OPTIMUM_NORM = QuantileColumns.of("optimum_norm",
            c -> c.summary().optimumNorm());
    public static final Column<Cell, Double> SECONDS = float64("seconds", Cell::seconds);

    public static final TableSchema<Cell> TABLE = TableSchema.of(Tables.CONTINUAL_CELLS,
            ContinualColumns.head(Cell::head), List.of(TASKS, DIM, STEPS, SEEDS, RUNS_FEASIBLE_AT_END),
            FINAL_FORGETTING.all(), FINAL_DISTANCE_TO_OPTIMUM.all(), FINAL_NORM.all(), OPTIMUM_NORM.all(),
            List.of(SECONDS));

    private ContinualCellsTable() {
    }
}
