package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.gnc.data.Dataset;
import org.gnc.kernel.CandidateScorer;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.kernel.Points;
import org.gnc.kernel.conv.ConvStackScorer;
import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.gnc.sample.CellSampler;
import org.gnc.sample.Filters;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

/**
 * SMC scores the final particles of a conv student on the test set with the conv kernel's forward pass
 * ({@link ConvStackScorer}, the scorer {@link Filters#testScorer} chooses for the cell): every particle's
 * count is the plain definition's ({@link Points#mistakes}), so a seeded replicate's test-mistake counts
 * are those the generic scorer ({@link HeldOutScorer}) gives, and the cell's tasks run with it.
 */
class SmcConvScoringTest {
    private static final SweepSpec SPEC = SweepSpecParser.parseText("""
            sweep   { name = conv-smc, seed = 5 }
            data    { kind = teacher-student, dim = 36, train-size = 6, test-size = 200, seed = 3
                      teacher { widths = [2], prior { kind = uniform, low = -1, high = 1 } } }
            student { input-shape = [1, 6, 6]
                      layers = [ { kind = conv, channels = 2, kernel = 3, stride = 1, padding = 1 },
                                 { kind = max-pool, size = 2 }, { kind = flatten }, { kind = dense, units = 4 } ]
                      bias = true, output-bias = true, output = two-logits
                      prior { kind = uniform, low = -1, high = 1 } }
            sampler { kind = smc, particles = 30, replicates = 2, moves = 1, checkpoints = [3, 6] }
            """, Path.of("."), "conv-smc");

    /** The conv scorer, checking each particle's count against the plain definition as it goes. */
    private static final class CheckedScorer implements CandidateScorer {
        final CandidateScorer scorer;
        final Points plain;
        final Architecture arch;
        final double[] scratch;
        int scored;

        CheckedScorer(CandidateScorer scorer, Architecture arch, Dataset test) {
            this.scorer = scorer;
            this.plain = new Points(test, arch, "test");
            this.arch = arch;
            this.scratch = arch.newScratch();
        }

        @Override
        public int candidateMistakes(long index) {
            throw new UnsupportedOperationException("SMC scores given weights");
        }

        @Override
        public int mistakes(double[] w, int wOff) {
            int m = scorer.mistakes(w, wOff);
            assertEquals(plain.mistakes(arch, w, wOff, scratch), m, "a particle's test mistakes");
            scored++;
            return m;
        }
    }

    private static CellSampler cell() {
        PreparedSweep prepared = PreparedSweep.of(SPEC);
        CellSpec cell = prepared.spec().cells().get(0);
        return prepared.cells().get(cell.id());
    }

    @Test
    void convParticlesAreScoredExactlyAndAsTheGenericScorerScoresThem() {
        CellSampler cell = cell();
        Architecture arch = cell.architecture();
        Dataset train = cell.data().train();
        Dataset test = cell.data().test();
        int nTest = test.size();
        CandidateScorer chosen = Filters.testScorer(cell.candidates(), test);
        assertTrue(chosen instanceof ConvStackScorer, "the conv students' scorer: " + chosen.getClass());
        for (int n : new int[] {3, 6}) {
            TemperedSmc smc = new TemperedSmc(MoveLayout.of(arch, cell.prior(), train, n, 0), cell.prior(),
                    TemperedSmc.Settings.of(30, 1));
            CounterRng stream = CounterRng.of(9, "conv-scoring", n);
            CheckedScorer checked = new CheckedScorer(chosen, arch, test);
            ReplicateRun conv = smc.run(stream, 0, checked, nTest);
            ReplicateRun generic = smc.run(stream, 0, new HeldOutScorer(arch, test), nTest);
            assertTrue(conv.reached(), "checkpoint " + n + " must reach its target to mean anything");
            assertTrue(checked.scored >= 1, "particles scored");
            assertEquals(30, Arrays.stream(conv.testMistakes()).sum(), "every final particle counted");
            assertArrayEquals(generic.testMistakes(), conv.testMistakes(), "checkpoint " + n + "'s test mistakes");
            assertEquals(generic.logEvidence(), conv.logEvidence());
            assertEquals(generic.meanTestError(), conv.meanTestError());
        }
    }

    /** The cell's tasks (which score with the chosen scorer) run and count every final particle. */
    @Test
    void theCellsTasksScoreTheirParticles() {
        SmcCell smc = new SmcCell(cell(), TemperedSmc.Settings.of(30, 1), 2, SPEC.cells().get(0).sampler().checkpoints());
        for (SmcTask task : smc.tasks()) {
            ReplicateRun run = smc.run(task);
            assertTrue(run.reached(), task + " must reach its target to mean anything");
            assertEquals(30, Arrays.stream(run.testMistakes()).sum(), task + ": every final particle counted");
            assertTrue(run.meanTestError() > 0 && run.meanTestError() < 1, task + ": " + run.meanTestError());
        }
    }
}
