package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMC cells with continuous priors (uniform and Gaussian) through the sweep job on the shared session, and
 * the time budget of SMC cells, read back from Parquet.
 */
class SmcContinuousSweepTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path conf;

    @BeforeAll
    static void config() throws Exception {
        spark = SparkTestSession.get();
        conf = SparkTestSession.writeConfig(dir, "smc-continuous",
                "\"student.prior\" = [{kind = uniform, low = -1, high = 1}, {kind = gaussian, std = 1}]",
                "max-seconds = 600");
    }

    private static List<Row> read(Path out, String table) {
        return spark.read().parquet(out.resolve(table).toString()).collectAsList();
    }

    /** Sweeps both cells as smc cells of 30 particles and 2 replicates with {@code more} overrides; its output. */
    private static Path sweep(String name, String... more) {
        Path out = dir.resolve(name);
        List<String> overrides = new java.util.ArrayList<>(List.of("sampler.kind=smc", "sampler.particles=30",
                "sampler.replicates=2"));
        overrides.addAll(List.of(more));
        GncApi.sweep(spark, conf.toString(), out.toString(), overrides.toArray(String[]::new));
        return out;
    }

    /** Both continuous cells run to n: an estimate with an interval, particles scored, no budget stop. */
    @Test
    void continuousPriorsRunUnderSmc() {
        Path out = sweep("run", "sampler.checkpoints=[3, 5]");
        List<Row> cells = read(out, "cells");
        assertEquals(2, cells.size());
        for (Row c : cells) {
            assertEquals("smc", c.getAs("method"));
            assertFalse((Boolean) c.getAs("censored"), c.toString());
            double log = c.getAs("log_acceptance");
            assertTrue(log < 0 && log > -20, c.toString());
            assertTrue((double) c.getAs("log_acceptance_ci_low") <= log);
            assertEquals(60L, (long) c.getAs("accepted"));
        }
        assertEquals(4, read(out, "checkpoints").size());
        List<Row> path = read(out, "path");
        assertFalse(path.isEmpty());
        for (Row p : path) {
            assertNull(p.getAs("stopped_at_step"), "no replicate was stopped");
            assertNull(p.getAs("died_at_step"));
        }
    }

    /**
     * budget.max-seconds far below one step stops every replicate before its first step: the cells row is
     * censored, ln p-hat is null (p-hat = 0) and the interval's high end is ln Z_0 = 0 (nothing known); each
     * replicate has one path row, which claims no step (step -1 at beta 0, ln p-hat so far ln Z_0 = 0), and
     * the checkpoints rows count every replicate as stopped.
     */
    @Test
    void aTinyBudgetStopsEveryReplicate() {
        Path out = sweep("tiny", "budget.max-seconds=0.000001");
        List<Row> cells = read(out, "cells");
        assertEquals(2, cells.size());
        for (Row c : cells) {
            assertTrue((Boolean) c.getAs("censored"), c.toString());
            assertNull(c.getAs("log_acceptance"), c.toString());
            assertEquals(0.0, (double) c.getAs("log_acceptance_ci_high"), 0.0, c.toString());
            assertEquals(0L, (long) c.getAs("accepted"));
        }
        List<Row> path = read(out, "path");
        assertEquals(2 * 2, path.size(), "one row per replicate of each cell");
        for (Row p : path) {
            assertEquals(0, (int) p.getAs("stopped_at_step"), p.toString());
            assertEquals(-1, (int) p.getAs("step"), p.toString());
            assertEquals(0.0, (double) p.getAs("beta"), p.toString());
            assertEquals(0.0, (double) p.getAs("log_evidence"), p.toString());
            assertNull(p.getAs("log_increment"), p.toString());
            assertNull(p.getAs("distinct_particles"), p.toString());
        }
        for (Row c : read(out, "checkpoints")) {
            assertEquals(2, (int) c.getAs("replicates_stopped"), c.toString());
            assertEquals(0, (int) c.getAs("replicates_dead"), c.toString());
            assertEquals(0, (int) c.getAs("reached"), c.toString());
        }
    }
}
