package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.ShardResult;
import org.gnc.sample.ShardSampler;
import org.gnc.spark.SparkTestSession;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelWarmUpTest {
    /**
     * A shard run while the warm-up runs the same cells (sharing their pools of shard samplers) finds what
     * it finds without it, and closing stops the thread promptly.
     */
    @Test
    void shardsFindTheSameWhileAndAfterTheKernelsWarmUp(@TempDir Path dir) throws Exception {
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "warm",
                "\"student.widths\" = [[2], [3]]", "target-accepted = 25, max-candidates = 2000000"), List.of()));
        List<CellSampler> cells = List.copyOf(sweep.cells().values());
        List<ShardResult> alone = cells.stream()
                .map(c -> c.runShard(1_000, 50_000, Long.MAX_VALUE, ShardSampler.NO_DEADLINE)).toList();
        List<ShardResult> during;
        long closing;
        try (KernelWarmUp warmUp = KernelWarmUp.start(sweep)) {
            during = cells.stream().map(c -> c.runShard(1_000, 50_000, Long.MAX_VALUE, ShardSampler.NO_DEADLINE))
                    .toList();
            closing = System.nanoTime();
        }
        assertTrue(System.nanoTime() - closing < 5_000_000_000L, "closing the warm-up took over 5 s");
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(alone.get(i).samples(), during.get(i).samples());
            assertEquals(alone.get(i).candidates(), during.get(i).candidates());
        }
        assertTrue(alone.stream().anyMatch(r -> !r.samples().isEmpty()), "no cell accepted any network: a weak test");
    }
}
