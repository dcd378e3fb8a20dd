package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64Array;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64;

import java.util.List;
import org.gnc.continual.StepRecord;

/**
 * The steps table of {@code gnc continual}: after the {@link ContinualColumns}, one row per seed, ordering
 * and step of sequential max-margin ({@link StepRecord}); NaN training errors of unseen tasks are null.
 */
public final class StepsTable {
    /** One step of the run of seed {@code seed}. */
    public record Step(ContinualColumns.Head head, int seed, StepRecord record) {
    }

    public static final Column<Step, Integer> SEED = int32("seed", Step::seed);
    public static final Column<Step, Integer> STEP = int32("step", s -> s.record().step());
    public static final Column<Step, Integer> TASK = int32("task", s -> s.record().task());
    public static final Column<Step, Double> FORGETTING = float64("forgetting", s -> s.record().forgetting());
    public static final Column<Step, Double> MAX_VIOLATION_SEEN = float64("max_violation_seen",
            s -> s.record().maxViolationSeen());
    public static final Column<Step, List<Double>> TRAIN_ERRORS = float64Array("train_errors",
            s -> s.record().trainErrors());
    public static final Column<Step, Double> MEAN_SEEN_TRAIN_ERROR = float64("mean_seen_train_error",
            s -> s.record().meanSeenTrainError());
    public static final Column<Step, Double> DISTANCE_TO_OPTIMUM = float64("distance_to_optimum",
            s -> s.record().distanceToOptimum());
    public static final Column<Step, Double> NORM = float64("norm", s -> s.record().norm());
    public static final Column<Step, Long> PROJECTION_SWEEPS = int64("projection_sweeps", s -> s.record().sweeps());

    public static final TableSchema<Step> TABLE = TableSchema.of(Tables.STEPS, ContinualColumns.head(Step::head),
            List.of(SEED, STEP, TASK, FORGETTING, MAX_VIOLATION_SEEN, TRAIN_ERRORS, MEAN_SEEN_TRAIN_ERROR,
                    DISTANCE_TO_OPTIMUM, NORM, PROJECTION_SWEEPS));

    private StepsTable() {
    }
}
