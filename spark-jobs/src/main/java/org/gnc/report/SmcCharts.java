package org.gnc.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.gnc.spark.tables.CellsTable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of sequential Monte Carlo (SMC) cells, drawn from their learning curves ({@link CurvePoint}s:
 * the checkpoints table, and the Guess &amp; Check cells of the same run and settings):
 * <ul>
 *   <li>ln p-hat against n: per student width (and prior, when there are several), the SMC estimate at
 *       each checkpoint (circles on a line) with its 95% interval as a bar; the G&amp;C cells' ln of their
 *       rate (diamonds) with their Clopper-Pearson 95% bars; and ln p* (dashed), below which no estimate
 *       may lie, since p &gt;= p* always. The intervals are drawn as they are, in logs: uneven about the
 *       estimate, and open below where the low end is 0 (ln = -infinity), drawn down to the chart's
 *       bottom. A point without an interval (one replicate) has no bar.</li>
 *   <li>mean test error against n per width: the SMC checkpoints (the posterior's pooled particles) and
 *       the G&amp;C cells, with 95% bars (1.96 standard errors; none where there is no standard error).</li>
 * </ul>
 * One width's series share a colour. Points of one series at one n from several cells (cells that differ
 * in other settings, data seeds say) are combined like the report's other charts: ln p-hat, ln p* and the
 * test error by their mean, standard errors as sqrt(sum se_i^2) / k, and each side of the log interval
 * likewise from the k half-widths (open below if one is; no interval if one has none). Each chart's note
 * lists the points flagged below_p_star (the p* alarm: such an estimate is wrong), with a cross on the
 * ln p-hat chart, and the points without an estimate (no replicate reached n, no network accepted).
 */
public final class SmcCharts {
    /** The chart of ln p-hat against n. */
    public static final String LOG_ACCEPTANCE = "smc-log-acceptance-vs-n";
    /** The chart of mean test error against n. */
    public static final String TEST_ERROR = "smc-test-error-vs-n";
    /** The series of the points flagged below p*. */
    public static final String ALARM = "below p* (alarm)";

    private SmcCharts() {
    }

    /** The two charts with their notes; none when {@code points} hold no SMC checkpoint. */
    public static List<ReportCharts.Named> all(List<CurvePoint> points) {
        if (points.stream().noneMatch(p -> p.method().equals(CellsTable.SMC))) {
            return List.of();
        }
        List<String> flagged = flagged(points);
        List<String> logNote = new ArrayList<>(List.of("SMC: the estimate ln p-hat at each checkpoint with the "
                + "95% interval of its replicates (an estimate of their spread, not a certified bound); G&C: "
                + "the Guess & Check cells of the same settings, ln of their rate with its Clopper-Pearson 95% "
                + "interval, drawn a little right of their n; dashed: ln p*, a lower bound on ln p."));
        if (points.stream().anyMatch(p -> p.hasEstimate() && p.hasInterval() && Double.isNaN(p.logCiLow()))) {
            logNote.add("An interval whose low end is 0 (ln = -infinity) is drawn down to the bottom of the chart.");
        }
        logNote.addAll(flagged);
        List<String> errorNote = new ArrayList<>(List.of("Mean test error of the posterior at each n: SMC's pooled "
                + "particles at each checkpoint and the networks G&C accepted (drawn a little right of their n), "
                + "with 1.96 standard errors."));
        errorNote.addAll(flagged);
        return List.of(new ReportCharts.Named(LOG_ACCEPTANCE, logAcceptanceVsN(points), String.join("\n", logNote)),
                new ReportCharts.Named(TEST_ERROR, errorVsN(points), String.join("\n", errorNote)));
    }

    /** ln p-hat against n: SMC checkpoints, G&amp;C cells and ln p*, per width. */
    public static XYChart logAcceptanceVsN(List<CurvePoint> points) {
        XYChart chart = chart("ln p-hat against n: SMC checkpoints, Guess & Check cells and ln p*",
                "ln p (natural log of the acceptance)");
        List<CurvePoint> drawn = points.stream().filter(CurvePoint::hasEstimate).toList();
        Map<String, Color> colors = colors(chart, points);
        double bottom = bottom(drawn);
        if (!Double.isNaN(bottom)) {
            chart.getStyler().setYAxisMin(bottom);
        }
        boolean namePrior = namePrior(points);
        for (String method : List.of(CellsTable.SMC, CellsTable.SAMPLED)) {
            boolean smc = method.equals(CellsTable.SMC);
            double shift = shift(points, method);
            series(drawn, method, namePrior).forEach((name, s) -> {
                Color color = colors.get(colorKey(s.get(0), namePrior));
                styled(chart.addSeries(name, xs(s, shift), ys(s, CurvePoint::logAcceptance)), color, smc);
                intervals(chart, "95% interval, " + name, s.stream().filter(CurvePoint::hasInterval).toList(),
                        shift, bottom, color);
                List<CurvePoint> withPStar = s.stream().filter(p -> Double.isFinite(p.logPStar())).toList();
                if (smc && !withPStar.isEmpty()) {
                    XYSeries line = chart.addSeries("ln p*, " + colorKey(s.get(0), namePrior), xs(withPStar, 0),
                            ys(withPStar, CurvePoint::logPStar));
                    line.setMarker(SeriesMarkers.NONE);
                    line.setLineStyle(SeriesLines.DASH_DASH);
                    line.setLineColor(color);
                }
            });
        }
        List<CurvePoint> alarms = points.stream().filter(p -> p.belowPStar() && Double.isFinite(alarmY(p))).toList();
        if (!alarms.isEmpty()) {
            XYSeries cross = chart.addSeries(ALARM, alarms.stream()
                    .mapToDouble(p -> p.n() + shift(points, p.method())).toArray(), ys(alarms, SmcCharts::alarmY));
            cross.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            cross.setMarker(SeriesMarkers.CROSS);
            cross.setMarkerColor(ReportWriter.ALARM_COLOR);
        }
        return chart;
    }

