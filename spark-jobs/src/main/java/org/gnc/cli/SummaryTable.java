package org.gnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spec.CellSpec;
import org.gnc.stats.AcceptanceEstimate;
import org.gnc.stats.ErrorSummary;

/**
 * The short table a sweep prints when it ends: one line per cell, from the cell's cells row, then, if any
 * row is flagged below_p_star, one ALARM line naming those cells with the figures compared (p &gt;= p*
 * always holds, so such an estimate is wrong). A rate that underflowed to 0 while its log is finite (an
 * SMC estimate) is shown as exp(ln rate).
 */
final class SummaryTable {
    private final TextTable table = new TextTable("cell", "settings", "attempts", "accepted", "rate", "95% CI",
            "test error", "censored");
    private final List<String> alarms = new ArrayList<>();

    void add(CellSpec cell, CellsTable.Cell row) {
        String settings = cell.axisValues().isEmpty() ? "-" : cell.axisLabel();
        ErrorSummary t = row.testError();
        String error = Double.isNaN(t.mean()) ? "-"
                : String.format(Locale.ROOT, "%.4f", t.mean())
                        + (Double.isNaN(t.se()) || t.se() == 0 ? "" : String.format(Locale.ROOT, " ± %.4f", t.se()));
        AcceptanceEstimate a = row.acceptance();
        String interval = Double.isNaN(a.ciLow()) && Double.isNaN(a.ciHigh()) ? "-"
                : "[" + figure(a.ciLow(), a.logCiLow()) + ", " + figure(a.ciHigh(), a.logCiHigh()) + "]";
        table.add(cell.id(), settings, Long.toString(row.attempts()), Long.toString(row.accepted()),
                figure(a.rate(), a.log()), interval, error, row.censored() ? "yes" : "no");
        if (row.belowPStar()) {
            alarms.add(String.format(Locale.ROOT, "%s (ln p-hat%s %.1f < ln p* %.1f)", cell.id(),
                    Double.isNaN(a.logCiHigh()) ? "" : " ci high", a.logHigh(), row.bounds().logPStar()));
        }
    }

    void print(PrintWriter out) {
        table.print(out);
        if (!alarms.isEmpty()) {
            out.println("ALARM: " + alarms.size() + (alarms.size() == 1 ? " cell" : " cells")
                    + " below p* (p >= p* always holds, so the estimate is wrong): " + String.join(", ", alarms));
        }
    }

    /** A linear figure: "-" when unknown, exp(ln) when it underflowed to 0, else 3 significant digits. */
    private static String figure(double linear, double log) {
        if (Double.isNaN(linear)) {
            return "-";
        }
        if (linear == 0 && Double.isFinite(log)) {
            return String.format(Locale.ROOT, "exp(%.1f)", log);
        }
        return String.format(Locale.ROOT, "%.3g", linear);
    }
}
