package org.gnc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gnc.report.CellPoint;
import org.gnc.report.ContinualCharts;
import org.gnc.report.ReconCharts;
import org.gnc.report.ReportCharts;
import org.gnc.report.ReportData;
import org.gnc.report.ReportWriter;
import org.gnc.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** gnc report: plots of an output folder, without a notebook. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Draw the plots of one or more output folders: the test-error histogram of each cell, test "
                + "error against n per student width (95%% bars), the acceptance rate on a log scale against n (with "
                + "the p* bound when present), and G&C against SGD when SGD cells are present (pass the baseline's "
                + "folder with --with); for sequential Monte Carlo cells, ln p-hat against n from their checkpoints "
                + "(with the G&C cells of the same settings and ln p*) and test error against n, listing any estimate "
                + "below p*; for continual-learning folders, forgetting against step for each ordering "
                + "with quantile bands over seeds, and the distance to w*; for reconstructions, a grid of training "
                + "images beside their nearest candidates sorted by SSIM, and SSIM against the margin.",
            "Writes one HTML page (default DIR/report.html) and, with --png, one PNG per chart."})
public final class ReportCommand extends SparkCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "An output folder of gnc sweep, enumerate or baseline.")
    String dir;

    @Option(names = "--with", paramLabel = "DIR", description = "Another output folder to draw beside DIR "
            + "(e.g. the SGD baseline's or the enumerator's). Repeatable.")
    List<String> others = new ArrayList<>();

    @Option(names = "--html", paramLabel = "OUT.html", description = "Where to write the HTML page.")
    Path html;

    @Option(names = "--png", paramLabel = "DIR", description = "A folder to write one PNG per chart into.")
    Path png;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> folders = new ArrayList<>(List.of(dir));
        folders.addAll(others);
        try (Sessions session = Sessions.start("gnc report", run.master == null ? "local[1]" : run.master,
                run.logLevel)) {
            ReportData.check(session.spark(), folders);
            List<CellPoint> cells = ReportData.load(session.spark(), folders);
            List<ReportCharts.Named> charts = new ArrayList<>(cells.isEmpty() ? List.of()
                    : ReportCharts.all(cells, ReportData.loadCurves(session.spark(), folders)));
            charts.addAll(ContinualCharts.all(ReportData.loadContinual(session.spark(), folders)));
            charts.addAll(ReconCharts.all(ReportData.loadRecon(session.spark(), folders)));
            Path page = html != null ? html : (png == null ? Path.of(dir, "report.html") : null);
            if (page != null) {
                ReportWriter.html(charts, cells, "gnc report: " + String.join(", ", folders), page);
                out().println("report: " + page.toAbsolutePath());
            }
            if (png != null) {
                List<Path> files = ReportWriter.png(charts, png);
                out().println(files.size() + " charts: " + png.toAbsolutePath() + "/*.png");
            }
            return 0;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
