package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gnc.spec.Budget;
import org.junit.jupiter.api.Test;

/** The sweep scheduler on fake shard results: no sampling, no Spark. */
class SweepSchedulerTest {
    /** A budget that only the target ends: a million candidates, a day. */
    private static Budget target(long accepted) {
        return new Budget(accepted, 1_000_000, 86_400);
    }

    private static SweepScheduler scheduler(int slots, Budget budget, String... ids) {
        List<SweepScheduler.Cell> cells = new ArrayList<>();
        for (String id : ids) {
            cells.add(new SweepScheduler.Cell(id, budget, 1000));
        }
        return new SweepScheduler(cells, slots);
    }

    /**
     * What a shard of a fake cell finds: every candidate whose index is a multiple of {@code every} is
     * accepted; it stops after its {@code stopAfterAccepted}-th acceptance and takes {@code perCandidate}
     * seconds a candidate.
     */
    private static ShardOutput fake(ShardTask task, long every, double perCandidate) {
        List<Sample> samples = new ArrayList<>();
        long first = task.range().first();
        long scanned = 0;
        while (scanned < task.range().count() && samples.size() < task.stopAfterAccepted()) {
            if ((first + scanned) % every == 0) {
                samples.add(new Sample(first + scanned, 0, 0));
            }
            scanned++;
        }
        return new ShardOutput(task.cellId(), task.shard(), new ShardResult(first, scanned, samples,
                scanned * perCandidate));
    }

    /** The outputs of a round, every shard accepting one candidate in {@code every}, 1 ms a candidate. */
    private static List<ShardOutput> run(List<ShardTask> round, long every) {
        return round.stream().map(t -> fake(t, every, 1e-3)).toList();
    }

    /** A round as "cell#shard[first,end)" items. */
    private static String layout(List<ShardTask> round) {
        return round.stream().map(t -> t.cellId() + "#" + t.shard() + "[" + t.range().first() + ","
                + (t.range().first() + t.range().count()) + ")").collect(Collectors.joining(" "));
    }

    @Test
    void eachOpenCellGetsAnEqualShareOfTheSlots() {
        // 2 cells, 6 slots: a cell's first round is one shard (no rate yet), tiling from 0, numbered from 0 ...
        SweepScheduler two = scheduler(6, target(1000), "a", "b");
        List<ShardTask> first = two.nextRound();
        assertEquals("a#0[0,1000) b#0[0,1000)", layout(first));
        two.finish(run(first, 7));
        // ... then 3 shards each (143 accepted in 1,000: the 857 still needed take some 6,600 candidates).
        assertEquals("a#1[1000,2000) a#2[2000,3000) a#3[3000,4000) b#1[1000,2000) b#2[2000,3000) b#3[3000,4000)",
                layout(two.nextRound()));
        // 4 cells, 6 slots: floor(6 / 4) = 1 shard each.
        assertEquals("a#0[0,1000) b#0[0,1000) c#0[0,1000) d#0[0,1000)",
                layout(scheduler(6, target(10), "a", "b", "c", "d").nextRound()));
        // 5 cells, 3 slots: one shard each for the first three in grid order.
        assertEquals("a#0[0,1000) b#0[0,1000) c#0[0,1000)",
                layout(scheduler(3, target(10), "a", "b", "c", "d", "e").nextRound()));
        // The shards carry what the target still needs.
        assertTrue(scheduler(6, target(10), "a", "b").nextRound().stream().allMatch(t -> t.stopAfterAccepted() == 10));
    }

