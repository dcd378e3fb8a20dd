package org.gnc.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gnc.spark.tables.CellsTable;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a report, drawn with XChart from the cells of one or more output folders:
 * <ul>
 *   <li>the test-error histogram of each cell (20 bins on [0, 1]);</li>
 *   <li>mean test error against the training-set size, one series per student width and method,
 *       with 95% interval bars (1.96 standard errors);</li>
 *   <li>the acceptance rate on a log scale against n, one series per width, with the p* lower bound
 *       (teacher-equivalent students) as its own series when the table has it;</li>
 *   <li>G&amp;C against SGD: mean test error against n for both methods, when SGD cells are present.</li>
 * </ul>
 */
public final class ReportCharts {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    private ReportCharts() {
    }

    /** A named chart: {@code name} is its file name without extension. */
    public record Named(String name, Chart<?, ?> chart) {
    }

    /** Every chart of the report, in order. */
    public static List<Named> all(List<CellPoint> cells) {
        List<Named> out = new ArrayList<>();
        out.add(new Named("test-error-vs-n", errorVsN(cells, "Test error of random interpolators against n")));
        out.add(new Named("acceptance-vs-n", acceptanceVsN(cells)));
        if (hasMethod(cells, CellsTable.SGD) && (hasMethod(cells, CellsTable.SAMPLED)
                || hasMethod(cells, CellsTable.EXACT))) {
            out.add(new Named("gnc-vs-sgd", errorVsN(cells, "Guess & Check against SGD: test error against n")));
        }
        List<CellPoint> sorted = new ArrayList<>(cells);
        sorted.sort(Comparator.comparing(CellPoint::method).thenComparingInt(CellPoint::nTrain)
                .thenComparing(CellPoint::widths).thenComparing(CellPoint::cellId));
        for (CellPoint c : sorted) {
            if (c.accepted() > 0) {
                out.add(new Named("histogram-" + c.method() + "-" + c.cellId(), histogram(c)));
            }
        }
        return out;
    }

    static boolean hasMethod(List<CellPoint> cells, String method) {
        return cells.stream().anyMatch(c -> c.method().equals(method));
    }

