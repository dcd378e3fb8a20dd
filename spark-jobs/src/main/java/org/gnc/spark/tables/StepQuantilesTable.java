package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.int32;

import java.util.List;
import org.gnc.continual.Summaries;

/**
 * The step_quantiles table of {@code gnc continual}: after the {@link ContinualColumns}, one row per
 * ordering and step: the step, the number of seeds, and the mean and 5/25/50/75/95% quantiles over seeds
 * of forgetting, distance to the optimum, norm and mean seen training error (the bands of a
 * forgetting-vs-step chart).
 */
public final class StepQuantilesTable {
    /** The bands of one step of one ordering. */
    public record Band(ContinualColumns.Head head, Summaries.StepBand band) {
    }

    public static final Column<Band, Integer> STEP = int32("step", b -> b.band().step());
    public static final Column<Band, Integer> SEEDS = int32("seeds", b -> b.band().forgetting().n());
    public static final QuantileColumns<Band> FORGETTING = QuantileColumns.of("forgetting",
            b -> b.band().forgetting());
    public static final QuantileColumns<Band> DISTANCE_TO_OPTIMUM = QuantileColumns.of("distance_to_optimum",
            b -> b.band().distanceToOptimum());
    public static final QuantileColumns<Band> NORM = QuantileColumns.of("norm", b -> b.band().norm());
    public static final QuantileColumns<Band> MEAN_SEEN_TRAIN_ERROR = QuantileColumns.of("mean_seen_train_error",
            b -> b.band().meanSeenTrainError());

    public static final TableSchema<Band> TABLE = TableSchema.of(Tables.STEP_QUANTILES,
            ContinualColumns.head(Band::head), List.of(STEP, SEEDS), FORGETTING.all(), DISTANCE_TO_OPTIMUM.all(),
            NORM.all(), MEAN_SEEN_TRAIN_ERROR.all());

    private StepQuantilesTable() {
    }
}