    /**
     * A lone cell (fewer open cells than slots) does not run its first round on one core: it starts with a
     * one-chunk probe, and every round after it, sized from the probe's rate, takes all the slots.
     */
    @Test
    void aLoneCellProbesThenSpreadsOverItsSlots() {
        SweepScheduler s = new SweepScheduler(List.of(new SweepScheduler.Cell("a", target(100), 1L << 20)), 4);
        List<ShardTask> probe = s.nextRound();
        assertEquals("a#0[0,4096)", layout(probe));
        assertTrue(s.nextRound().isEmpty(), "no rate yet");
        s.finish(run(probe, 997));
        // 5 accepted in 4,096: 1.1 * 95 * 4096 / 5 = 85,606 candidates needed, shared by the 4 slots.
        List<ShardTask> second = s.nextRound();
        assertEquals("a#1[4096,25498) a#2[25498,46900) a#3[46900,68302) a#4[68302,89704)", layout(second));
        // The probe overestimated the rate (5 in its 4,096, one in 997 on the whole): 90 accepted so far.
        s.finish(run(second, 997));
        assertEquals(90, s.tally("a").accepted());
        for (List<ShardTask> r; !(r = s.nextRound()).isEmpty(); ) {
            s.finish(run(r, 997));
        }
        assertEquals(100, s.tally("a").accepted());
        assertEquals(99 * 997 + 1, s.tally("a").attempts());
        // One slot: the whole first shard, as before.
        SweepScheduler one = new SweepScheduler(List.of(new SweepScheduler.Cell("a", target(100), 1L << 20)), 1);
        assertEquals("a#0[0,1000000)", layout(one.nextRound()));
    }

    @Test
    void theCellsWithTheFewestShardsLaunchedGoFirstTiesInGridOrder() {
        SweepScheduler s = scheduler(2, target(1000), "a", "b", "c");
        List<ShardTask> first = s.nextRound();
        assertEquals("a#0[0,1000) b#0[0,1000)", layout(first));
        // Planned while the first is in flight: c has launched none, so it goes first; a, next, has no
        // rate before its first round reports, so ShardPlanner gives it nothing yet.
        List<ShardTask> second = s.nextRound();
        assertEquals("c#0[0,1000)", layout(second));
        assertTrue(s.nextRound().isEmpty(), "two rounds in flight");

        assertEquals(List.of("a", "b"), s.finish(run(first, 7)));
        // One shard launched each: grid order.
        List<ShardTask> third = s.nextRound();
        assertEquals("a#1[1000,2000) b#1[1000,2000)", layout(third));
        s.finish(run(second, 7));
        // c has launched 1, a and b 2: c first, then a (tiling on after its shard in flight).
        assertEquals("c#1[1000,2000) a#2[2000,3000)", layout(s.nextRound()));
    }

    @Test
    void aRoundNeverHasMoreThanSlotsShardsNorAreMoreThanTwoRoundsInFlight() {
        for (int cells = 1; cells <= 6; cells++) {
            for (int slots = 1; slots <= 9; slots++) {
                String[] ids = new String[cells];
                for (int i = 0; i < cells; i++) {
                    ids[i] = "c" + i;
                }
                SweepScheduler s = scheduler(slots, new Budget(40, 60_000, 86_400), ids);
                Deque<List<ShardTask>> flights = new ArrayDeque<>();
                while (true) {
                    for (List<ShardTask> r; !(r = s.nextRound()).isEmpty(); ) {
                        assertTrue(r.size() <= slots, cells + " cells, " + slots + " slots: " + layout(r));
                        flights.add(r);
                        assertTrue(flights.size() <= SweepScheduler.MAX_ROUNDS_IN_FLIGHT);
                        assertEquals(flights.size(), s.roundsInFlight());
                    }
                    if (flights.isEmpty()) {
                        break;
                    }
                    s.finish(run(flights.removeFirst(), 997));
                }
                assertEquals(cells, s.cellsDone());
                for (String id : ids) {
                    assertEquals(40, s.tally(id).accepted());
                    assertTrue(s.tally(id).targetReached());
                }
            }
        }
    }

