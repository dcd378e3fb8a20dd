package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.Fixtures;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

/** A cell's result depends on its candidates only: not on shard sizes, shard order or early stops. */
class CellTallyTest {
    private final Architecture arch = new Architecture(4, List.of(3), Activation.RELU, false, false);
    private final CandidateWeights candidates =
            new CandidateWeights(arch, new Prior.Levels(new double[] {-1, 0, 1}), 3, 42);
    private final Dataset train = Fixtures.teacherData(1, 5, 4);
    private final Dataset test = Fixtures.teacherData(2, 300, 4);

    private ShardSampler sampler() {
        return new ShardSampler(candidates, new EarlyRejectionFilter(candidates, train, 0), test);
    }

    private List<ShardResult> shards(long total, long shardSize, long stopAfter) {
        List<ShardResult> out = new ArrayList<>();
        for (long first = 0; first < total; first += shardSize) {
            out.add(sampler().run(first, Math.min(shardSize, total - first), stopAfter, ShardSampler.NO_DEADLINE));
        }
        return out;
    }

    @Test
    void sameSamplesWhateverTheShardingAndOrder() {
        long target = 150;
        CellTally one = CellTally.of(shards(60_000, 60_000, target), target);
        assertTrue(one.targetReached(), "the fixture reaches its target: " + one.accepted());
        assertEquals(target, one.accepted());
        assertEquals(one.samples().get((int) target - 1).index() + 1, one.attempts());

        for (long shardSize : new long[] {1_000, 4_096, 7_919}) {
            List<ShardResult> shards = shards(60_000, shardSize, target);
            Collections.shuffle(shards, new Random(shardSize));
            assertEquals(one.samples(), CellTally.of(shards, target).samples(), "shard size " + shardSize);
            assertEquals(one.attempts(), CellTally.of(shards, target).attempts());
        }
        // Shards that may not stop early (they run their whole range) give the same tally too.
        assertEquals(one.samples(), CellTally.of(shards(60_000, 10_000, Long.MAX_VALUE), target).samples());
    }

    @Test
    void testMistakesAreTheFullTestSetCount() {
        CellTally tally = CellTally.of(shards(20_000, 20_000, Long.MAX_VALUE), Long.MAX_VALUE);
        assertFalse(tally.targetReached());
        assertEquals(20_000, tally.attempts());
        ReferenceFilter reference = new ReferenceFilter(candidates, test, test.size());
        for (Sample s : tally.samples()) {
            assertEquals(0, s.trainErrors());
            Acceptances onTest = reference.scan(s.index(), 1);
            assertEquals(s.testMistakes(), onTest.trainErrors()[0], "candidate " + s.index());
        }
        long[] counts = tally.mistakeCounts(test.size());
        assertEquals(tally.accepted(), java.util.Arrays.stream(counts).sum());
    }

    @Test
    void aGapEndsThePrefixAndOverlapsCountOnce() {
        List<ShardResult> all = shards(30_000, 10_000, Long.MAX_VALUE);
        CellTally withGap = CellTally.of(List.of(all.get(0), all.get(2)), Long.MAX_VALUE);
        assertEquals(10_000, withGap.attempts());
        assertEquals(all.get(0).samples(), withGap.samples());

        // A shard stopped early (as on its time limit) leaves a gap; re-scanning from the gap overlaps
        // the shard after it. The tally is then exactly that of the plain split.
        ShardResult stopped = sampler().run(10_000, 3_000, Long.MAX_VALUE, ShardSampler.NO_DEADLINE);
        ShardResult rescan = sampler().run(13_000, 12_000, Long.MAX_VALUE, ShardSampler.NO_DEADLINE);
        CellTally plain = CellTally.of(all, Long.MAX_VALUE);
        CellTally overlapping = CellTally.of(List.of(all.get(0), stopped, all.get(2), rescan), Long.MAX_VALUE);
        assertEquals(plain.attempts(), overlapping.attempts());
        assertEquals(plain.samples(), overlapping.samples());
        assertEquals(plain.samples(), CellTally.of(List.of(all.get(0), all.get(1), all.get(1), all.get(2)),
                Long.MAX_VALUE).samples());
    }

    @Test
    void aPassedDeadlineStopsTheShardBeforeAnyWork() {
        ShardResult r = sampler().run(0, 100_000, Long.MAX_VALUE, System.currentTimeMillis() - 1);
        assertEquals(0, r.candidates());
        assertTrue(r.samples().isEmpty());
    }
}
