package org.gnc.spark;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.HistoryTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;

/**
 * One night of a nightly sweep, under a root folder:
 * <ul>
 *   <li>the night's tables go to {@code ROOT/date=YYYY-MM-DD/} (a normal gnc output folder);</li>
 *   <li>its shards are checkpointed after every round in {@code date=.../_gnc_checkpoint/}, so a night
 *       that was interrupted resumes without recomputing finished cells (exactly: a candidate's outcome
 *       is a pure function of its index);</li>
 *   <li>its cells are appended once to {@code ROOT/history} (the cells table with a {@code night}
 *       column), so nights can be compared;</li>
 *   <li>each cell is compared with its row of the latest earlier night in history: it is flagged when
 *       its acceptance rate falls outside that night's 95% Clopper-Pearson interval, or its mean test
 *       error outside that night's mean +- 1.96 standard errors.</li>
 * </ul>
 * The caller holds the {@link FolderLock} of the root.
 */
public final class NightlyJob {
    /** A cell that moved beyond its interval since the previous night. */
    public record Flag(String cellId, String settings, String what, double before, double after, double low,
                       double high) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s%s: %s %.4g -> %.4g (outside [%.4g, %.4g])", cellId,
                    settings.isEmpty() ? "" : " (" + settings + ")", what, before, after, low, high);
        }
    }

    /** A finished night: its folder, the night compared with (null for the first), and the flags. */
    public record Outcome(String night, String folder, String previousNight, boolean historyAppended,
                          SweepJob.Outcome sweep, List<Flag> flags) {
    }

    private NightlyJob() {
    }

    /** The night's folder: {@code ROOT/date=YYYY-MM-DD}. */
    public static String nightFolder(String root, LocalDate date) {
        return new Path(root, "date=" + date).toString();
    }

    public static Outcome run(SparkSession spark, PreparedSweep sweep, String root, LocalDate date,
                              PrintWriter progress, boolean terminal) {
        var conf = spark.sparkContext().hadoopConfiguration();
        OutputFolder folder = OutputFolder.prepare(nightFolder(root, date), false, conf);
        FolderCheckpoint checkpoint = new FolderCheckpoint(folder.root() + "/_gnc_checkpoint",
                sweep.spec().resolvedText(), conf);
        SweepJob.Outcome outcome = SweepJob.run(spark, sweep, folder,
                new SweepJob.Options(0, 0, progress, terminal, checkpoint));

        String history = TableFolder.path(root, HistoryTable.NAME);
        Dataset<Row> past = TableFolder.isTable(history, conf)
                ? spark.read().option("mergeSchema", "true").parquet(history) : null;
        Column night = col(HistoryTable.NIGHT.name());
        String tonight = HistoryTable.NIGHT.value(date);
        String previous = null;
        boolean seen = false;
        if (past != null) {
            seen = past.where(night.equalTo(tonight)).limit(1).count() > 0;
            List<Row> earlier = past.where(night.lt(tonight)).select(night).distinct().orderBy(night.desc()).limit(1)
                    .collectAsList();
            previous = earlier.isEmpty() ? null : earlier.get(0).getString(0);
        }
        List<Flag> flags = previous == null ? List.of() : compare(outcome, previousCells(past, previous));
        if (!seen) {
            String cells = TableFolder.published(folder.root(), Tables.CELLS, conf);
            HistoryTable.rows(spark.read().parquet(cells), date).coalesce(1).write()
                    .mode(SaveMode.Append).parquet(history);
        }
        return new Outcome(date.toString(), folder.root(), previous, !seen, outcome, flags);
    }

    private static Map<String, Row> previousCells(Dataset<Row> past, String night) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : past.where(col(HistoryTable.NIGHT.name()).equalTo(night)).collectAsList()) {
            out.put(CellColumns.CELL_ID.read(r), r);
        }
        return out;
    }

    /** The flags of tonight's cells against the previous night's rows (cells new tonight are not flagged). */
    static List<Flag> compare(SweepJob.Outcome tonight, Map<String, Row> before) {
        List<Flag> flags = new ArrayList<>();
        for (SweepJob.CellOutcome c : tonight.cells()) {
            Row prev = before.get(c.spec().id());
            if (prev == null) {
                continue;
            }
            String settings = c.spec().axisLabel();
            AcceptanceStatistics a = c.result().acceptance();
            Double rate = CellsTable.ACCEPTANCE_RATE.read(prev);
            double low = CellsTable.ACCEPTANCE_CI_LOW.readNumber(prev);
            double high = CellsTable.ACCEPTANCE_CI_HIGH.readNumber(prev);
            if (rate != null && !Double.isNaN(a.rate()) && (a.rate() < low || a.rate() > high)) {
                flags.add(new Flag(c.spec().id(), settings, "acceptance rate", rate, a.rate(), low, high));
            }
            ErrorSummary t = c.result().testError();
            Double mean = CellsTable.TEST_ERROR_MEAN.read(prev);
            Double se = CellsTable.TEST_ERROR_SE.read(prev);
            if (mean != null && se != null && !Double.isNaN(t.mean())) {
                double lo = mean - 1.96 * se;
                double hi = mean + 1.96 * se;
                if (t.mean() < lo || t.mean() > hi) {
                    flags.add(new Flag(c.spec().id(), settings, "mean test error", mean, t.mean(), lo, hi));
                }
            }
        }
        return flags;
    }
}