    /**
     * Many small cells share tasks: a round serves several cells per slot, dealt out to at most
     * {@code slots} tasks of at most {@link SweepScheduler#MAX_SHARDS_PER_TASK} shards each, and every cell
     * ends with the tally it has alone.
     */
    @Test
    void manySmallCellsShareTasks() {
        String[] forty = new String[40];
        for (int i = 0; i < forty.length; i++) {
            forty[i] = "c" + i;
        }
        SweepScheduler s = scheduler(2, target(10), forty);
        // 40 open cells, 2 slots: 40 / (2 * 2 * 2) = 5 shards a task, so 10 cells a round, in 2 tasks.
        List<ShardTask> first = s.nextRound();
        assertEquals(10, first.size());
        List<List<ShardTask>> tasks = s.tasks(first);
        assertEquals(2, tasks.size());
        assertEquals("c0#0[0,1000) c2#0[0,1000) c4#0[0,1000) c6#0[0,1000) c8#0[0,1000)", layout(tasks.get(0)));
        assertEquals("c1#0[0,1000) c3#0[0,1000) c5#0[0,1000) c7#0[0,1000) c9#0[0,1000)", layout(tasks.get(1)));
        assertEquals(first, tasks.stream().flatMap(List::stream).sorted(java.util.Comparator.comparing(
                (ShardTask t) -> Integer.parseInt(t.cellId().substring(1)))).toList());

        int cells = 3000;
        String[] ids = new String[cells];
        for (int i = 0; i < cells; i++) {
            ids[i] = "c" + i;
        }
        SweepScheduler many = scheduler(4, target(10), ids);
        Deque<List<ShardTask>> flights = new ArrayDeque<>();
        int rounds = 0;
        while (true) {
            for (List<ShardTask> r; !(r = many.nextRound()).isEmpty(); ) {
                List<List<ShardTask>> t = many.tasks(r);
                assertTrue(t.size() <= 4);
                assertTrue(t.stream().allMatch(l -> l.size() <= SweepScheduler.MAX_SHARDS_PER_TASK), layout(r));
                assertEquals(r.size(), t.stream().mapToInt(List::size).sum());
                flights.add(r);
                rounds++;
            }
            if (flights.isEmpty()) {
                break;
            }
            many.finish(run(flights.removeFirst(), 7));
        }
        // 16 shards a task while at least 256 cells are open: some 47 rounds of 64 cells and a tail, not 750.
        assertTrue(rounds < 80, rounds + " rounds");
        for (String id : ids) {
            assertEquals(64, many.tally(id).attempts());
            assertEquals(10, many.tally(id).accepted());
        }
    }

    @Test
    void aRoundIsPlannedWhileOneIsInFlightOnlyWhereShardPlannerAllows() {
        SweepScheduler s = scheduler(2, target(1000), "a");
        List<ShardTask> first = s.nextRound();
        assertEquals("a#0[0,1000)", layout(first));
        // No rate before the first round reports.
        assertTrue(s.nextRound().isEmpty());
        assertEquals(1, s.roundsInFlight());
        s.finish(run(first, 7));

        List<ShardTask> second = s.nextRound();
        assertEquals("a#1[1000,2000) a#2[2000,3000)", layout(second));
        // A rate is known now, and the second round starts where the tally ends: the third tiles on.
        List<ShardTask> third = s.nextRound();
        assertEquals("a#3[3000,4000) a#4[4000,5000)", layout(third));
        assertTrue(s.nextRound().isEmpty(), "never more than two rounds in flight");

        // Shard 1 stops early (a gap at 1500): nothing may be planned behind shards 3 and 4 while they
        // run, since they no longer start where the tally ends ...
        List<ShardOutput> stopped = new ArrayList<>(run(second, 7));
        ShardResult cut = stopped.get(0).result();
        stopped.set(0, new ShardOutput("a", 1, new ShardResult(cut.firstIndex(), 500,
                cut.samples().stream().filter(x -> x.index() < 1500).toList(), cut.seconds())));
        s.finish(stopped);
        assertEquals(1500, s.tally("a").attempts());
        assertTrue(s.nextRound().isEmpty());
        // ... and once they report, the gap alone is planned (shards 2 to 4 scanned what follows it) ...
        s.finish(run(third, 7));
        List<ShardTask> gap = s.nextRound();
        assertEquals("a#5[1500,2000)", layout(gap));
        assertTrue(s.nextRound().isEmpty(), "nothing behind the gap while it is filled");
        // ... and once it is filled the tally covers the waiting shards, and tiling goes on after them.
        s.finish(run(gap, 7));
        assertEquals(5000, s.tally("a").attempts());
        assertTrue(layout(s.nextRound()).startsWith("a#6[5000,"));
    }

