package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.gnc.data.CellData;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.smc.ReplicateRun;
import org.gnc.spark.SmcFixtures;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.stats.AcceptanceStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary a sweep prints: one line per cell, and the ALARM line for cells below p*. */
class SummaryTableTest {
    @TempDir
    static Path dir;
    static PreparedSweep sweep;

    @BeforeAll
    static void cells() throws Exception {
        // Teacher [2] and student [3] on 6 inputs, levels {-1, 0, 1}: ln p* is known (about -9).
        sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "summary",
                "\"data.train-size\" = [3, 4, 5]", "target-accepted = 1, max-candidates = 1"), List.of()));
    }

    /** The smc row of cell {@code i} from its replicates at n, with 20 particles each. */
    private static CellsTable.Cell smc(int i, List<ReplicateRun> runs) {
        CellSampler cell = sweep.cells().get(spec(i).id());
        CellData data = cell.data();
        CheckpointEstimate atN = CheckpointEstimate.combine(data.train().size(), runs, data.test().size());
        return CellsTable.Cell.smc(spec(i), data, atN, 20, 1.0, cell.bounds().estimated(atN.logAcceptance()));
    }

    private static CellSpec spec(int i) {
        return sweep.spec().cells().get(i);
    }

    private static String print(SummaryTable table) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        table.print(out);
        out.flush();
        return s.toString();
    }

    @Test
    void cellsBelowPStarAreNamedWithTheFiguresCompared() {
        double logPStar = sweep.cells().get(spec(0).id()).bounds().logPStar();
        assertTrue(logPStar > -60 && logPStar < 0, "ln p* = " + logPStar);
        SummaryTable table = new SummaryTable();
        // Two replicates far below p*: the interval's high end is compared.
        CellsTable.Cell low = smc(0, List.of(SmcFixtures.reached(3, 0, 20, -80, 300),
                SmcFixtures.reached(3, 1, 20, -81, 300)));
        // One replicate, and below the smallest double in linear scale: the estimate itself is compared.
        CellsTable.Cell single = smc(1, List.of(SmcFixtures.reached(4, 0, 20, -800, 300)));
        // A sampled cell of rate 0.25: far above p*.
        CellSampler sampled = sweep.cells().get(spec(2).id());
        AcceptanceStatistics a = AcceptanceStatistics.of(400, 100, false);
        CellsTable.Cell fine = new CellsTable.Cell(CellsTable.SAMPLED, 0, 0, null, 400, 100,
                org.gnc.stats.AcceptanceEstimate.ofRate(a.rate(), a.ci95()), false, false,
                org.gnc.stats.ErrorSummary.of(new long[301], 300, false), 1.0, sampled.bounds().sampled(a));
        assertTrue(low.belowPStar());
        assertTrue(single.belowPStar());
        table.add(spec(0), low);
        table.add(spec(1), single);
        table.add(spec(2), fine);
        String[] lines = print(table).split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[2].contains("exp(-800.0)"), lines[2]);
        assertTrue(lines[2].contains("  -  "), "no interval with one replicate: " + lines[2]);
        assertTrue(lines[3].contains("0.250"), lines[3]);
        String expected = String.format(java.util.Locale.ROOT, "ALARM: 2 cells below p* (p >= p* always holds, so "
                + "the estimate is wrong): %s (ln p-hat ci high %.1f < ln p* %.1f), %s (ln p-hat -800.0 < ln p* %.1f)",
                spec(0).id(), low.acceptance().logCiHigh(), logPStar, spec(1).id(), logPStar);
        assertEquals(expected, lines[4]);
        assertFalse(lines[4].contains(spec(2).id()), lines[4]);
    }

    @Test
    void noAlarmLineWhenNoCellIsBelowPStar() {
        SummaryTable table = new SummaryTable();
        CellsTable.Cell ok = smc(0, List.of(SmcFixtures.reached(3, 0, 20, -2, 300),
                SmcFixtures.reached(3, 1, 20, -2.5, 300)));
        assertFalse(ok.belowPStar());
        table.add(spec(0), ok);
        String text = print(table);
        assertEquals(2, text.split("\n").length, text);
        assertFalse(text.contains("ALARM"), text);
    }
}
