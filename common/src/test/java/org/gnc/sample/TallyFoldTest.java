package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fold that keeps no samples gives the tally of {@link CellTally#of} for any order of arrival, gaps and
 * overlaps included, and its kept runs rebuild exactly the kept samples from the shards.
 */
class TallyFoldTest {
    /** Candidates accepted: every index divisible by 3 or 7; test mistakes = index mod 5. */
    private static ShardResult shard(long first, long count) {
        List<Sample> samples = new ArrayList<>();
        for (long i = first; i < first + count; i++) {
            if (i % 3 == 0 || i % 7 == 0) {
                samples.add(new Sample(i, 0, (int) (i % 5)));
            }
        }
        return new ShardResult(first, count, samples, count * 1e-3);
    }

    /** The samples the kept runs name, read from {@code shards} (shard number = position). */
    private static List<Sample> rebuilt(List<TallyFold.Kept> kept, List<ShardResult> shards) {
        List<Sample> out = new ArrayList<>();
        for (TallyFold.Kept k : kept) {
            k.select(shards.get(k.shard()).samples()).forEach(out::add);
        }
        return out;
    }

    @Test
    void anyOrderGivesTheBatchTallyAndItsKeptRunsRebuildTheSamples() {
        // Tiles with a stopped shard [100, 130) and a re-scan [130, 400) overlapping those after it.
        List<ShardResult> shards = List.of(shard(0, 100), shard(100, 30), shard(200, 100), shard(300, 100),
                shard(130, 270), shard(400, 100), shard(50, 20));
        for (long target : new long[] {10, 150, 200, Long.MAX_VALUE}) {
            CellTally batch = CellTally.of(shards, target);
            for (int seed = 0; seed < 20; seed++) {
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
                Collections.shuffle(order, new Random(seed));
                TallyFold fold = new TallyFold(target, false);
                for (int k : order) {
                    fold.add(k, shards.get(k));
                }
                CellTally t = fold.tally();
                assertEquals(batch.attempts(), t.attempts(), "target " + target + ", order " + order);
                assertEquals(batch.accepted(), t.accepted());
                assertEquals(batch.targetReached(), t.targetReached());
                assertEquals(batch.mistakes(), t.mistakes());
                assertEquals(batch.seconds(), t.seconds(), 1e-9);
                assertTrue(t.samples().isEmpty());
                assertEquals(batch.samples(), rebuilt(fold.kept(), shards), "target " + target + ", order " + order);
            }
        }
        // The fixture's 500 gap-free candidates hold 215 acceptances: targets 10 to 200 are reached inside them.
        assertEquals(215, CellTally.of(shards, Long.MAX_VALUE).accepted());
        assertTrue(CellTally.of(shards, 200).targetReached());
    }

    @Test
    void aShardIsFoldedWithItsSamples() {
        TallyFold fold = new TallyFold(10, false);
        assertThrows(IllegalArgumentException.class, () -> fold.add(0, shard(0, 100).withoutSamples()));
    }
}