    @Test
    void finishedCellsGetNoShards() {
        SweepScheduler s = scheduler(4, target(3), "a", "b");
        List<ShardTask> first = s.nextRound();
        // a accepts one candidate in 100 and reaches its target in its first shard; b one in 2,000.
        List<ShardOutput> outputs = first.stream().map(t -> fake(t, t.cellId().equals("a") ? 100 : 2000, 1e-3))
                .toList();
        s.finish(outputs);
        assertTrue(s.done("a"));
        assertFalse(s.done("b"));
        assertEquals(1, s.cellsDone());
        assertEquals(201, s.tally("a").attempts());
        for (List<ShardTask> r; !(r = s.nextRound()).isEmpty(); ) {
            assertTrue(r.stream().allMatch(t -> t.cellId().equals("b")), layout(r));
            s.finish(run(r, 2000));
        }
        assertEquals(2, s.cellsDone());
        assertEquals(1, s.shards("a").size());
    }

    /**
     * A cell scores at most about 10% more accepted networks than its target, whatever its acceptance
     * rate and however many slots its shards may take, and each shard sends back a bounded number.
     */
    @Test
    void shardsSizedFromTheRunningEstimateOvershootByAtMostTenPercent() {
        for (long every : new long[] {1, 2, 13, 997}) {
            for (long target : new long[] {30, 5_000, 300_000}) {
                for (int slots : new int[] {1, 4, 16}) {
                    SweepScheduler s = new SweepScheduler(List.of(new SweepScheduler.Cell("a",
                            new Budget(target, 1L << 40, 1e9), 1L << 24)), slots, false);
                    long scored = runToTheEnd(s, round -> {
                        List<ShardOutput> outputs = run(round, every);
                        for (ShardOutput o : outputs) {
                            assertTrue(o.result().accepted() <= ShardPlanner.MAX_SAMPLES_PER_SHARD);
                        }
                        return outputs;
                    });
                    String label = "1 in " + every + ", target " + target + ", " + slots + " slots";
                    assertEquals(target, s.tally("a").accepted(), label);
                    assertTrue(scored <= 1.1 * target, label + ": scored " + scored);
                }
            }
        }
    }

    /**
     * Runs a scheduler's rounds to the end, two in flight, each by {@code runRound}, scoring (as a sweep's
     * driver does) the acceptances its shards left unscored that can still be kept; the accepted networks
     * scored in all.
     */
    private static long runToTheEnd(SweepScheduler s, Function<List<ShardTask>, List<ShardOutput>> runRound) {
        long[] scored = runToTheEndScoring(s, runRound);
        return scored[0] + scored[1];
    }

    /** {@link #runToTheEnd}, the accepted networks scored by the shards and by the driver apart, in that order. */
    private static long[] runToTheEndScoring(SweepScheduler s, Function<List<ShardTask>, List<ShardOutput>> runRound) {
        long[] scored = {0, 0};
        Deque<List<ShardTask>> flights = new ArrayDeque<>();
        while (true) {
            for (List<ShardTask> r; !(r = s.nextRound()).isEmpty(); ) {
                flights.add(r);
            }
            if (flights.isEmpty()) {
                return scored;
            }
            List<ShardOutput> outputs = runRound.apply(flights.removeFirst());
            outputs.forEach(o -> scored[0] += o.result().scored());
            s.finish(s.scoreKeepable(outputs, (id, index) -> {
                scored[1]++;
                return fakeMistakes(index);
            }));
        }
    }

