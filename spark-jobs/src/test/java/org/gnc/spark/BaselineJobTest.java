package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gnc.baseline.BaselineCell;
import org.gnc.baseline.TrainingRun;
import org.gnc.data.DataException;
import org.gnc.sample.CellBounds;
import org.gnc.sample.ExactPosterior;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.stats.ClopperPearson;
import org.gnc.theory.Bounds;
import org.gnc.theory.PacBayesBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gnc baseline end to end on the shared session, and the bound columns of sweep and enumerate, read back. */
class BaselineJobTest {
    @TempDir
    Path dir;

    @Test
    void baselineWritesOneSampleRowPerRunAndAnSgdCellsRow() throws Exception {
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "sgd",
                "\"data.train-size\" = [4, 8]", "target-accepted = 1, max-candidates = 1"),
                List.of("baseline.seeds=3", "baseline.epochs=200", "baseline.optimizer=sgd", "baseline.batch-size=4", "baseline.learning-rate=0.3")));
        Map<String, BaselineCell> cells = BaselineJob.cells(sweep);
        OutputFolder out = OutputFolder.prepare(dir.resolve("out").toString(), false, new Configuration());
        BaselineJob.Outcome outcome = BaselineJob.run(SparkTestSession.get(), sweep, cells, out);

        Dataset<Row> samples = SparkTestSession.get().read().parquet(out.table(Tables.SAMPLES));
        Dataset<Row> cellsTable = SparkTestSession.get().read().parquet(out.table(Tables.CELLS));
        assertEquals(6, samples.count());
        assertEquals(2, cellsTable.count());
        for (CellSpec cell : sweep.spec().cells()) {
            // A row is the run a single-threaded trainer gives for its seed (checked for seed 1).
            for (long seed = 1; seed < 2; seed++) {
                TrainingRun alone = cells.get(cell.id()).run(seed);
                Row r = samples.where("cell_id = '" + cell.id() + "' and candidate_index = " + seed).first();
                assertEquals(alone.trainErrors(), r.<Integer>getAs("train_errors"));
                assertEquals(alone.testMistakes(), r.<Integer>getAs("test_mistakes"));
                assertEquals(alone.epochs(), r.<Integer>getAs("epochs"));
                assertEquals(alone.interpolated(), r.<Boolean>getAs("interpolated"));
            }
            Row c = cellsTable.where("cell_id = '" + cell.id() + "'").first();
            long interpolated = samples.where("cell_id = '" + cell.id() + "' and interpolated").count();
            assertEquals("sgd", c.<String>getAs("method"));
            assertEquals(3L, c.<Long>getAs("attempts"));
            assertEquals(interpolated, c.<Long>getAs("accepted"));
            assertTrue(interpolated > 0, "no run interpolated " + cell.axisLabel());
            assertNull(c.getAs("pac_bayes_bound"));
            // The log columns follow the rate of interpolating runs; it is no prior mass, so no p* alarm.
            assertEquals(Math.log((double) interpolated / 3), c.<Double>getAs("log_acceptance"), 0);
            assertEquals(Math.log(c.<Double>getAs("acceptance_ci_high")), c.<Double>getAs("log_acceptance_ci_high"), 0);
            assertFalse(c.<Boolean>getAs("below_p_star"));
            assertEquals(0.05, c.<Double>getAs("delta"));
            Double mean = samples.where("cell_id = '" + cell.id() + "' and interpolated")
                    .agg(org.apache.spark.sql.functions.avg("test_error")).first().getDouble(0);
            assertEquals(mean, c.<Double>getAs("test_error_mean"), 1e-12);
        }
        assertEquals(2, outcome.cells().size());
    }

    @Test
    void signStudentsAreRefusedBeforeSparkRuns() throws Exception {
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "sign", "",
                "target-accepted = 1, max-candidates = 1"), List.of("student.activation=sign")));
        DataException e = assertThrows(DataException.class, () -> BaselineJob.cells(sweep));
        assertTrue(e.getMessage().contains("student.activation"), e.getMessage());
    }

    @Test
    void sweepAndEnumerateWriteTheBoundColumns() throws Exception {
        // Teacher [2] on 6 inputs, student [3] (27 parameters, too many to enumerate) for the sweep;
        // a 3-input, [2]-unit cell for enumeration.
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "bounds", "",
                "target-accepted = 50, max-candidates = 2000000"), List.of("bounds.delta=0.1")));
        OutputFolder out = OutputFolder.prepare(dir.resolve("s").toString(), false, new Configuration());
        SweepJob.Outcome s = SweepJob.run(SparkTestSession.get(), sweep, out, new SweepJob.Options(0, 0, null, false));
        Row row = SparkTestSession.get().read().parquet(out.table(Tables.CELLS)).first();
        CellSpec cell = sweep.spec().cells().get(0);
        var result = s.cells().get(0).result();
        Bounds b = CellBounds.sampled(cell, sweep.cells().get(cell.id()).data(), result.acceptance(), 0.1);
        assertEquals(0.1, row.<Double>getAs("delta"));
        assertEquals(b.pacBayesBound(), row.<Double>getAs("pac_bayes_bound"), 0);
        assertEquals(PacBayesBound.sampled(result.tally().accepted(), result.tally().attempts(), 0, 5, 0.1),
                row.<Double>getAs("pac_bayes_bound"), 0);
        assertFalse(Double.isNaN(b.logPStar()));
        assertEquals(b.logPStar(), row.<Double>getAs("log_p_star"), 0);
        assertEquals(b.pStarEpsilon(), row.<Double>getAs("p_star_epsilon"), 0);
        assertTrue(ClopperPearson.interval(result.tally().accepted(), result.tally().attempts(), 1 - 1e-4).high()
                >= Math.exp(row.<Double>getAs("log_p_star")));

        PreparedSweep small = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "small", "",
                "target-accepted = 1, max-candidates = 1"), List.of("data.dim=3", "student.widths=[2]")));
        OutputFolder exactOut = OutputFolder.prepare(dir.resolve("e").toString(), false, new Configuration());
        Map<String, ExhaustiveEnumerator> enumerators = EnumerateJob.enumerators(small);
        EnumerateJob.run(SparkTestSession.get(), small, enumerators, exactOut);
        Row exact = SparkTestSession.get().read().parquet(exactOut.table(Tables.CELLS)).first();
        ExactPosterior e = enumerators.values().iterator().next().enumerate();
        assertEquals(PacBayesBound.exact(e.interpolators(), e.configurations(), 0, 5, 0.05),
                exact.<Double>getAs("pac_bayes_bound"), 0);
        if (exact.getAs("log_p_star") != null) {
            assertTrue(e.acceptanceProbability() >= Math.exp(exact.<Double>getAs("log_p_star")));
        }
    }
}
