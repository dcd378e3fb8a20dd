package org.gnc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.gnc.cli.Gnc;
import org.gnc.spark.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ReportTest {
    @TempDir
    static Path dir;
    static Path out;

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
