package org.gnc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.gnc.spec.CellSpec;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;

/** The short table a sweep prints when it ends: one line per cell. */
final class SummaryTable {
    private final TextTable table = new TextTable("cell", "settings", "attempts", "accepted", "rate", "95% CI",
            "test error", "censored");

    void add(CellSpec cell, AcceptanceStatistics a, ErrorSummary t) {
        String settings = cell.axisValues().isEmpty() ? "-" : cell.axisLabel();
        String error = Double.isNaN(t.mean()) ? "-"
                : String.format(Locale.ROOT, "%.4f", t.mean())
                        + (Double.isNaN(t.se()) || t.se() == 0 ? "" : String.format(Locale.ROOT, " ± %.4f", t.se()));
        table.add(cell.id(), settings, Long.toString(a.attempts()), Long.toString(a.accepted()),
                Double.isNaN(a.rate()) ? "-" : String.format(Locale.ROOT, "%.3g", a.rate()),
                String.format(Locale.ROOT, "[%.3g, %.3g]", a.ci95().low(), a.ci95().high()), error,
                a.censored() ? "yes" : "no");
    }

    void print(PrintWriter out) {
        table.print(out);
    }
}
