package org.gnc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a continual-learning report: for each ordering, the forgetting against the step
 * with its quantile bands over seeds (5-95% and 25-75% as dashed and dotted lines around the median,
 * log scale); the median forgetting of all orderings together; and the median distance to w*.
 * Forgetting is often exactly 0 once the iterate is feasible for every task seen; such points cannot
 * sit on a log axis and are left out of the lines.
 */
public final class ContinualCharts {
    private ContinualCharts() {
    }

    /** Every chart, in order (none without bands). */
    public static List<ReportCharts.Named> all(List<StepBand> bands) {
        if (bands.isEmpty()) {
            return List.of();
        }
        Map<String, List<StepBand>> byOrdering = new TreeMap<>();
        for (StepBand b : bands) {
            byOrdering.computeIfAbsent(b.ordering(), k -> new ArrayList<>()).add(b);
        }
        byOrdering.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(StepBand::step)));
        List<ReportCharts.Named> out = new ArrayList<>();
        out.add(new ReportCharts.Named("forgetting-medians", medians(byOrdering, "Median forgetting against step",
                "forgetting (log scale)", StepBand::forgettingQ50, true)));
        out.add(new ReportCharts.Named("distance-to-optimum", medians(byOrdering,
                "Median distance ||w_k - w*|| against step", "distance to w*", StepBand::distanceQ50, false)));
        byOrdering.forEach((ordering, list) -> out.add(new ReportCharts.Named("forgetting-" + ordering,
                bands(ordering, list))));
        return out;
    }

    /** One ordering's forgetting with its quantile bands. */
    public static XYChart bands(String ordering, List<StepBand> steps) {
        XYChart chart = chart("Forgetting against step, ordering " + ordering + " (quantiles over seeds)",
                "forgetting (log scale)", true);
        add(chart, "q05", steps, StepBand::forgettingQ05, SeriesLines.DASH_DASH);
        add(chart, "q25", steps, StepBand::forgettingQ25, SeriesLines.DOT_DOT);
        add(chart, "median", steps, StepBand::forgettingQ50, SeriesLines.SOLID);
        add(chart, "q75", steps, StepBand::forgettingQ75, SeriesLines.DOT_DOT);
        add(chart, "q95", steps, StepBand::forgettingQ95, SeriesLines.DASH_DASH);
        return chart;
    }

    private static XYChart medians(Map<String, List<StepBand>> byOrdering, String title, String yTitle,
                                   ToDoubleFunction<StepBand> value, boolean log) {
        XYChart chart = chart(title, yTitle, log);
        byOrdering.forEach((ordering, list) -> add(chart, ordering, list, value, SeriesLines.SOLID));
        return chart;
    }

    private static XYChart chart(String title, String yTitle, boolean log) {
        XYChart chart = new XYChartBuilder().width(ReportCharts.WIDTH).height(ReportCharts.HEIGHT).title(title)
                .xAxisTitle("step").yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(log);
        return chart;
    }

    private static void add(XYChart chart, String name, List<StepBand> steps, ToDoubleFunction<StepBand> value,
                            java.awt.BasicStroke line) {
        boolean log = chart.getStyler().isYAxisLogarithmic();
        List<StepBand> kept = steps.stream().filter(b -> !log || value.applyAsDouble(b) > 0).toList();
        if (kept.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, kept.stream().mapToDouble(StepBand::step).toArray(),
                kept.stream().mapToDouble(value).toArray());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(line);
    }
}
