package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gnc.model.CandidateWeights;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.SparkTestSession;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel timer on a tiny cell: figures that add up, and a failing worker fails the run. */
class KernelBenchTest {
    @TempDir
    Path dir;

    private CellSampler tinyCell() throws IOException {
        Path conf = SparkTestSession.writeConfig(dir, "tiny", "", "target-accepted = 10, max-candidates = 1000000");
        return PreparedSweep.of(SweepSpecParser.parse(conf, List.of())).cells().values().iterator().next();
    }

    @Test
    void countsWholeChunksOnEveryThread() throws Exception {
        KernelBench.Run run = KernelBench.run(tinyCell(), KernelBench.Mode.SAMPLER, 2, 0.2, 0);
        assertTrue(run.candidates() > 0 && run.accepted() > 0, run.toString());
        assertEquals(run.accepted(), run.samples().size());
        assertEquals(2, run.threads());
    }

    @Test
    void aWorkerThatThrowsFailsTheRunInsteadOfLeavingFiguresThatLookWhole() throws IOException {
        CellSampler cell = tinyCell();
        // Indices past the candidate space's end make the kernels throw in the worker threads.
        long pastTheEnd = CandidateWeights.MAX_CANDIDATES - (1L << 40) - 10;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelBench.run(cell, KernelBench.Mode.FILTER, 2, 0.2, pastTheEnd));
        assertTrue(e.getMessage().contains("FILTER run on 2 threads failed"), e.getMessage());
    }
}
