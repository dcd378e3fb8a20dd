package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gnc.sample.ShardPlanner.Range;
import org.gnc.spec.Budget;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
    private final ShardPlanner planner = new ShardPlanner(40_000);
    private final Budget budget = new Budget(10, 1_000_000, 60);

    private static CellTally tally(long attempts, int accepted, boolean reached, double seconds) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < accepted; i++) {
            samples.add(new Sample(i, 0, 0));
        }
        return new CellTally(attempts, samples, reached, seconds);
    }

    @Test
    void shardsTileFromTheTallyAndShareTheTimeLeft() {
        // First round: no rate known yet, one shard (several could each score the whole target), a quarter of the
        // time: all of shardSize on one slot, ...
        assertEquals(List.of(new Range(0, 40_000, 15)), planner.plan(tally(0, 0, false, 0), budget, 1));
        // ... a one-chunk probe when the cell has several slots (the rounds after it, sized from its rate, take them).
        assertEquals(List.of(new Range(0, ShardSampler.CHUNK, 15)), planner.plan(tally(0, 0, false, 0), budget, 3));
        // Later rounds: half of the 50 s left, shared.
        assertEquals(List.of(new Range(300_000, 40_000, 25)), planner.plan(tally(300_000, 0, false, 10), budget, 1));
    }

    @Test
    void shardsShrinkToWhatTheirTimeHoldsAtTheObservedRate() {
        // 300 candidates per shard-second, half of 50 s: 0.9 * 300 * 25 = 6,750, rounded down to whole chunks.
        assertEquals(List.of(new Range(3000, 4096, 25)), planner.plan(tally(3000, 0, false, 10), budget, 1));
        // 3000 per shard-second: 67,500 fit, so the full 40,000.
        assertEquals(List.of(new Range(30_000, 40_000, 25)), planner.plan(tally(30_000, 0, false, 10), budget, 1));
        // Never below one chunk.
        assertEquals(List.of(new Range(30, ShardSampler.CHUNK, 25)), planner.plan(tally(30, 0, false, 10), budget, 1));
    }

    @Test
    void noMoreShardsThanTheTargetStillNeeds() {
        // 5 of 10 accepted in 50,000: about 55,000 more candidates are needed, two 40,000 shards on two slots ...
        assertEquals(2, planner.plan(tally(50_000, 5, false, 1), budget, 2).size());
        // ... and on 8 slots, 8 shards sharing the 55,000 (at least a chunk each): together no more than needed.
        List<Range> spread = planner.plan(tally(50_000, 5, false, 1), budget, 8);
        assertEquals(8, spread.size());
        assertTrue(spread.stream().allMatch(r -> r.count() == 6_875), spread.toString());
        // 1 of 10 accepted in 4,096 (a probe): 40,550 needed, 9 chunks' worth, so all 4 slots.
        List<Range> fromProbe = planner.plan(tally(ShardSampler.CHUNK, 1, false, 1), budget, 4);
        assertEquals(4, fromProbe.size());
        assertEquals(40_551, fromProbe.stream().mapToLong(Range::count).sum(), 4);
        // Less than two chunks needed: one shard, whatever the slots.
        assertEquals(1, planner.plan(tally(50_000, 9, false, 1), new Budget(10, 1_000_000, 60), 8).size());
    }

    @Test
    void shardsExpectABoundedShareOfTheirSampleCapAndTogetherTheNeedWithItsMargin() {
        ShardPlanner big = new ShardPlanner(1L << 24);
        Budget many = new Budget(3_000_000, 1L << 40, 1e6);
        // One in two accepted: 0.8 * 2^17 acceptances expected in 209,715 candidates, rounded down to 51 chunks.
        List<Range> easy = big.plan(tally(10_000, 5_000, false, 1), many, 4);
        assertEquals(4, easy.size());
        assertTrue(easy.stream().allMatch(r -> r.count() == 51 * ShardSampler.CHUNK), easy.toString());
        // 100 still needed at one in two: 220 candidates, one chunk, one shard.
        assertEquals(List.of(new Range(10_000, ShardSampler.CHUNK, 0.5 * (1e6 - 1))),
                big.plan(tally(10_000, 5_000, false, 1), new Budget(5_100, 1L << 40, 1e6), 4));
        // 300,000 still needed: 660,000 candidates, 4 shards of 165,000 (each expecting 82,500 acceptances).
        List<Range> shared = big.plan(tally(10_000, 5_000, false, 1), new Budget(305_000, 1L << 40, 1e6), 4);
        assertEquals(4, shared.size());
        assertTrue(shared.stream().allMatch(r -> r.count() == 165_000), shared.toString());
    }

    @Test
    void theCandidateBudgetIsNeverExceeded() {
        assertEquals(List.of(new Range(990_000, 10_000, 29.5)), planner.plan(tally(990_000, 0, false, 1), budget, 4));
        // Shards still running count as launched.
        assertEquals(List.of(new Range(990_000, 10_000, 14.75)),
                planner.plan(tally(950_000, 0, false, 1), budget, 4, List.of(new Range(950_000, 40_000, 29.5))));
        assertTrue(planner.plan(tally(960_000, 0, false, 1), budget, 4, List.of(new Range(960_000, 40_000, 29.5)))
                .isEmpty());
    }

    @Test
    void finishedCellsGetNothing() {
        assertTrue(planner.plan(tally(500, 10, true, 0), budget, 4).isEmpty());
        assertTrue(planner.plan(tally(1_000_000, 3, false, 0), budget, 4).isEmpty());
        assertTrue(planner.plan(tally(10, 0, false, 59.995), budget, 4).isEmpty());
        assertTrue(ShardPlanner.done(tally(10, 0, false, 61), budget));
    }

    @Test
    void theNextRoundTilesOnAfterTheRunningOneAndKeepsWithinTheTimeLeft() {
        List<Range> running = planner.plan(tally(300_000, 0, false, 10), budget, 2);
        assertEquals(List.of(new Range(300_000, 40_000, 12.5), new Range(340_000, 40_000, 12.5)), running);
        // 50 s left, 25 of them promised to the running shards: half of the other 25, shared.
        assertEquals(List.of(new Range(380_000, 40_000, 6.25), new Range(420_000, 40_000, 6.25)),
                planner.plan(tally(300_000, 0, false, 10), budget, 2, running));
        // The running shards' time limits sum to all the time left: nothing more may start.
        assertTrue(planner.plan(tally(300_000, 0, false, 10), budget, 2,
                List.of(new Range(300_000, 40_000, 49.995))).isEmpty());
    }

    @Test
    void nothingIsPlannedAheadWhereTheRunningRoundDecidesIt() {
        // The first round has not reported: no rate yet.
        List<Range> first = planner.plan(tally(0, 0, false, 0), budget, 2);
        assertTrue(planner.plan(tally(0, 0, false, 0), budget, 2, first).isEmpty());
        // The running shards do not start where the tally ends (an earlier shard left a gap).
        assertTrue(planner.plan(tally(200_000, 0, false, 10), budget, 2,
                List.of(new Range(300_000, 40_000, 10))).isEmpty());
        // 5 of 10 accepted in 50,000: the 80,000 running candidates should bring the other 5 (55,000 needed).
        assertTrue(planner.plan(tally(50_000, 5, false, 1), budget, 8,
                List.of(new Range(50_000, 40_000, 10), new Range(90_000, 40_000, 10))).isEmpty());
        // ... while 40,000 leave 15,000 to plan: one more shard, of those 15,000, on one slot, or three of
        // 5,000 (whole chunks' worth each) on 8.
        assertEquals(List.of(new Range(90_000, 15_000, 24.5)),
                planner.plan(tally(50_000, 5, false, 1), budget, 1, List.of(new Range(50_000, 40_000, 10))));
        assertEquals(List.of(new Range(90_000, 5_000, 49 / 6.0), new Range(95_000, 5_000, 49 / 6.0),
                        new Range(100_000, 5_000, 49 / 6.0)),
                planner.plan(tally(50_000, 5, false, 1), budget, 8, List.of(new Range(50_000, 40_000, 10))));
    }
}
