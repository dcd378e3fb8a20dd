package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gnc.data.DataException;
import org.gnc.sample.ExactPosterior;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnumerateJobTest {
    @TempDir
    Path dir;

    @Test
    void cellsHoldTheExactPosteriorOfEveryCell() throws Exception {
        // Widths [1] and [2] on 4 inputs: 3^5 = 243 and 3^10 = 59,049 configurations, in ranges of 10,000.
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "exact",
                "\"student.widths\" = [[1], [2]]", "target-accepted = 1, max-candidates = 1"), List.of("data.dim=4")));
        Map<String, ExhaustiveEnumerator> enumerators = EnumerateJob.enumerators(sweep);
        OutputFolder out = OutputFolder.prepare(dir.resolve("out").toString(), false, new Configuration());
        EnumerateJob.run(SparkTestSession.get(), sweep, enumerators, out, 10_000);

        Dataset<Row> cells = SparkTestSession.get().read().parquet(out.table(Tables.CELLS));
        assertEquals(2, cells.count());
        for (CellSpec cell : sweep.spec().cells()) {
            ExactPosterior alone = enumerators.get(cell.id()).enumerate();
            Row row = cells.where("cell_id = '" + cell.id() + "'").first();
            assertEquals("exact", row.<String>getAs("method"));
            assertEquals(alone.configurations(), row.<Long>getAs("attempts"));
            assertEquals(alone.interpolators(), row.<Long>getAs("accepted"));
            assertTrue(alone.interpolators() > 0);
            assertEquals(alone.acceptanceProbability(), row.<Double>getAs("acceptance_rate"), 0);
            assertEquals(alone.acceptanceProbability(), row.<Double>getAs("acceptance_ci_low"), 0);
            assertEquals(alone.acceptanceProbability(), row.<Double>getAs("acceptance_ci_high"), 0);
            // ln of the exact rate, an interval of one point in logs too; p >= p* holds exactly.
            double logP = Math.log(alone.acceptanceProbability());
            assertEquals(logP, row.<Double>getAs("log_acceptance"), 0);
            assertEquals(logP, row.<Double>getAs("log_acceptance_ci_low"), 0);
            assertEquals(logP, row.<Double>getAs("log_acceptance_ci_high"), 0);
            assertFalse(row.<Boolean>getAs("below_p_star"));
            assertEquals(alone.testError().mean(), row.<Double>getAs("test_error_mean"), 0);
            assertEquals(alone.testError().q95(), row.<Double>getAs("test_error_q95"), 0);
            assertEquals(0.0, row.<Double>getAs("test_error_se"), 0);
            assertFalse(row.<Boolean>getAs("censored"));
        }
        assertEquals(1 + 6, SparkTestSession.get().read().parquet(out.table(Tables.SHARDS)).count());
    }

    @Test
    void cellsThatCannotBeEnumeratedAreRefusedBeforeSparkRuns() throws Exception {
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "big",
                "\"student.widths\" = [[2], [8]]", "target-accepted = 1, max-candidates = 1"), List.of()));
        DataException e = assertThrows(DataException.class, () -> EnumerateJob.enumerators(sweep));
        assertTrue(e.getMessage().contains("student.widths=8"), e.getMessage());
        assertTrue(e.getMessage().contains("3^56"), e.getMessage()); // 6 x 8 + 8 parameters
    }
}
