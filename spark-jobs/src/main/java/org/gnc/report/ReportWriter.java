package org.gnc.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;

/**
 * Writes report charts as PNG files and as one self-contained HTML page (charts embedded as PNG, each
 * with its note, if any, under it; the image's data-series attribute names the series of its legend).
 */
public final class ReportWriter {
    /** A note's line that starts with this is an alarm, shown in bold {@link #ALARM_COLOR}. */
    public static final String ALARM = "ALARM";
    /** The colour of alarms, in notes and on charts. */
    public static final Color ALARM_COLOR = new Color(0xD6, 0x27, 0x28);

    private ReportWriter() {
    }

    /** Writes each chart to {@code dir/NAME.png}; returns the files. */
    public static List<Path> png(List<ReportCharts.Named> charts, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (ReportCharts.Named c : charts) {
            Path file = dir.resolve(c.name() + ".png");
            Files.write(file, BitmapEncoder.getBitmapBytes(c.chart(), BitmapFormat.PNG));
            files.add(file);
        }
        return files;
    }

    /** Writes one HTML page with a table of the cells and every chart. */
    public static void html(List<ReportCharts.Named> charts, List<CellPoint> cells, String title, Path file)
            throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}img{display:block;margin:1em 0}"
                        + "</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
        if (!cells.isEmpty()) {
            h.append("<table><tr><th>cell</th><th>method</th><th>n</th><th>widths</th><th>prior</th><th>attempts</th>"
                    + "<th>accepted</th><th>acceptance</th><th>95% CI</th><th>test error</th><th>PAC-Bayes bound</th></tr>\n");
            for (CellPoint c : cells) {
                h.append("<tr><td>").append(c.cellId()).append("</td><td>").append(c.method()).append("</td><td>")
                        .append(c.nTrain()).append("</td><td>").append(escape(c.widths())).append("</td><td>")
                        .append(escape(c.prior())).append("</td><td>").append(c.attempts()).append("</td><td>")
                        .append(c.accepted()).append("</td><td>").append(fmt(c.rate())).append("</td><td>[")
                        .append(fmt(c.ciLow())).append(", ").append(fmt(c.ciHigh())).append("]</td><td>")
                        .append(fmt(c.errorMean())).append(Double.isNaN(c.errorSe()) || c.errorSe() == 0 ? ""
                                : " &plusmn; " + fmt(1.96 * c.errorSe())).append("</td><td>").append(fmt(c.pacBayesBound()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        for (ReportCharts.Named c : charts) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(BitmapEncoder.getBitmapBytes(c.chart(), BitmapFormat.PNG));
            h.append("<h2 id=\"").append(c.name()).append("\">").append(escape(c.chart().getTitle())).append("</h2>\n")
                    .append("<img alt=\"").append(escape(c.chart().getTitle())).append("\" data-series=\"")
                    .append(escape(String.join("|", legend(c.chart())))).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\">\n");
            if (!c.note().isEmpty()) {
                h.append("<p class=\"note\" id=\"").append(c.name()).append("-note\">")
                        .append(String.join("<br>\n", c.note().lines().map(ReportWriter::noteLine).toList()))
                        .append("</p>\n");
            }
        }
        h.append("</body></html>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static String noteLine(String line) {
        return line.startsWith(ALARM) ? String.format(Locale.ROOT, "<strong style=\"color:#%06x\">",
                ALARM_COLOR.getRGB() & 0xFFFFFF) + escape(line) + "</strong>" : escape(line);
    }

    /** The names of the series a chart shows in its legend, in order. */
    private static List<String> legend(Chart<?, ?> chart) {
        return chart.getSeriesMap().values().stream().filter(Series::isShowInLegend).map(Series::getName).toList();
    }

    /** A number as tables and notes show it: 4 significant digits, "-" for NaN. */
    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