    /** Mean test error against n, SMC checkpoints and G&amp;C cells, per width, with 1.96 SE bars. */
    public static XYChart errorVsN(List<CurvePoint> points) {
        XYChart chart = chart("Test error against n: SMC checkpoints and Guess & Check cells", "test error");
        List<CurvePoint> drawn = points.stream().filter(p -> !Double.isNaN(p.errorMean())).toList();
        Map<String, Color> colors = colors(chart, points);
        boolean namePrior = namePrior(points);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        for (String method : List.of(CellsTable.SMC, CellsTable.SAMPLED)) {
            double shift = shift(points, method);
            series(drawn, method, namePrior).forEach((name, s) -> styled(chart.addSeries(name, xs(s, shift),
                    ys(s, CurvePoint::errorMean), ys(s, p -> Double.isNaN(p.errorSe()) ? 0 : 1.96 * p.errorSe())),
                    colors.get(colorKey(s.get(0), namePrior)), method.equals(CellsTable.SMC)));
        }
        return chart;
    }

    /**
     * The notes' lines on flagged points and points without an estimate, in order of method, width and n:
     * "ALARM below p*: SMC, width 8, ..., n = 256 (cell ...): ln p-hat -74.5, interval [-76.1, -73.9], ln p* -48.7".
     */
    static List<String> flagged(List<CurvePoint> points) {
        List<CurvePoint> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparing(CurvePoint::method).thenComparing(CurvePoint::widths,
                ReportCharts::naturalOrder).thenComparing(CurvePoint::prior).thenComparingInt(CurvePoint::n)
                .thenComparing(CurvePoint::cellId));
        List<String> lines = new ArrayList<>();
        for (CurvePoint p : sorted) {
            if (p.belowPStar()) {
                String interval = !p.hasInterval() ? "none" : "[" + (Double.isNaN(p.logCiLow()) ? "-inf"
                        : ReportWriter.fmt(p.logCiLow())) + ", " + ReportWriter.fmt(p.logCiHigh()) + "]";
                lines.add(ReportWriter.ALARM + " below p*: " + p.describe() + ": ln p-hat "
                        + (p.hasEstimate() ? ReportWriter.fmt(p.logAcceptance()) : "-inf") + ", interval " + interval
                        + ", ln p* " + ReportWriter.fmt(p.logPStar()) + " (p >= p* always holds, so this estimate is wrong)");
            }
        }
        for (CurvePoint p : sorted) {
            if (!p.hasEstimate()) {
                lines.add("No estimate: " + p.describe() + (p.method().equals(CellsTable.SMC)
                        ? ": no replicate reached n" : ": no network accepted"));
            }
        }
        return lines;
    }

    private static XYChart chart(String title, String yTitle) {
        return new XYChartBuilder().width(ReportCharts.WIDTH).height(ReportCharts.HEIGHT).title(title)
                .xAxisTitle("training points n").yAxisTitle(yTitle).build();
    }

    /** The points of one method grouped into series named "SMC, width 8" (see {@link ReportCharts#grouped}). */
    private static Map<String, List<CurvePoint>> series(List<CurvePoint> points, String method, boolean namePrior) {
        return ReportCharts.grouped(points.stream().filter(p -> p.method().equals(method)).toList(),
                p -> ReportCharts.seriesName(method, p.widths(), p.prior(), namePrior), CurvePoint::n,
                SmcCharts::average);
    }

    /** SMC as circles on a line, G&amp;C as diamonds alone, in the width's colour. */
    private static void styled(XYSeries s, Color color, boolean smc) {
        s.setMarker(smc ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        if (!smc) {
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        }
        s.setMarkerColor(color);
        s.setLineColor(color);
    }

    /**
     * The intervals of {@code points} as one series of vertical bars, out of the legend: (x, low) to
     * (x, high) for each, x = n + {@code shift}, an open low end at {@code bottom}, the bars separated by NaN
     * (a break in the line).
     */
    private static void intervals(XYChart chart, String name, List<CurvePoint> points, double shift, double bottom,
                                  Color color) {
        if (points.isEmpty()) {
            return;
        }
        double[] x = new double[3 * points.size() - 1];
        double[] y = new double[x.length];
        for (int i = 0; i < points.size(); i++) {
            CurvePoint p = points.get(i);
            x[3 * i] = p.n() + shift;
            x[3 * i + 1] = p.n() + shift;
            y[3 * i] = Double.isNaN(p.logCiLow()) ? bottom : p.logCiLow();
            y[3 * i + 1] = p.logCiHigh();
            if (3 * i + 2 < x.length) {
                x[3 * i + 2] = Double.NaN;
                y[3 * i + 2] = Double.NaN;
            }
        }
        XYSeries bars = chart.addSeries(name, x, y);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setLineColor(color);
        bars.setLineStyle(new BasicStroke(1.5f));
        bars.setShowInLegend(false);
    }

    /**
     * The bottom of the ln p-hat chart when an interval is open below: a tenth of the drawn range (at least
     * 1) under the lowest estimate, interval end or ln p*; NaN when no interval is open (the axis scales
     * itself).
     */
    private static double bottom(List<CurvePoint> drawn) {
        if (drawn.stream().noneMatch(p -> p.hasInterval() && Double.isNaN(p.logCiLow()))) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (CurvePoint p : drawn) {
            for (double v : new double[] {p.logAcceptance(), p.logCiLow(), p.logCiHigh(), p.logPStar()}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min - Math.max(1, (max - min) / 10);
    }

    /** Where a flagged point's cross goes: its estimate, or its interval's high end without one. */
    private static double alarmY(CurvePoint p) {
        return p.hasEstimate() ? p.logAcceptance() : p.logCiHigh();
    }

    /** One colour of the chart's theme per width (and prior), in natural order. */
    private static Map<String, Color> colors(XYChart chart, List<CurvePoint> points) {
        boolean namePrior = namePrior(points);
        TreeSet<String> keys = new TreeSet<>(ReportCharts::naturalOrder);
        points.forEach(p -> keys.add(colorKey(p, namePrior)));
        Color[] theme = chart.getStyler().getSeriesColors();
        Map<String, Color> colors = new LinkedHashMap<>();
        for (String key : keys) {
            colors.put(key, theme[colors.size() % theme.length]);
        }
        return colors;
    }

    /** The series name of a point without its method: "width 8" (and the prior where priors differ). */
    private static String colorKey(CurvePoint p, boolean namePrior) {
        return ReportCharts.seriesName(null, p.widths(), p.prior(), namePrior);
    }

    private static boolean namePrior(List<CurvePoint> points) {
        return points.stream().map(CurvePoint::prior).distinct().count() > 1;
    }

    /**
     * Points of one series at one n combined: the mean of ln p-hat, ln p* and the test error; the standard
     * error and each side of the interval from the k standard errors or half-widths as sqrt(sum h_i^2) / k;
     * the low side open if one is, no interval if one has none; flagged if one is.
     */
    private static CurvePoint average(List<CurvePoint> same) {
        CurvePoint f = same.get(0);
        double log = mean(same, CurvePoint::logAcceptance);
        boolean interval = same.stream().allMatch(CurvePoint::hasInterval);
        double high = interval ? log + ReportCharts.meanSe(same.stream()
                .mapToDouble(p -> p.logCiHigh() - p.logAcceptance()).toArray()) : Double.NaN;
        boolean closed = interval && same.stream().noneMatch(p -> Double.isNaN(p.logCiLow()));
        double low = closed ? log - ReportCharts.meanSe(same.stream()
                .mapToDouble(p -> p.logAcceptance() - p.logCiLow()).toArray()) : Double.NaN;
        return new CurvePoint(f.cellId(), f.method(), f.settings(), f.widths(), f.prior(), f.n(), log, low, high,
                same.stream().anyMatch(CurvePoint::belowPStar), mean(same, CurvePoint::logPStar),
                mean(same, CurvePoint::errorMean), ReportCharts.meanSe(same.stream()
                .mapToDouble(CurvePoint::errorSe).toArray()));
    }

    private static double mean(List<CurvePoint> points, ToDoubleFunction<CurvePoint> value) {
        return points.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static double[] xs(List<CurvePoint> points, double shift) {
        return points.stream().mapToDouble(p -> p.n() + shift).toArray();
    }

    /**
     * How far right of their n the G&amp;C points are drawn, so that they and their bars stand beside the SMC
     * checkpoint at the same n: 1.5% of the range of n (of n itself when there is one n).
     */
    private static double shift(List<CurvePoint> points, String method) {
        if (method.equals(CellsTable.SMC)) {
            return 0;
        }
        int min = points.stream().mapToInt(CurvePoint::n).min().orElse(0);
        int max = points.stream().mapToInt(CurvePoint::n).max().orElse(0);
        return 0.015 * (max > min ? max - min : max);
    }

    private static double[] ys(List<CurvePoint> points, ToDoubleFunction<CurvePoint> value) {
        return points.stream().mapToDouble(value).toArray();
    }
}
