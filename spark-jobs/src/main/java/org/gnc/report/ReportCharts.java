package org.gnc.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
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
 *   <li>G&amp;C against SGD: mean test error against n for both methods, when SGD cells are present;</li>
 *   <li>for sequential Monte Carlo cells, ln p-hat and the test error against n from their checkpoints
 *       ({@link SmcCharts}).</li>
 * </ul>
 */
public final class ReportCharts {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    private ReportCharts() {
    }

    /**
     * A named chart: {@code name} is its file name without extension; {@code note} is text to show under
     * it (lines separated by '\n'; empty for none).
     */
    public record Named(String name, Chart<?, ?> chart, String note) {
        /** A chart without a note. */
        public Named(String name, Chart<?, ?> chart) {
            this(name, chart, "");
        }
    }

    /** Every chart of the report of {@code cells}, in order (without SMC curves). */
    public static List<Named> all(List<CellPoint> cells) {
        return all(cells, List.of());
    }

    /**
     * Every chart of the report, in order: the summary charts of {@code cells}, the SMC charts of
     * {@code curves} ({@link SmcCharts#all}; none without SMC checkpoints), then the histograms.
     */
    public static List<Named> all(List<CellPoint> cells, List<CurvePoint> curves) {
        List<Named> out = new ArrayList<>();
        out.add(new Named("test-error-vs-n", errorVsN(cells, "Test error of random interpolators against n")));
        out.add(new Named("acceptance-vs-n", acceptanceVsN(cells)));
        if (hasMethod(cells, CellsTable.SGD) && (hasMethod(cells, CellsTable.SAMPLED)
                || hasMethod(cells, CellsTable.EXACT))) {
            out.add(new Named("gnc-vs-sgd", errorVsN(cells, "Guess & Check against SGD: test error against n")));
        }
        out.addAll(SmcCharts.all(curves));
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
        return grouped(cells.stream().filter(keep).toList(),
                c -> seriesName(nameMethod ? c.method() : null, c.widths(), c.prior(), namePrior),
                CellPoint::nTrain, ReportCharts::average);
    }

    /**
     * {@code points} grouped into series by {@code name}, one point per n: the points of one series at one n
     * are combined by {@code average} (applied to groups of two or more). Keys in natural order, points by n.
     */
    static <P> Map<String, List<P>> grouped(List<P> points, Function<P, String> name, ToIntFunction<P> n,
                                            Function<List<P>, P> average) {
        Map<String, TreeMap<Integer, List<P>>> groups = new TreeMap<>(ReportCharts::naturalOrder);
        for (P p : points) {
            groups.computeIfAbsent(name.apply(p), k -> new TreeMap<>())
                    .computeIfAbsent(n.applyAsInt(p), k -> new ArrayList<>()).add(p);
        }
        Map<String, List<P>> out = new TreeMap<>(ReportCharts::naturalOrder);
        groups.forEach((key, byN) -> out.put(key, byN.values().stream()
                .map(same -> same.size() == 1 ? same.get(0) : average.apply(same)).toList()));
        return out;
    }

    /**
     * The name of a series: the method's label (none for a null {@code method}), the width label, and the
     * prior when {@code namePrior}, e.g. "G&amp;C, width 8".
     */
    static String seriesName(String method, String widths, String prior, boolean namePrior) {
        return (method == null ? "" : label(method) + ", ") + CellPoint.widthLabel(widths)
                + (namePrior ? ", " + prior : "");
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
        CellPoint f = same.get(0);
        double se = meanSe(same.stream().mapToDouble(CellPoint::errorSe).toArray());
        return new CellPoint(f.cellId(), f.method(), f.nTrain(), f.widths(), f.prior(),
                same.stream().mapToLong(CellPoint::attempts).sum(), same.stream().mapToLong(CellPoint::accepted).sum(),
                same.stream().mapToDouble(CellPoint::rate).average().orElse(Double.NaN), Double.NaN, Double.NaN,
                same.stream().mapToDouble(CellPoint::errorMean).average().orElse(Double.NaN), se, f.histogram(),
                Math.log(same.stream().mapToDouble(c -> Math.exp(c.logPStar())).average().orElse(Double.NaN)),
                same.stream().mapToDouble(CellPoint::pacBayesBound).average().orElse(Double.NaN));
    }

    /**
     * The standard error of the mean of k independent estimates with standard errors {@code se}:
     * sqrt(sum se_i^2) / k, an unknown (NaN) se counting as 0.
     */
    static double meanSe(double[] se) {
        double sum = 0;
        for (double e : se) {
            sum += Double.isNaN(e) ? 0 : e * e;
        }
        return Math.sqrt(sum) / se.length;
    }

    /** How series name a method: "G&amp;C", "G&amp;C exact", "SGD", "SMC". */
    static String label(String method) {
        return switch (method) {
            case CellsTable.SAMPLED -> "G&C";
            case CellsTable.EXACT -> "G&C exact";
            case CellsTable.SGD -> "SGD";
            case CellsTable.SMC -> "SMC";
            default -> method;
        };
    }
}
