package org.gnc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.gnc.data.Dataset;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.junit.jupiter.api.Test;

/**
 * Finite priors stay bit-identical: replicates of a Gibbs cell (one hidden ReLU layer, biases) and a
 * Metropolis cell (two hidden layers) against their figures at commit e67a394, before particles became
 * values (issue 15's continuous priors). Any change of a draw, a resampling or a scored particle changes
 * ln p-hat's bits or the test counts.
 */
class FiniteRunsUnchangedTest {

    static String fingerprint(Architecture arch, double[] lv, int n, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] teacher = SmcFixtures.draw(arch, lv, r);
        Dataset train = SmcFixtures.data(arch, teacher, n, false, seed * 31 + 1);
        Dataset test = SmcFixtures.data(arch, teacher, 200, false, seed * 31 + 2);
        MoveLayout layout = MoveLayout.of(arch, SmcFixtures.levels(lv), train, n, m);
        TemperedSmc smc = new TemperedSmc(layout, SmcFixtures.levels(lv), TemperedSmc.Settings.of(60, 2));
        ReplicateRun run = smc.run(CounterRng.of(seed, "smc-golden", n), 0, new HeldOutScorer(arch, test), 200);
        StringBuilder s = new StringBuilder(Double.toHexString(run.logEvidence()));
        for (TemperingStep step : run.steps()) {
            s.append(' ').append(step.distinct());
        }
        return s.append(' ').append(Arrays.hashCode(run.testMistakes())).toString();
    }

    @Test
    void finitePriorRunsKeepTheirBits() {
        assertEquals("-0x1.4bae3edda1ccfp3 53 51 52 53 54 54 52 49 49 51 53 53 54 53 47 51 54 187961941",
                fingerprint(SmcFixtures.relu(4, 3, true, true), new double[] {-1, 0, 1}, 24, 1, 5));
        assertEquals("-0x1.b699806f9dbdp-4 58 58 -1488294565", fingerprint(new Architecture(3, java.util.List.of(2, 1),
                org.gnc.model.Activation.RELU, false, false), new double[] {-1, 0, 1}, 16, 0, 6));
    }
}
