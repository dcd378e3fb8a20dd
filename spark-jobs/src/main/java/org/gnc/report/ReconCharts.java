package org.gnc.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gnc.recon.Similarity;
import org.knowm.xchart.AnnotationImage;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a reconstruction report: for each model, a grid of its training images (left) beside
 * their nearest candidates (right), sorted by SSIM, best first, each image with the training mean added
 * back and min-max scaled as SSIM sees it; and the SSIM of each training image's nearest candidate against
 * its margin y Phi(x), one series per model, with control (a).
 */
public final class ReconCharts {
    /** Pairs per row of the grid, and the most pairs drawn. */
    static final int PAIRS_PER_ROW = 8;
    static final int MAX_PAIRS = 64;
    /** About this many screen pixels a side for every image. */
    private static final int IMAGE_SIDE = 56;

    private ReconCharts() {
    }

    /** Every chart, in order (none without points). */
    public static List<ReportCharts.Named> all(List<ReconPoint> points) {
        if (points.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<ReconPoint>> byModel = new TreeMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p));
        List<ReportCharts.Named> out = new ArrayList<>();
        out.add(new ReportCharts.Named("recon-ssim-margin", ssimAgainstMargin(byModel)));
        byModel.forEach((model, list) -> out.add(new ReportCharts.Named("recon-grid-" + model, grid(list),
                "left: training image, right: its nearest candidate; sorted by SSIM, best first")));
        return out;
    }

    static XYChart ssimAgainstMargin(Map<Integer, List<ReconPoint>> byModel) {
        XYChart chart = new XYChartBuilder().width(ReportCharts.WIDTH).height(ReportCharts.HEIGHT)
                .title("SSIM of the nearest candidate against the margin y Phi(x)").xAxisTitle("margin y Phi(x)")
                .yAxisTitle("SSIM").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        byModel.forEach((model, list) -> {
            List<ReconPoint> kept = list.stream().filter(p -> Double.isFinite(p.ssim())).toList();
            if (!kept.isEmpty()) {
                chart.addSeries("weight decay " + list.get(0).weightDecay(),
                        kept.stream().mapToDouble(ReconPoint::margin).toArray(),
                        kept.stream().mapToDouble(ReconPoint::ssim).toArray());
            }
        });
        List<ReconPoint> first = byModel.values().iterator().next();
        XYSeries control = chart.addSeries("control (a): best natural image",
                first.stream().mapToDouble(ReconPoint::margin).toArray(),
                first.stream().mapToDouble(ReconPoint::control).toArray());
        control.setMarker(SeriesMarkers.CROSS);
        return chart;
    }

    /** The picture grid of one model's training images and their candidates. */
    static XYChart grid(List<ReconPoint> points) {
        List<ReconPoint> sorted = points.stream()
                .sorted(Comparator.comparingDouble((ReconPoint p) -> Double.isFinite(p.ssim()) ? -p.ssim() : 2))
                .limit(MAX_PAIRS).toList();
        int rows = sorted.get(0).rows();
        int cols = sorted.get(0).cols();
        int scale = Math.max(1, IMAGE_SIDE / Math.max(rows, cols));
        int cell = cols * scale;
        int gap = 4;
        int gridRows = (sorted.size() + PAIRS_PER_ROW - 1) / PAIRS_PER_ROW;
        BufferedImage image = new BufferedImage(PAIRS_PER_ROW * (2 * cell + 3 * gap), gridRows * (rows * scale + gap),
                BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                image.setRGB(x, y, Color.WHITE.getRGB());
            }
        }
        for (int i = 0; i < sorted.size(); i++) {
            ReconPoint p = sorted.get(i);
            int x0 = (i % PAIRS_PER_ROW) * (2 * cell + 3 * gap);
            int y0 = (i / PAIRS_PER_ROW) * (rows * scale + gap);
            paint(image, Similarity.unitScaled(p.pixels(), 0, rows * cols, p.mean()), rows, cols, scale, x0, y0);
            if (p.candidate().length > 0) {
                paint(image, Similarity.unitScaled(p.candidate(), 0, rows * cols, p.mean()), rows, cols, scale,
                        x0 + cell + gap, y0);
            }
        }
        XYChart chart = new XYChartBuilder().width(Math.max(ReportCharts.WIDTH, image.getWidth() + 160))
                .height(image.getHeight() + 160).title("Training images and their nearest candidates, weight decay "
                        + points.get(0).weightDecay()).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotBorderVisible(false);
        XYSeries anchor = chart.addSeries("frame", new double[] {0, 1}, new double[] {0, 1});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineColor(new Color(0, 0, 0, 0));
        // in data space (XChart 3.8's screen-space placement offsets y by the image's width): centred on the frame
        chart.addAnnotation(new AnnotationImage(image, 0.5, 0.5, false));
        return chart;
    }

    private static void paint(BufferedImage image, double[] unit, int rows, int cols, int scale, int x0, int y0) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int g = (int) Math.round(255 * Math.max(0, Math.min(1, unit[r * cols + c])));
                int rgb = new Color(g, g, g).getRGB();
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
                    }
                }
            }
        }
    }
}
