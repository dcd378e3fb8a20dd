package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.data.CellData;
import org.gnc.sample.CellBounds;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.smc.SmcCellResult;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.CheckpointsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.PathTable;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.theory.PacBayesBound;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMC tables staged from hand-made replicates through a RunWriter on the shared session, read back from
 * Parquet: path (+infinity beta, nulls for ln 0 and for no moves, the step a replicate died at), checkpoints
 * (the combined estimates, the p* alarm) and the smc rows of cells.
 */
class SmcTablesTest {
    private static final int PARTICLES = 20;
    private static final int N_TEST = 300;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static PreparedSweep sweep;
    static OutputFolder out;
    /** Cell A (n = 4): one replicate a checkpoint, the last far below p*; cell B (n = 5): three, one died at n. */
    static SmcCellResult a;
    static SmcCellResult b;
    static double logPStar;

    @BeforeAll
    static void stage() throws Exception {
        spark = SparkTestSession.get();
        sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "smc",
                "\"data.train-size\" = [4, 5]", "target-accepted = 1, max-candidates = 1"), List.of()));
        a = SmcCellResult.combine(spec(0).id(), List.of(SmcFixtures.reached(4, 0, PARTICLES, -800, N_TEST),
                SmcFixtures.reached(2, 0, PARTICLES, -1.5, N_TEST)), N_TEST);
        b = SmcCellResult.combine(spec(1).id(), List.of(
                SmcFixtures.reached(3, 0, PARTICLES, -2, N_TEST), SmcFixtures.reached(3, 1, PARTICLES, -2.5, N_TEST),
                SmcFixtures.reached(3, 2, PARTICLES, -1.8, N_TEST), SmcFixtures.reached(5, 0, PARTICLES, -3, N_TEST),
                SmcFixtures.died(5, 1, PARTICLES, N_TEST), SmcFixtures.reached(5, 2, PARTICLES, -3.5, N_TEST)), N_TEST);
        logPStar = bounds(0).logPStar();
        out = OutputFolder.prepare(dir.resolve("out").toString(), false, new Configuration());
        RunWriter.record(spark, out, "smc", "smc", "", writer -> {
            SmcTables.stage(writer, sweep, List.of(a, b));
            CellColumns columns = CellColumns.of(sweep, writer.runId());
            List<Row> cells = new ArrayList<>();
            for (SmcCellResult r : List.of(a, b)) {
                cells.add(CellsTable.TABLE.row(columns, r.cellId(), cellsRow(r)));
            }
            writer.stage(CellsTable.TABLE, columns, cells);
            return null;
        });
    }

    private static CellSpec spec(int i) {
        return sweep.spec().cells().get(i);
    }

    private static CellBounds bounds(int i) {
        return sweep.cells().get(spec(i).id()).bounds();
    }

    private static CellsTable.Cell cellsRow(SmcCellResult r) {
        CellSpec spec = sweep.cellSpec(r.cellId());
        CellData data = sweep.cells().get(r.cellId()).data();
        CellBounds cb = sweep.cells().get(r.cellId()).bounds();
        return CellsTable.Cell.smc(spec, data, r.atN(), PARTICLES, 2.5, cb.estimated(r.atN().logAcceptance()));
    }

    private static Dataset<Row> table(String name) {
        return spark.read().parquet(out.table(name));
    }

    private static Row path(CellSpec cell, int checkpoint, int replicate, int step) {
        return table(Tables.PATH).where("cell_id = '" + cell.id() + "' and checkpoint = " + checkpoint
                + " and replicate = " + replicate + " and step = " + step).first();
    }

    @Test
    void pathHoldsEveryStepWithInfinityAndNullsAsDeclared() {
        assertFalse(Double.isNaN(logPStar));
        assertEquals(2 * (2 + 6), table(Tables.PATH).count());
        Row last = path(spec(1), 5, 0, 2);
        assertEquals(Double.POSITIVE_INFINITY, PathTable.BETA.read(last));
        assertEquals(-3.0, PathTable.LOG_EVIDENCE.read(last));
        assertEquals(0.25, PathTable.LOG_INCREMENT.read(last));
        assertEquals(PARTICLES / 2, PathTable.DISTINCT_PARTICLES.read(last));
        assertNull(PathTable.MOVE_ACCEPTANCE.read(last), "no moves after the final step");
        assertNull(PathTable.DIED_AT_STEP.read(last));
        Row first = path(spec(1), 5, 0, 1);
        assertEquals(0.5, PathTable.BETA.read(first));
        assertEquals(-3.25, PathTable.LOG_INCREMENT.read(first));
        assertEquals(0.4, PathTable.MOVE_ACCEPTANCE.read(first));
        assertEquals(5, CellColumns.N_TRAIN.read(first));

        Row died = path(spec(1), 5, 1, 2);
        assertNull(PathTable.LOG_INCREMENT.read(died), "ln 0 is null");
        assertNull(PathTable.LOG_EVIDENCE.read(died), "ln 0 is null");
        assertEquals(0, PathTable.DISTINCT_PARTICLES.read(died));
        assertEquals(2, PathTable.DIED_AT_STEP.read(died));
        assertEquals(2, PathTable.DIED_AT_STEP.read(path(spec(1), 5, 1, 1)), "repeated on each row of the replicate");
        assertEquals(-3.5, PathTable.LOG_EVIDENCE.read(path(spec(1), 5, 1, 1)));
        assertEquals(0, table(Tables.PATH).where("died_at_step is not null and replicate <> 1").count());
    }

    @Test
    void checkpointsHoldTheCombinedEstimates() {
        Dataset<Row> checkpoints = table(Tables.CHECKPOINTS);
        assertEquals(4, checkpoints.count());
        for (SmcCellResult r : List.of(a, b)) {
            for (CheckpointEstimate e : r.checkpoints()) {
                Row row = checkpoints.where("cell_id = '" + r.cellId() + "' and checkpoint = " + e.n()).first();
                assertEquals(e.replicates(), CheckpointsTable.REPLICATES.read(row));
                assertEquals(e.reached(), CheckpointsTable.REACHED.read(row));
                assertEquals(e.logAcceptance(), CellsTable.LOG_ACCEPTANCE.read(row));
                assertEquals(e.logSpread(), CheckpointsTable.LOG_SPREAD.read(row));
                assertEquals(e.testError().mean(), CellsTable.TEST_ERROR_MEAN.read(row));
                assertEquals(e.testError().q50(), CellsTable.TEST_ERROR_Q50.readNumber(row));
                assertEquals(e.testError().networks(),
                        CellsTable.HISTOGRAM.read(row).stream().mapToLong(Long::longValue).sum());
                assertEquals(logPStar, CheckpointsTable.LOG_P_STAR.read(row));
                assertEquals(e.belowPStar(logPStar), CheckpointsTable.BELOW_P_STAR.read(row));
            }
        }
        // Cell B at n = 5: two of three replicates reached; p-hat = (e^-3 + 0 + e^-3.5) / 3, its interval
        // reaches down to 0 (ln: null) and its high end is finite.
        Row bn = checkpoints.where("cell_id = '" + b.cellId() + "' and checkpoint = 5").first();
        assertEquals(Math.log((Math.exp(-3) + Math.exp(-3.5)) / 3), CellsTable.LOG_ACCEPTANCE.read(bn), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, b.atN().logCiLow());
        assertNull(CellsTable.LOG_ACCEPTANCE_CI_LOW.read(bn));
        assertEquals(b.atN().logCiHigh(), CellsTable.LOG_ACCEPTANCE_CI_HIGH.read(bn));
        assertEquals(0.5, CheckpointsTable.LOG_SPREAD.read(bn));
        assertEquals(1, CheckpointsTable.REPLICATES_DEAD.read(bn), "the third replicate died");
        assertEquals(0, CheckpointsTable.REPLICATES_STOPPED.read(bn));
        assertFalse(CheckpointsTable.BELOW_P_STAR.read(bn));
        // Cell A: one replicate a checkpoint, no interval (null); at n = 4 ln p-hat = -800 is below ln p*.
        Row an = checkpoints.where("cell_id = '" + a.cellId() + "' and checkpoint = 4").first();
        assertNull(CellsTable.LOG_ACCEPTANCE_CI_LOW.read(an));
        assertNull(CellsTable.LOG_ACCEPTANCE_CI_HIGH.read(an));
        assertEquals(-800.0, CellsTable.LOG_ACCEPTANCE.read(an));
        assertTrue(CheckpointsTable.BELOW_P_STAR.read(an));
        Row a2 = checkpoints.where("cell_id = '" + a.cellId() + "' and checkpoint = 2").first();
        assertFalse(CheckpointsTable.BELOW_P_STAR.read(a2));
    }

    @Test
    void smcCellsRowsCarryTheEstimateAtN() {
        Dataset<Row> cells = table(Tables.CELLS);
        assertEquals(2, cells.count());
        Row rb = cells.where("cell_id = '" + b.cellId() + "'").first();
        CheckpointEstimate e = b.atN();
        assertEquals(CellsTable.SMC, CellsTable.METHOD.read(rb));
        assertEquals(3L * PARTICLES, CellsTable.ATTEMPTS.read(rb));
        assertEquals(2L * PARTICLES, CellsTable.ACCEPTED.read(rb));
        assertTrue(CellsTable.CENSORED.read(rb), "a replicate died");
        assertEquals(e.logAcceptance(), CellsTable.LOG_ACCEPTANCE.read(rb));
        assertEquals(Math.exp(e.logAcceptance()), CellsTable.ACCEPTANCE_RATE.read(rb));
        assertEquals(0.0, CellsTable.ACCEPTANCE_CI_LOW.read(rb), "exp(-infinity)");
        assertNull(CellsTable.LOG_ACCEPTANCE_CI_LOW.read(rb));
        assertEquals(Math.exp(e.logCiHigh()), CellsTable.ACCEPTANCE_CI_HIGH.read(rb));
        assertEquals(e.testError().mean(), CellsTable.TEST_ERROR_MEAN.read(rb));
        assertEquals(e.testError().se(), CellsTable.TEST_ERROR_SE.read(rb));
        assertEquals(2.5, CellsTable.SECONDS.read(rb));
        assertEquals(PacBayesBound.bound(-e.logAcceptance(), 0, 5, 0.05), CellsTable.PAC_BAYES_BOUND.read(rb));
        assertEquals(logPStar, CellsTable.LOG_P_STAR.read(rb));
        assertFalse(CellsTable.BELOW_P_STAR.read(rb));

        // Cell A: ln p-hat = -800 underflows to a rate of 0 (the log column is the figure), no interval, alarm.
        Row ra = cells.where("cell_id = '" + a.cellId() + "'").first();
        assertEquals((long) PARTICLES, CellsTable.ATTEMPTS.read(ra));
        assertFalse(CellsTable.CENSORED.read(ra));
        assertEquals(0.0, CellsTable.ACCEPTANCE_RATE.read(ra));
        assertEquals(-800.0, CellsTable.LOG_ACCEPTANCE.read(ra));
        assertNull(CellsTable.ACCEPTANCE_CI_LOW.read(ra));
        assertNull(CellsTable.ACCEPTANCE_CI_HIGH.read(ra));
        assertNull(CellsTable.LOG_ACCEPTANCE_CI_HIGH.read(ra));
        assertTrue(CellsTable.BELOW_P_STAR.read(ra));
        assertEquals(PacBayesBound.bound(800, 0, 4, 0.05), CellsTable.PAC_BAYES_BOUND.read(ra));
    }

    @Test
    void inconsistentInputIsRefused() {
        CellData data = sweep.cells().get(b.cellId()).data();
        CheckpointEstimate at3 = b.checkpoints().get(0);
        assertThrows(IllegalArgumentException.class, () -> CellsTable.Cell.smc(spec(1), data, at3, PARTICLES, 1,
                bounds(1).estimated(at3.logAcceptance())), "a cells row is the estimate at n");
        assertThrows(IllegalArgumentException.class, () -> new SmcCellResult(b.cellId(),
                List.of(b.checkpoints().get(1), b.checkpoints().get(0)), b.runs(), 0), "checkpoints out of order");
        assertThrows(IllegalArgumentException.class, () -> new SmcCellResult(b.cellId(),
                List.of(b.checkpoints().get(1)), b.runs(), 0), "runs of a checkpoint without estimate");
        assertThrows(IllegalArgumentException.class, () -> new SmcCellResult(b.cellId(),
                b.checkpoints(), b.runs().subList(0, 5), 0), "an estimate of more replicates than given");
    }
}