    /**
     * A cell whose target is many shards' worth of acceptances ({@link ShardPlanner#MAX_SAMPLES_PER_SHARD} each)
     * has its networks scored by its shards, in parallel, not by the driver: a shard that is not the first of its
     * round leaves unscored only what lies beyond the target still needed, not beyond its own stop, so the driver
     * scores only some of the last rounds' acceptances (here 4% and 11% of the target). (When a shard left all but
     * a fifth of its acceptances to the driver, the driver scored 84% of them here, one by one, and most of a
     * 3,000,000-sample sweep's.)
     */
    @Test
    void shardsOfALargeTargetScoreWhatTheyFindAndLeaveTheDriverLittle() {
        for (long every : new long[] {1, 3}) {
            long target = 800_000;
            SweepScheduler s = new SweepScheduler(List.of(new SweepScheduler.Cell("a",
                    new Budget(target, 1L << 40, 1e9), 1L << 24)), 4, false);
            long[] scored = runToTheEndScoring(s, round -> round.stream().map(t -> randomShard(t, 7, every)).toList());
            String label = "1 in " + every + ": " + scored[0] + " scored by the shards, " + scored[1] + " by the driver";
            assertEquals(target, s.tally("a").accepted(), label);
            assertTrue(scored[0] + scored[1] <= 1.1 * target, label);
            assertTrue(scored[1] <= 0.15 * target, label);
        }
    }

