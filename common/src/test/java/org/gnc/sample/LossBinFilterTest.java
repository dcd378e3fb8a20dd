package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gnc.data.CellData;
import org.gnc.data.DataLoader;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.NormalizedLoss;
import org.gnc.spec.CellSpec;
import org.gnc.spec.LossBin;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

/** The loss bin applied after a cell's kernel accepts exactly the reference's acceptances in the bin. */
class LossBinFilterTest {
    private static final long FIRST = 1000;
    private static final int COUNT = 40_000;

    private static SweepSpec kink(String lossBin) {
        return SweepSpecParser.parseText("""
                sweep { name = bins, seed = 5 }
                data { kind = generated, set = kink, train-size = 11, test-size = 200, seed = 0 }
                student { widths = [6], output-bias = true, prior { kind = uniform, low = -1, high = 1 } }
                accept { %s }
                budget { target-accepted = 20, max-candidates = 1000000 }
                """.formatted(lossBin), Path.of("."), "bins.conf");
    }

    /** The loss by the formula, written out here: mean softplus(-y f / prod ||W_l|| / s). */
    private static double loss(Architecture arch, double[] w, CellData d, double s) {
        int in = 2;
        int h = arch.widths().get(0);
        double n1 = 0;
        for (int i = 0; i < h * in; i++) {
            n1 += w[i] * w[i];
        }
        double n2 = 0;
        for (int i = h * in; i < h * in + h; i++) {
            n2 += w[i] * w[i];
        }
        double norm = Math.sqrt(n1) / s * (Math.sqrt(n2) / s);
        double sum = 0;
        double[] scratch = arch.newScratch();
        double[] x = d.train().features();
        for (int p = 0; p < d.train().size(); p++) {
            double m = -d.train().label(p) * arch.output(w, 0, x, p * in, scratch) / norm;
            sum += Math.log(1 + Math.exp(m));
        }
        return sum / d.train().size();
    }

    @Test
    void keepsExactlyTheReferenceAcceptancesWhoseLossIsInTheBin() {
        CellSpec plain = kink("").cells().get(0);
        CellData data = DataLoader.load(plain.data());
        CellSampler sampler = new CellSampler(plain, 5, data);
        CandidateWeights candidates = sampler.candidates();
        Acceptances reference = new ReferenceFilter(candidates, data.train(), 0).scan(FIRST, COUNT);
        assertTrue(reference.count() >= 20, "acceptances to split: " + reference.count());
        double[] losses = new double[reference.count()];
        for (int a = 0; a < losses.length; a++) {
            losses[a] = loss(candidates.architecture(), candidates.weights(reference.indices()[a]), data, 3);
        }
        double[] sorted = losses.clone();
        Arrays.sort(sorted);
        double low = sorted[losses.length / 4];
        double high = sorted[3 * losses.length / 4];
        LossBin bin = new LossBin(low, high, 3);
        List<Long> expected = new ArrayList<>();
        for (int a = 0; a < losses.length; a++) {
            if (losses[a] >= low && losses[a] < high) {
                expected.add(reference.indices()[a]);
            }
        }
        assertTrue(expected.size() > 0 && expected.size() < reference.count(), "the bin splits the acceptances");

        // the cell's kernel (not the reference), then the bin
        assertEquals(bin, kink("loss-bin { low = " + low + ", high = " + high + " }").cells().get(0).lossBin());
        assertFalse(sampler.filterName().equals("ReferenceFilter"), "a fast kernel under the bin");
        LossBinFilter f = new LossBinFilter(Filters.choose(candidates, data.train(), 0), candidates, data.train(), bin);
        Acceptances got = f.scan(FIRST, COUNT);
        assertEquals(expected, Arrays.stream(got.indices()).boxed().toList());
        for (int e : got.trainErrors()) {
            assertEquals(0, e);
        }
        // the losses agree with the library's to rounding, and the bin's test is [low, high)
        for (int a = 0; a < losses.length; a++) {
            assertEquals(losses[a], f.loss(reference.indices()[a]), 1e-12 * (1 + losses[a]));
        }
        assertTrue(bin.contains(low) && !bin.contains(high) && !bin.contains(Double.NaN));
    }

    @Test
    void aShardCountsOnlyTheAcceptancesInTheBin() {
        CellSpec binned = kink("loss-bin { low = 0, high = 0.5, layer-scale = 1 }").cells().get(0);
        CellData data = DataLoader.load(binned.data());
        CellSampler sampler = new CellSampler(binned, 5, data);
        assertInstanceOf(LossBinFilter.class, sampler.filter());
        ShardResult r = sampler.runShard(0, COUNT, Long.MAX_VALUE, ShardSampler.NO_DEADLINE);
        Acceptances all = new ReferenceFilter(sampler.candidates(), data.train(), 0).scan(0, COUNT);
        Architecture arch = sampler.architecture();
        long inBin = Arrays.stream(all.indices()).filter(i -> {
            double l = loss(arch, sampler.candidates().weights(i), data, 1);
            return l >= 0 && l < 0.5;
        }).count();
        assertEquals(inBin, r.samples().size());
        assertTrue(r.samples().size() < all.count(), "the bin removes some acceptances");
    }

    @Test
    void softplusIsStable() {
        assertEquals(Math.log(2), NormalizedLoss.softplus(0), 1e-15);
        assertEquals(1000, NormalizedLoss.softplus(1000), 1e-12);
        assertEquals(Math.exp(-1000), NormalizedLoss.softplus(-1000), 1e-300);
        assertEquals(Double.POSITIVE_INFINITY, NormalizedLoss.softplus(Double.POSITIVE_INFINITY));
        assertEquals(0.0, NormalizedLoss.softplus(Double.NEGATIVE_INFINITY));
    }
}