    /** Mean test error (with 1.96 SE bars) against n; one series per method and width. */
    public static XYChart errorVsN(List<CellPoint> cells, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("training points n").yAxisTitle("test error").build();
        boolean manyMethods = cells.stream().map(CellPoint::method).distinct().count() > 1;
        for (Map.Entry<String, List<CellPoint>> e : series(cells, c -> !Double.isNaN(c.errorMean()), manyMethods)
                .entrySet()) {
            List<CellPoint> s = e.getValue();
            XYSeries xy = chart.addSeries(e.getKey(), s.stream().mapToDouble(CellPoint::nTrain).toArray(),
                    s.stream().mapToDouble(CellPoint::errorMean).toArray(),
                    s.stream().mapToDouble(c -> Double.isNaN(c.errorSe()) ? 0 : 1.96 * c.errorSe()).toArray());
            xy.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Acceptance rate against n on a log scale, one series per width, and p* where known. */
    public static XYChart acceptanceVsN(List<CellPoint> cells) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Acceptance rate (prior mass of interpolators) against n")
                .xAxisTitle("training points n").yAxisTitle("acceptance rate (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        List<CellPoint> gc = cells.stream().filter(c -> !c.method().equals(CellsTable.SGD)).toList();
        boolean manyMethods = gc.stream().map(CellPoint::method).distinct().count() > 1;
        for (Map.Entry<String, List<CellPoint>> e : series(gc, c -> c.rate() > 0, manyMethods).entrySet()) {
            List<CellPoint> s = e.getValue();
            chart.addSeries(e.getKey(), s.stream().mapToDouble(CellPoint::nTrain).toArray(),
                    s.stream().mapToDouble(CellPoint::rate).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        for (Map.Entry<String, List<CellPoint>> e : series(gc, c -> !Double.isNaN(c.logPStar())
                && Double.isFinite(c.logPStar()), manyMethods).entrySet()) {
            List<CellPoint> s = e.getValue();
            chart.addSeries("p* bound, " + e.getKey(), s.stream().mapToDouble(CellPoint::nTrain).toArray(),
                    s.stream().mapToDouble(c -> Math.exp(c.logPStar())).toArray()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** The test-error histogram of one cell. */
    public static CategoryChart histogram(CellPoint cell) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Test error of accepted networks: " + cell.title())
                .xAxisTitle("test error").yAxisTitle("networks").build();
        chart.getStyler().setLegendVisible(false);
        int bins = cell.histogram().length;
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format(java.util.Locale.ROOT, "%.2f", (double) b / bins));
            counts.add(cell.histogram()[b]);
        }
        chart.addSeries(cell.cellId(), labels, counts);
        return chart;
    }

    /**
     * Cells grouped into series by width (and method, and prior when there are several), one point
     * per n: cells that differ only in other settings (data seeds, say) are averaged, their standard
     * errors combined as sqrt(sum se^2) / k. Keys sorted, points by n.
     */
    private static Map<String, List<CellPoint>> series(List<CellPoint> cells,
                                                       java.util.function.Predicate<CellPoint> keep,
                                                       boolean nameMethod) {
        boolean namePrior = cells.stream().map(CellPoint::prior).distinct().count() > 1;
        Map<String, TreeMap<Integer, List<CellPoint>>> groups = new TreeMap<>(ReportCharts::naturalOrder);
        for (CellPoint c : cells.stream().filter(keep).collect(Collectors.toList())) {
            String key = (nameMethod ? label(c.method()) + ", " : "") + c.widthLabel()
                    + (namePrior ? ", " + c.prior() : "");
            groups.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(c.nTrain(), n -> new ArrayList<>()).add(c);
        }
        Map<String, List<CellPoint>> out = new TreeMap<>(ReportCharts::naturalOrder);
        groups.forEach((key, byN) -> out.put(key, byN.values().stream().map(ReportCharts::average).toList()));
        return out;
    }

    /** Compares texts with numbers by value: "width 8" before "width 32". */
    static int naturalOrder(String a, String b) {
        java.util.regex.Matcher ma = NUMBER_OR_TEXT.matcher(a);
        java.util.regex.Matcher mb = NUMBER_OR_TEXT.matcher(b);
        while (ma.find() && mb.find()) {
            String x = ma.group();
            String y = mb.group();
            int c = Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
                    ? new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y)) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static final java.util.regex.Pattern NUMBER_OR_TEXT = java.util.regex.Pattern.compile("\\d+|\\D+");

    private static CellPoint average(List<CellPoint> same) {
        if (same.size() == 1) {
            return same.get(0);
        }
        int k = same.size();
        CellPoint f = same.get(0);
        double se = Math.sqrt(same.stream().mapToDouble(c -> Double.isNaN(c.errorSe()) ? 0 : c.errorSe() * c.errorSe())
                .sum()) / k;
        return new CellPoint(f.cellId(), f.method(), f.nTrain(), f.widths(), f.prior(),
                same.stream().mapToLong(CellPoint::attempts).sum(), same.stream().mapToLong(CellPoint::accepted).sum(),
                same.stream().mapToDouble(CellPoint::rate).average().orElse(Double.NaN), Double.NaN, Double.NaN,
                same.stream().mapToDouble(CellPoint::errorMean).average().orElse(Double.NaN), se, f.histogram(),
                Math.log(same.stream().mapToDouble(c -> Math.exp(c.logPStar())).average().orElse(Double.NaN)),
                same.stream().mapToDouble(CellPoint::pacBayesBound).average().orElse(Double.NaN));
    }

    private static String label(String method) {
        return switch (method) {
            case CellsTable.SAMPLED -> "G&C";
            case CellsTable.EXACT -> "G&C exact";
            case CellsTable.SGD -> "SGD";
            default -> method;
        };
    }
}