    /** Is candidate {@code index} accepted, with probability 1 / {@code every}, for {@code seed}? */
    private static boolean randomlyAccepted(long seed, long index, long every) {
        long z = (index + seed * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return Long.remainderUnsigned(z ^ (z >>> 29), every) == 0;
    }

    /** Test mistakes of a fake accepted network: a function of its index. */
    private static int fakeMistakes(long index) {
        return (int) (index % 11);
    }

    /** A shard of a fake random cell that scores at most {@code task.scoreAtMost()}, as ShardSampler does. */
    private static ShardOutput randomShard(ShardTask task, long seed, long every) {
        List<Sample> samples = new ArrayList<>();
        long first = task.range().first();
        long scanned = 0;
        while (scanned < task.range().count() && samples.size() < task.stopAfterAccepted()) {
            long i = first + scanned++;
            if (randomlyAccepted(seed, i, every)) {
                samples.add(new Sample(i, 0, samples.size() < task.scoreAtMost() ? fakeMistakes(i) : Sample.UNSCORED));
            }
        }
        return new ShardOutput(task.cellId(), task.shard(), new ShardResult(first, scanned, samples, scanned * 1e-6));
    }

    /**
     * Whatever the luck of the draw, a lone cell with many slots and a grid's cells score on the test set at
     * most ceil(1.1 T) + 2 accepted networks to keep T (here: at most ceil(1.1 T) + 2 over every seed, target,
     * rate and number of slots below), and they keep exactly the first T acceptances in index order, scored.
     */
    @Test
    void acceptedNetworksScoredStayWithinTenPercentOfTheTargetForEverySeed() {
        for (long seed = 0; seed < 4; seed++) {
            for (long target : new long[] {5, 20, 200, 3_000}) {
                for (long every : new long[] {3, 40, 1_000}) {
                    for (int slots : new int[] {4, 16}) {
                        for (int cells : new int[] {1, 3, 40}) {
                            if (cells * target * every > 4_000_000) {
                                continue;
                            }
                            List<SweepScheduler.Cell> grid = new ArrayList<>();
                            for (int c = 0; c < cells; c++) {
                                grid.add(new SweepScheduler.Cell("c" + c, new Budget(target, 1L << 40, 1e9), 1L << 20));
                            }
                            SweepScheduler s = new SweepScheduler(grid, slots);
                            long cellSeed = seed;
                            long scored = runToTheEnd(s, round -> round.stream()
                                    .map(t -> randomShard(t, cellSeed * 1000 + t.cellId().hashCode(), every)).toList());
                            String label = "seed " + seed + ", 1 in " + every + ", target " + target + ", " + slots
                                    + " slots, " + cells + " cells";
                            long kept = 0;
                            for (SweepScheduler.Cell c : grid) {
                                List<Sample> expected = new ArrayList<>();
                                for (long i = 0; expected.size() < target; i++) {
                                    if (randomlyAccepted(cellSeed * 1000 + c.id().hashCode(), i, every)) {
                                        expected.add(new Sample(i, 0, fakeMistakes(i)));
                                    }
                                }
                                assertEquals(expected, s.tally(c.id()).samples(), label);
                                kept += target;
                            }
                            assertTrue(scored <= Math.ceil(1.1 * kept) + 2, label + ": scored " + scored);
                        }
                    }
                }
            }
        }
    }

    /** A saved shard resumed under a larger target gets its unscored acceptances scored, the others kept. */
    @Test
    void scoreAllScoresOnlyWhatWasLeftUnscored() {
        ShardOutput saved = new ShardOutput("a", 3, new ShardResult(100, 50, List.of(new Sample(101, 0, 7),
                new Sample(120, 1, Sample.UNSCORED), new Sample(140, 0, Sample.UNSCORED)), 0.5));
        assertEquals(1, saved.result().scored());
        ShardOutput all = SweepScheduler.scoreAll(saved, (id, index) -> (int) index % 11);
        assertEquals(List.of(new Sample(101, 0, 7), new Sample(120, 1, 120 % 11), new Sample(140, 0, 140 % 11)),
                all.result().samples());
        assertEquals(3, all.result().scored());
        assertTrue(all == SweepScheduler.scoreAll(all, (id, index) -> { throw new AssertionError("scored twice"); }));
    }

    @Test
    void aSchedulerThatHoldsNoSamplesKeepsTheirRunsAndTheSameTally() {
        List<SweepScheduler.Cell> cells = List.of(new SweepScheduler.Cell("a", target(150), 1000));
        SweepScheduler holding = new SweepScheduler(cells, 3);
        SweepScheduler lean = new SweepScheduler(cells, 3, false);
        Map<Integer, ShardOutput> byShard = new java.util.HashMap<>();
        for (List<ShardTask> round; !(round = holding.nextRound()).isEmpty(); ) {
            List<ShardOutput> outputs = run(round, 7);
            holding.finish(outputs);
            assertEquals(layout(round), layout(lean.nextRound()));
            lean.finish(outputs);
            outputs.forEach(o -> byShard.put(o.shard(), o));
        }
        CellTally held = holding.tally("a");
        assertTrue(held.targetReached());
        assertTrue(lean.tally("a").samples().isEmpty());
        assertEquals(held.attempts(), lean.tally("a").attempts());
        assertEquals(held.mistakes(), lean.tally("a").mistakes());
        assertTrue(lean.shards("a").stream().allMatch(o -> o.result().samples().isEmpty() && o.result().accepted() > 0));
        List<Sample> rebuilt = new ArrayList<>();
        for (TallyFold.Kept k : lean.kept("a")) {
            k.select(byShard.get(k.shard()).result().samples()).forEach(rebuilt::add);
        }
        assertEquals(held.samples(), rebuilt);
    }

    @Test
    void aResumedSweepContinuesAfterItsSavedShards() {
        SweepScheduler before = scheduler(2, target(5), "a", "b");
        List<ShardTask> first = before.nextRound();
        // a is done after its first round, b is not.
        before.finish(first.stream().map(t -> fake(t, t.cellId().equals("a") ? 100 : 1000, 1e-3)).toList());
        assertTrue(before.done("a"));
        assertFalse(before.done("b"));

        SweepScheduler after = scheduler(2, target(5), "a", "b");
        after.resume(Map.of("a", before.shards("a"), "b", before.shards("b"), "other-sweep", List.of()));
        assertEquals(before.tally("a"), after.tally("a"));
        assertEquals(before.tally("b"), after.tally("b"));
        assertTrue(after.done("a"));
        // Only b runs on, numbered and tiled after its saved shard, exactly as the uninterrupted sweep.
        List<ShardTask> next = after.nextRound();
        assertEquals(layout(before.nextRound()), layout(next));
        assertEquals("b#1[1000,2000) b#2[2000,3000)", layout(next));
        assertThrows(IllegalStateException.class, () -> after.resume(Map.of()));
    }

    @Test
    void outputsMustBeThoseOfTheOldestRoundInFlight() {
        SweepScheduler s = scheduler(2, target(1000), "a", "b", "c");
        List<ShardTask> first = s.nextRound();
        List<ShardTask> second = s.nextRound();
        assertThrows(IllegalArgumentException.class, () -> s.finish(run(second, 7)));
        assertThrows(IllegalArgumentException.class, () -> s.finish(run(first.subList(0, 1), 7)));
        s.finish(run(first, 7));
        s.finish(run(second, 7));
        assertThrows(IllegalStateException.class, () -> s.finish(List.of()));
    }

    /**
     * The shard layout of a sweep with a time budget, a candidate budget and targets, on 5 slots with two
     * rounds in flight, as SweepJob's own planning loop produced it before the scheduler existed (the same
     * fake shards fed back in the same order).
     */
    @Test
    void theLayoutIsTheOneSweepJobPlannedBefore() {
        List<SweepScheduler.Cell> cells = List.of(
                new SweepScheduler.Cell("a", new Budget(12, 30_000, 86_400), 2000),
                new SweepScheduler.Cell("b", new Budget(4, 1_000_000, 40), 3000),
                new SweepScheduler.Cell("c", new Budget(1000, 9_000, 86_400), 1500));
        Map<String, Long> every = Map.of("a", 331L, "b", 2_917L, "c", 1_000L);
        Map<String, Double> perCandidate = Map.of("a", 1e-4, "b", 4e-3, "c", 1e-5);
        SweepScheduler s = new SweepScheduler(cells, 5);
        List<String> log = new ArrayList<>();
        Deque<List<ShardTask>> flights = new ArrayDeque<>();
        while (true) {
            for (List<ShardTask> r; !(r = s.nextRound()).isEmpty(); ) {
                log.add(layout(r));
                flights.add(r);
            }
            if (flights.isEmpty()) {
                break;
            }
            List<ShardOutput> outputs = flights.removeFirst().stream()
                    .map(t -> fake(t, every.get(t.cellId()), perCandidate.get(t.cellId()))).toList();
            log.add("finish " + s.finish(outputs));
        }
        assertEquals(List.of(
                "a#0[0,2000) b#0[0,3000) c#0[0,1500)",
                "finish [a, b, c]",
                "a#1[2000,4000) b#1[3000,6000) c#1[1500,3000)",
                // b's shards shrink to what their time holds, in whole chunks (here above its shard size).
                "b#2[6000,10096) c#2[3000,4500)",
                "finish [a, b, c]",
                "c#3[4500,6000) c#4[6000,7500)",
                "finish [b, c]",
                "c#5[7500,9000)",
                "finish [c]",
                "finish [c]"), log);
        // a reached its target, b spent its time, c its candidates.
        assertEquals(3642, s.tally("a").attempts());
        assertTrue(s.tally("a").targetReached());
        assertEquals(8752, s.tally("b").attempts());
        assertEquals(40.384, s.tally("b").seconds(), 1e-9);
        assertEquals(9000, s.tally("c").attempts());
        assertEquals(3, s.cellsDone());
    }
}
