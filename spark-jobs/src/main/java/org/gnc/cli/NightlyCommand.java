package org.gnc.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.NightlyJob;
import org.gnc.spark.FolderLock;
import org.gnc.spark.Sessions;
import org.gnc.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** gnc nightly: one night of a scheduled sweep, compared with the night before. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = {"Run tonight's sweep into ROOT/date=YYYY-MM-DD (ROOT from --out, default out/nightly/<sweep>), "
                + "resuming an interrupted night without recomputing finished cells, append its cells to ROOT/history, "
                + "and flag every cell whose acceptance rate or mean test error moved outside its interval since the "
                + "previous night.",
            "Exit codes: 0 nothing moved; 4 some cell moved (one summary line, then one line per cell); 3 another "
                + "process holds the lock of ROOT (nothing is changed); 2 bad input; 1 any other failure."})
public final class NightlyCommand extends SparkCommand implements Callable<Integer> {
    /** Exit code when a cell moved beyond its interval. */
    public static final int MOVED = 4;
    /** Exit code when another process holds the lock. */
    public static final int LOCKED = Gnc.LOCKED;

    @picocli.CommandLine.Mixin
    ConfigInput input;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The night (default: today).")
    String date;

    @Option(names = "--no-progress", description = "Do not print the progress line.")
    boolean noProgress;

    @Override
    public Integer call() {
        LocalDate night;
        try {
            night = date == null ? LocalDate.now() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadInputException("--date must be YYYY-MM-DD, got " + date);
        }
        PreparedSweep prepared = input.prepareSweep();
        SweepSpec sweep = prepared.spec();
        String root = input.out != null ? input.out : "out/nightly/" + sweep.name();
        Configuration conf = Sessions.hadoopConfiguration();
        try (FolderLock lock = FolderLock.take(root, input.force, conf, "nightly")) {
            try (Sessions session = Sessions.start("gnc nightly " + sweep.name(), run.master, run.logLevel)) {
                NightlyJob.Outcome o = NightlyJob.run(session.spark(), prepared, root, night,
                        noProgress ? null : err(), System.console() != null);
                PrintWriter out = out();
                String compared = o.previousNight() == null ? "first night in history, nothing to compare"
                        : o.flags().isEmpty() ? "no cell moved beyond its interval since " + o.previousNight()
                        : o.flags().stream().map(NightlyJob.Flag::cellId).distinct().count() + " of "
                                + o.sweep().cells().size() + " cells moved beyond their interval since "
                                + o.previousNight();
                out.println("nightly " + o.night() + ": " + o.sweep().cells().size() + " cells in " + o.folder() + "; "
                        + compared + (o.historyAppended() ? "" : " (history already held this night)"));
                o.flags().forEach(f -> out.println("  moved: " + f));
                return o.flags().isEmpty() ? 0 : MOVED;
            }
        }
    }

    @Override
    boolean resumes() {
        return true;
    }
}
