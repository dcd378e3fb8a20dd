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
        // First round: no rate known yet, a quarter of the time.
        assertEquals(List.of(new Range(0, 40_000, 5), new Range(40_000, 40_000, 5), new Range(80_000, 40_000, 5)),
                planner.plan(tally(0, 0, false, 0), budget, 3));
        assertEquals(List.of(new Range(300_000, 40_000, 50)), planner.plan(tally(300_000, 0, false, 10), budget, 1));
    }

    @Test
    void shardsShrinkToWhatTheirTimeHoldsAtTheObservedRate() {
        // 300 candidates per shard-second, 50 s left: 0.9 * 300 * 50 = 13,500, rounded down to whole chunks.
        assertEquals(List.of(new Range(3000, 12_288, 50)), planner.plan(tally(3000, 0, false, 10), budget, 1));
        // Never below one chunk.
        assertEquals(List.of(new Range(30, ShardSampler.CHUNK, 50)), planner.plan(tally(30, 0, false, 10), budget, 1));
    }

    @Test
    void noMoreShardsThanTheTargetStillNeeds() {
        // 5 of 10 accepted in 50,000: about 55,000 more candidates are needed, two 40,000 shards.
        assertEquals(2, planner.plan(tally(50_000, 5, false, 1), budget, 8).size());
    }

    @Test
    void theCandidateBudgetIsNeverExceeded() {
        assertEquals(List.of(new Range(990_000, 10_000, 59)), planner.plan(tally(990_000, 0, false, 1), budget, 4));
    }

    @Test
    void finishedCellsGetNothing() {
        assertTrue(planner.plan(tally(500, 10, true, 0), budget, 4).isEmpty());
        assertTrue(planner.plan(tally(1_000_000, 3, false, 0), budget, 4).isEmpty());
        assertTrue(planner.plan(tally(10, 0, false, 59.995), budget, 4).isEmpty());
        assertTrue(ShardPlanner.done(tally(10, 0, false, 61), budget));
    }
}
