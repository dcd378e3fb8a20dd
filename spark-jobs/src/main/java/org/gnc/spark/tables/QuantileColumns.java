package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64OrNull;

import java.util.List;
import java.util.function.Function;
import org.gnc.stats.SampleQuantiles;

/**
 * The six columns of one metric summarized over seeds ({@link SampleQuantiles}): METRIC_mean, METRIC_q05,
 * METRIC_q25, METRIC_q50, METRIC_q75 and METRIC_q95, doubles with NaN written as null. Immutable.
 *
 * @param <T> what a row is laid out from
 */
public record QuantileColumns<T>(Column<T, Double> mean, Column<T, Double> q05, Column<T, Double> q25,
                                 Column<T, Double> q50, Column<T, Double> q75, Column<T, Double> q95) {

    /** The columns of {@code metric}, whose summary {@code quantiles} takes from a row's value. */
    public static <T> QuantileColumns<T> of(String metric, Function<? super T, SampleQuantiles> quantiles) {
        return new QuantileColumns<>(
                float64OrNull(metric + "_mean", t -> quantiles.apply(t).mean()),
                float64OrNull(metric + "_q05", t -> quantiles.apply(t).q05()),
                float64OrNull(metric + "_q25", t -> quantiles.apply(t).q25()),
                float64OrNull(metric + "_q50", t -> quantiles.apply(t).q50()),
                float64OrNull(metric + "_q75", t -> quantiles.apply(t).q75()),
                float64OrNull(metric + "_q95", t -> quantiles.apply(t).q95()));
    }

    /** The six columns in table order. */
    public List<Column<T, Double>> all() {
        return List.of(mean, q05, q25, q50, q75, q95);
    }
}
