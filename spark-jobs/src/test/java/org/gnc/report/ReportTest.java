package org.gnc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.cli.Gnc;
import org.gnc.spark.GncApi;
import org.gnc.spark.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ReportTest {
    @TempDir
    static Path dir;
    static Path out;
    /** A run of rejection and SMC cells, both ways at each grid point, with checkpoints 2, 4 and 5. */
    static Path smcOut;

    private static int gnc(ByteArrayOutputStream err, String... args) {
        return Gnc.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @BeforeAll
    static void sweep() throws Exception {
        SparkTestSession.get();
        Path conf = SparkTestSession.writeConfig(dir, "report", "\"student.widths\" = [[2], [3]], \"data.train-size\" = [3, 5]",
                "target-accepted = 20, max-candidates = 1000000, max-seconds = 60");
        out = dir.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, gnc(err, "sweep", conf.toString(), "--out", out.toString(), "--no-progress"), err.toString());
        Path smcConf = SparkTestSession.writeConfig(dir, "report-smc",
                "\"student.widths\" = [[2], [3]], \"sampler.kind\" = [rejection, smc]",
                "target-accepted = 20, max-candidates = 1000000, max-seconds = 60");
        smcOut = dir.resolve("smc");
        GncApi.sweep(SparkTestSession.get(), smcConf.toString(), smcOut.toString(), "sampler.particles=40",
                "sampler.replicates=2", "sampler.checkpoints=[2, 4]");
    }

    @Test
    void writesAnHtmlPageAndOnePngPerChart() throws Exception {
        Path html = dir.resolve("r/report.html");
        Path pngs = dir.resolve("r/png");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, gnc(err, "report", out.toString(), "--html", html.toString(), "--png", pngs.toString()),
                err.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("data-series=\"width 2|width 3\""), "test error and acceptance series per width");
        assertEquals(2 + 4, page.split("<img ").length - 1, "two summary charts and four histograms");
        Set<String> files = Files.list(pngs).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertTrue(files.containsAll(Set.of("test-error-vs-n.png", "acceptance-vs-n.png")), files.toString());
        assertEquals(6, files.size(), files.toString());
        BufferedImage image = ImageIO.read(pngs.resolve("acceptance-vs-n.png").toFile());
        assertEquals(ReportCharts.WIDTH, image.getWidth());
        assertEquals(ReportCharts.HEIGHT, image.getHeight());
    }

    @Test
    void chartsHoldTheExpectedSeries() {
        List<CellPoint> cells = ReportData.load(SparkTestSession.get(), List.of(out.toString()));
        XYChart error = ReportCharts.errorVsN(cells, "t");
        assertEquals(Set.of("width 2", "width 3"), error.getSeriesMap().keySet());
        var w2 = error.getSeriesMap().get("width 2");
        assertArrayEquals(new double[] {3, 5}, w2.getXData(), 0);
        double mean3 = cells.stream().filter(c -> c.nTrain() == 3 && c.widths().equals("2")).findFirst().orElseThrow()
                .errorMean();
        assertEquals(mean3, w2.getYData()[0], 0);
        assertTrue(ReportCharts.acceptanceVsN(cells).getStyler().isYAxisLogarithmic());
    }

    @Test
    void sgdAndTheBoundAppearWhenPresent() {
        long[] hist = new long[20];
        hist[5] = 10;
        List<CellPoint> cells = List.of(
                new CellPoint("a", "sample", 4, "8", "levels[-1,0,1]", 1000, 10, 0.01, 0.005, 0.02, 0.3, 0.01, hist,
                        Math.log(1e-4), 0.6),
                new CellPoint("b", "sample", 8, "8", "levels[-1,0,1]", 1000, 10, 0.001, 0.0005, 0.002, 0.2, 0.01, hist,
                        Math.log(1e-5), 0.5),
                new CellPoint("c", "sgd", 4, "8", "gaussian[std=1]", 20, 18, 0.9, 0.7, 0.97, 0.25, 0.02, hist,
                        Double.NaN, Double.NaN),
                new CellPoint("d", "sgd", 8, "8", "gaussian[std=1]", 20, 20, 1, 0.8, 1, 0.15, 0.02, hist,
                        Double.NaN, Double.NaN));
        List<ReportCharts.Named> charts = ReportCharts.all(cells);
        assertEquals(List.of("test-error-vs-n", "acceptance-vs-n", "gnc-vs-sgd"),
                charts.stream().map(ReportCharts.Named::name).limit(3).toList());
        assertEquals(Set.of("G&C, width 8, levels[-1,0,1]", "SGD, width 8, gaussian[std=1]"),
                charts.get(2).chart().getSeriesMap().keySet());
        XYChart acceptance = ReportCharts.acceptanceVsN(cells);
        assertEquals(Set.of("width 8", "p* bound, width 8"), acceptance.getSeriesMap().keySet());
        assertArrayEquals(new double[] {1e-4, 1e-5}, acceptance.getSeriesMap().get("p* bound, width 8").getYData(), 1e-18);
    }

    @Test
    void continualFoldersGetForgettingBandsPerOrdering() throws Exception {
        Path folder = dir.resolve("continual");
        org.gnc.spark.GncApi.continual(SparkTestSession.get(), """
                continual { name = report-continual, seed = 2, seeds = 4, steps = 12, orderings = [cyclic, random] }
                tasks { kind = generated, count = 3, dim = 6, size = 5, input = subspace, subspace-dim = 3 }
                """, folder.toString());
        Path html = dir.resolve("continual-report.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, gnc(err, "report", folder.toString(), "--html", html.toString()), err.toString());
        String page = Files.readString(html);
        for (String id : List.of("forgetting-medians", "distance-to-optimum", "forgetting-cyclic", "forgetting-random")) {
            assertTrue(page.contains("<h2 id=\"" + id + "\">"), id);
        }
        List<StepBand> bands = ReportData.loadContinual(SparkTestSession.get(), List.of(folder.toString()));
        assertEquals(2 * 12, bands.size());
        XYChart cyclic = ContinualCharts.bands("cyclic", bands.stream().filter(b -> b.ordering().equals("cyclic"))
                .sorted(java.util.Comparator.comparingInt(StepBand::step)).toList());
        assertTrue(cyclic.getStyler().isYAxisLogarithmic());
        assertTrue(cyclic.getSeriesMap().containsKey("median"), cyclic.getSeriesMap().keySet().toString());
    }

    @Test
    void aRunWithSmcCellsGetsTheLogAcceptanceAndTestErrorCharts() throws Exception {
        Path html = dir.resolve("smc-report.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, gnc(err, "report", smcOut.toString(), "--html", html.toString()), err.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("<h2 id=\"" + SmcCharts.LOG_ACCEPTANCE + "\">"), "the ln p-hat chart");
        assertTrue(page.contains("<h2 id=\"" + SmcCharts.TEST_ERROR + "\">"), "the test error chart");
        assertTrue(page.contains("data-series=\"SMC, width 2|ln p*, width 2|SMC, width 3|ln p*, width 3|"
                + "G&amp;C, width 2|G&amp;C, width 3\""), "SMC, ln p* and G&C per width in the legend");
        assertTrue(page.contains("data-series=\"SMC, width 2|SMC, width 3|G&amp;C, width 2|G&amp;C, width 3\""),
                "SMC and G&C test error per width");
        assertTrue(page.contains("<p class=\"note\" id=\"" + SmcCharts.LOG_ACCEPTANCE + "-note\">"), page);
        assertFalse(page.contains(ReportWriter.ALARM), "no estimate of this run is below p*");
        assertEquals(2 + 2 + 4, page.split("<img ").length - 1, "two summary charts, two SMC charts, four histograms");
    }

    @Test
    void theSmcChartsDrawTheCheckpointsAndTheRejectionCellsOfTheSameSettings() {
        SparkSession spark = SparkTestSession.get();
        List<CurvePoint> curves = ReportData.loadCurves(spark, List.of(smcOut.toString(), out.toString()));
        assertEquals(2 * 3, curves.stream().filter(p -> p.method().equals("smc")).count(), "2 cells x checkpoints 2, 4, 5");
        List<CurvePoint> rejection = curves.stream().filter(p -> p.method().equals("sample")).toList();
        assertEquals(2, rejection.size(), "the rejection cells of the SMC run, not those of the other run: " + rejection);
        for (CurvePoint r : rejection) {
            assertEquals(5, r.n());
            assertTrue(curves.stream().anyMatch(p -> p.method().equals("smc") && p.widths().equals(r.widths())
                    && p.settings().equals(r.settings()) && !p.cellId().equals(r.cellId())), r.toString());
            assertFalse(curves.stream().anyMatch(p -> p.method().equals("smc") && !p.widths().equals(r.widths())
                    && p.settings().equals(r.settings())), r.toString());
        }

        List<Row> checkpoints = spark.read().parquet(smcOut.resolve("checkpoints").toString())
                .where("student_widths = '2'").orderBy("checkpoint").collectAsList();
        Row cell = spark.read().parquet(smcOut.resolve("cells").toString())
                .where("student_widths = '2' AND method = 'sample'").first();
        XYChart log = SmcCharts.logAcceptanceVsN(curves);
        var smc2 = log.getSeriesMap().get("SMC, width 2");
        assertArrayEquals(new double[] {2, 4, 5}, smc2.getXData(), 0);
        assertArrayEquals(checkpoints.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("log_acceptance"))).toArray(),
                smc2.getYData(), 0);
        var pStar = log.getSeriesMap().get("ln p*, width 2");
        assertArrayEquals(checkpoints.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("log_p_star"))).toArray(),
                pStar.getYData(), 0);
        var gc2 = log.getSeriesMap().get("G&C, width 2");
        assertEquals(1, gc2.getXData().length);
        assertEquals(5, gc2.getXData()[0], 0.1, "at its n_train, drawn a little to the right");
        assertTrue(gc2.getXData()[0] > 5);
        assertEquals((double) cell.getAs("log_acceptance"), gc2.getYData()[0], 0);
        var gcBar = log.getSeriesMap().get("95% interval, G&C, width 2");
        assertFalse(gcBar.isShowInLegend());
        assertArrayEquals(new double[] {cell.getAs("log_acceptance_ci_low"), cell.getAs("log_acceptance_ci_high")},
                gcBar.getYData(), 0);
        // Two replicates: an interval at each checkpoint, open below where its low end is 0 (null in the table).
        double[] bars = log.getSeriesMap().get("95% interval, SMC, width 2").getYData();
        for (int i = 0; i < checkpoints.size(); i++) {
            Row r = checkpoints.get(i);
            assertEquals((double) r.getAs("log_acceptance_ci_high"), bars[3 * i + 1], 0);
            Object low = r.getAs("log_acceptance_ci_low");
            assertEquals(low == null ? log.getStyler().getYAxisMin() : (double) low, bars[3 * i], 0);
        }

        XYChart error = SmcCharts.errorVsN(curves);
        assertEquals(Set.of("SMC, width 2", "SMC, width 3", "G&C, width 2", "G&C, width 3"), error.getSeriesMap().keySet());
        assertArrayEquals(checkpoints.stream().mapToDouble(r -> r.getDouble(r.fieldIndex("test_error_mean"))).toArray(),
                error.getSeriesMap().get("SMC, width 2").getYData(), 0);
        assertEquals((double) cell.getAs("test_error_mean"), error.getSeriesMap().get("G&C, width 2").getYData()[0], 0);
    }

    @Test
    void aRunWithoutSmcCellsHasNoSmcCharts() {
        List<CurvePoint> curves = ReportData.loadCurves(SparkTestSession.get(), List.of(out.toString()));
        assertTrue(curves.isEmpty(), curves.toString());
        List<CellPoint> cells = ReportData.load(SparkTestSession.get(), List.of(out.toString()));
        assertEquals(ReportCharts.all(cells).stream().map(ReportCharts.Named::name).toList(),
                ReportCharts.all(cells, curves).stream().map(ReportCharts.Named::name).toList());
        assertTrue(ReportCharts.all(cells).stream().noneMatch(c -> c.name().startsWith("smc-")));
        assertTrue(SmcCharts.all(List.of(new CurvePoint("g", "sample", "s", "8", "levels[-1,0,1]", 16, -10, -11, -9,
                false, -20, 0.2, 0.01))).isEmpty(), "rejection cells alone draw no SMC chart");
    }

    /**
     * Null figures do not break the charts, and the p* alarm is flagged: a point of one replicate (no
     * interval), one open below, one that died (no estimate), one below p*, and two cells at one n combined.
     */
    @Test
    void nullFiguresAreDrawnOrListedAndTheAlarmIsFlagged() throws Exception {
        double nan = Double.NaN;
        List<CurvePoint> points = List.of(
                new CurvePoint("a", "smc", "s", "8", "levels[-1,0,1]", 16, -10, nan, nan, false, -48.7, 0.3, nan),
                new CurvePoint("a", "smc", "s", "8", "levels[-1,0,1]", 32, -20, nan, -19, false, -48.7, 0.2, 0.01),
                new CurvePoint("a", "smc", "s", "8", "levels[-1,0,1]", 64, nan, nan, nan, true, -48.7, nan, nan),
                new CurvePoint("b", "smc", "t", "8", "levels[-1,0,1]", 128, -60, -62, -58, true, -48.7, 0.12, 0.01),
                new CurvePoint("c", "smc", "u", "8", "levels[-1,0,1]", 128, -40, -41, -39, false, -48.7, 0.02, 0.01),
                new CurvePoint("g", "sample", "s", "8", "levels[-1,0,1]", 16, -10.2, -10.5, -9.9, false, -48.7, 0.31,
                        0.02));
        List<ReportCharts.Named> charts = SmcCharts.all(points);
        assertEquals(List.of(SmcCharts.LOG_ACCEPTANCE, SmcCharts.TEST_ERROR),
                charts.stream().map(ReportCharts.Named::name).toList());
        XYChart log = (XYChart) charts.get(0).chart();
        var smc = log.getSeriesMap().get("SMC, width 8");
        assertArrayEquals(new double[] {16, 32, 128}, smc.getXData(), 0, "the point that died is left out");
        assertArrayEquals(new double[] {-10, -20, -50}, smc.getYData(), 1e-12, "cells b and c averaged at n = 128");
        double bottom = log.getStyler().getYAxisMin();
        assertTrue(bottom < -62, "below every figure: " + bottom);
        double[] bars = log.getSeriesMap().get("95% interval, SMC, width 8").getYData();
        double half = Math.sqrt(2 * 2 + 1 * 1) / 2;
        assertArrayEquals(new double[] {bottom, -19, nan, -50 - half, -50 + half}, bars, 1e-12,
                "no bar at n = 16 (no interval), open below at 32, combined at 128");
        assertArrayEquals(new double[] {-60}, log.getSeriesMap().get(SmcCharts.ALARM).getYData(), 0);
        String note = charts.get(0).note();
        assertTrue(note.contains("ALARM below p*: SMC, width 8, levels[-1,0,1], n = 128 (cell b): ln p-hat -60.00, "
                + "interval [-62.00, -58.00], ln p* -48.70"), note);
        assertTrue(note.contains("ALARM below p*: SMC, width 8, levels[-1,0,1], n = 64 (cell a): ln p-hat -inf, "
                + "interval none, ln p* -48.70"), note);
        assertTrue(note.contains("No estimate: SMC, width 8, levels[-1,0,1], n = 64 (cell a): no replicate reached n"),
                note);
        assertTrue(note.contains("drawn down to the bottom of the chart"), note);
        assertTrue(charts.get(1).note().contains("ALARM below p*"), "the test error chart lists the alarm too");
        XYChart error = (XYChart) charts.get(1).chart();
        assertArrayEquals(new double[] {0.3, 0.2, 0.07}, error.getSeriesMap().get("SMC, width 8").getYData(), 1e-12);
        assertArrayEquals(new double[] {0, 1.96 * 0.01, 1.96 * Math.sqrt(2e-4) / 2},
                error.getSeriesMap().get("SMC, width 8").getExtraValues(), 1e-12, "no bar without a standard error");

        Path html = dir.resolve("alarm/report.html");
        ReportWriter.html(charts, List.of(), "alarm", html);
        String page = Files.readString(html);
        assertTrue(page.contains("<strong style=\"color:#d62728\">ALARM below p*: SMC, width 8"), "shown in red");
        assertTrue(page.contains("data-series=\"SMC, width 8|ln p*, width 8|G&amp;C, width 8|below p* (alarm)\""),
                "the bars stay out of the legend");
    }

    @Test
    void seriesAreInNaturalOrder() {
        assertTrue(ReportCharts.naturalOrder("width 8", "width 32") < 0);
        assertTrue(ReportCharts.naturalOrder("G&C, width 16x16", "G&C, width 2") > 0);
        assertEquals(0, ReportCharts.naturalOrder("SGD, width 8", "SGD, width 8"));
    }

    @Test
    void aFolderWithoutGncTablesExits2() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, gnc(err, "report", empty.toString()));
        assertTrue(err.toString().contains("holds no gnc tables"), err.toString());
    }
}
