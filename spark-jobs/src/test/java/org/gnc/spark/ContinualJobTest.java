package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpecParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The continual job on the shared local[2] session, its tables read back from Parquet. */
class ContinualJobTest {
    @TempDir
    static Path dir;
    static ContinualSpec spec;
    static ContinualJob.Outcome first;
    static String out;

    @BeforeAll
    static void runOnce() {
        spec = ContinualSpecParser.parseText("""
                continual { name = cj, seed = 4, seeds = 5, steps = 30, orderings = [cyclic, random, fixed],
                            fixed-order = [2, 0, 1, 0] }
                tasks { kind = generated, count = 3, dim = 8, size = 6, input = covariance }
                """, dir, "cj.conf");
        out = dir.resolve("out").toString();
        first = ContinualJob.run(SparkTestSession.get(), spec, null, OutputFolder.prepare(out, false, new Configuration()));
    }

    @Test
    void stepsHaveOneRowPerSeedOrderingAndStepWithEveryColumn() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> steps = spark.read().parquet(out + "/steps");
        assertEquals(5L * 3 * 30, steps.count());
        assertTrue(SparkTestSession.hasColumns(steps, "seed", "ordering", "step", "task", "forgetting", "train_errors",
                "distance_to_optimum", "norm"));
        // the first step has seen one task, SMM fits it exactly: forgetting 0, that task's error 0
        List<Row> firstSteps = steps.where("step = 1").collectAsList();
        for (Row r : firstSteps) {
            assertEquals(0.0, r.getDouble(r.fieldIndex("forgetting")), 1e-18);
            List<Object> errors = r.getList(r.fieldIndex("train_errors"));
            assertEquals(0.0, (Double) errors.get(r.getInt(r.fieldIndex("task"))));
            assertEquals(2, errors.stream().filter(e -> e == null).count(), "unseen tasks are null");
        }
        // the fixed ordering plays its list
        List<Row> fixed = steps.where("ordering = 'fixed' AND seed = 0").orderBy("step").select("task").collectAsList();
        assertEquals(List.of(2, 0, 1, 0, 2), fixed.subList(0, 5).stream().map(r -> r.getInt(0)).toList());
    }

    @Test
    void stepQuantilesAreTheType7QuantilesOverSeeds() {
        SparkSession spark = SparkTestSession.get();
        spark.read().parquet(out + "/steps").createOrReplaceTempView("cj_steps");
        List<Row> expected = spark.sql("SELECT ordering, step, percentile(forgetting, 0.25), percentile(forgetting, 0.95),"
                + " avg(distance_to_optimum) FROM cj_steps GROUP BY ordering, step ORDER BY ordering, step").collectAsList();
        List<Row> bands = spark.read().parquet(out + "/step_quantiles")
                .selectExpr("ordering", "step", "forgetting_q25", "forgetting_q95", "distance_to_optimum_mean", "seeds")
                .orderBy("ordering", "step").collectAsList();
        assertEquals(3 * 30, bands.size());
        for (int i = 0; i < bands.size(); i++) {
            Row e = expected.get(i);
            Row b = bands.get(i);
            assertEquals(e.getString(0), b.getString(0));
            assertEquals(e.getInt(1), b.getInt(1));
            for (int c = 2; c <= 4; c++) {
                assertEquals(e.getDouble(c), b.getDouble(c), 1e-12 * (1 + Math.abs(e.getDouble(c))), "column " + c);
            }
            assertEquals(5, b.getInt(5));
        }
        Dataset<Row> cells = spark.read().parquet(out + "/continual_cells");
        assertEquals(3, cells.count());
        assertEquals("succeeded", spark.read().parquet(out + "/runs").select("status").first().getString(0));
    }

    @Test
    void rerunningGivesTheSameTables() {
        List<String> before = SparkTestSession.rowsWithout(out + "/steps", "run_id");
        List<String> bandsBefore = SparkTestSession.rowsWithout(out + "/step_quantiles", "run_id");
        ContinualJob.Outcome again = ContinualJob.run(SparkTestSession.get(), spec, null,
                OutputFolder.prepare(out, false, new Configuration()));
        assertTrue(!again.runId().equals(first.runId()));
        assertEquals(before, SparkTestSession.rowsWithout(out + "/steps", "run_id"));
        assertEquals(bandsBefore, SparkTestSession.rowsWithout(out + "/step_quantiles", "run_id"));
    }
}
