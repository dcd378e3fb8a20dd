package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.gnc.model.CandidateWeights;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

/** The kernel timer on a tiny cell: figures that add up, and a failing worker fails the run. */
class KernelBenchTest {
    private static CellSampler tinyCell() {
        SweepSpec spec = SweepSpecParser.parseText("""
                sweep { name = tiny, seed = 3 }
                data { kind = teacher-student, dim = 5, train-size = 6, test-size = 200, seed = 2
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [4], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 10, max-candidates = 1000000 }
                """, Path.of("."), "tiny.conf");
        return PreparedSweep.of(spec).cells().values().iterator().next();
    }

    @Test
    void countsWholeChunksOnEveryThread() throws InterruptedException {
        KernelBench.Run run = KernelBench.run(tinyCell(), KernelBench.Mode.SAMPLER, 2, 0.2, 0);
        assertTrue(run.candidates() > 0 && run.accepted() > 0, run.toString());
        assertEquals(run.accepted(), run.samples().size());
        assertEquals(2, run.threads());
    }

    @Test
    void aWorkerThatThrowsFailsTheRunInsteadOfLeavingFiguresThatLookWhole() {
        // Indices past the candidate space's end make the kernels throw in the worker threads.
        long pastTheEnd = CandidateWeights.MAX_CANDIDATES - (1L << 40) - 10;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelBench.run(tinyCell(), KernelBench.Mode.FILTER, 2, 0.2, pastTheEnd));
        assertTrue(e.getMessage().contains("FILTER run on 2 threads failed"), e.getMessage());
    }
}
