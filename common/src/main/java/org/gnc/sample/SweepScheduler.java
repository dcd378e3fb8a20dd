package org.gnc.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gnc.spec.Budget;

/**
 * Plans the shards of a whole sweep in rounds, across its cells, and keeps each cell's progress: its
 * finished shards, their {@link CellTally}, and its shards in flight. It plans, the caller runs: there
 * are no threads and no clock in here, so the same shard results fed back give the same plans.
 *
 * <p>The caller's loop: ask for {@link #nextRound()} until it is empty (at most
 * {@link #MAX_ROUNDS_IN_FLIGHT} rounds are in flight), run the oldest round's tasks anywhere, hand their
 * outputs back with {@link #finish}, and start over; when no round is in flight and {@code nextRound()}
 * is empty, every cell is {@linkplain #done done} and {@link #tally} is its result.
 *
 * <p><b>The rules of a round.</b> A cell is open while {@link ShardPlanner#done} says it is short of its
 * budget; finished cells get no shards. Let {@code launched(c)} be cell c's shards finished plus in
 * flight. The open cells are sorted by {@code launched} (a stable sort, so ties keep grid order); the
 * first {@code min(open, slots * pack)} of them ({@code pack} below; 1 unless many cells are open) each
 * get up to {@code perCell = max(1, floor(slots / open))}
 * shards, as many as their {@link ShardPlanner} plans given their shards in flight (sized from the cell's
 * running acceptance estimate), each stopping after what the target still needs or
 * {@link ShardPlanner#MAX_SAMPLES_PER_SHARD} acceptances, whichever is fewer. So when more cells
 * are open than there are slots, each round serves the cells served least so far; otherwise each open
 * cell gets an equal share.
 *
 * <p><b>Small cells share a task.</b> With many open cells, a round serves {@code slots * pack} of them
 * rather than {@code slots}, one shard each, where {@code pack = min(}{@link #MAX_SHARDS_PER_TASK}{@code ,
 * max(1, floor(open / (2 * }{@link #MAX_ROUNDS_IN_FLIGHT}{@code  * slots))))} (so the rounds in flight
 * serve at most half of the open cells), and {@link #tasks} deals its shards out to at most {@code slots}
 * tasks, each running its shards one after the other: a sweep of many small cells runs far fewer Spark
 * tasks and rounds, each long enough that Spark's fixed cost per task and per job stays small. {@code pack}
 * is a function of the numbers of open cells and slots, never of timings, so the shard layout stays a
 * function of the results fed back; and which task runs a shard changes nothing it finds.
 *
 * <p><b>A round has at most {@code slots} tasks.</b> If {@code open <= slots}, it has at most
 * {@code open * floor(slots / open) <= slots} shards, one a task; if {@code open > slots},
 * {@code perCell = 1}, {@code slots * pack} cells take part and each task has at most {@code pack} shards.
 *
 * <p><b>Overlap.</b> A round may be planned while one is in flight, so that the executors never wait for
 * a round's last shard; its shards tile on after those in flight, and {@link ShardPlanner} decides how
 * many a cell may start before they report (none before its first round has reported or after a gap,
 * and only within the time budget the running shards leave). Never more than two rounds are in flight.
 *
 * <p><b>Numbering and tiling.</b> A cell's new shard is numbered {@code launched(c)} at planning time,
 * and every planned shard counts in {@code launched} from then on (in flight, then finished, as
 * {@link #finish} accepts exactly the oldest round's outputs). So a cell's shards are numbered 0, 1,
 * 2, ... in planning order, each number once; {@link ShardPlanner} tiles their ranges on from the end
 * of the tally and the shards in flight, except that after a gap (a shard stopped early by its time limit,
 * with later shards waiting in the {@link TallyFold}) only the gap is planned, up to where the first waiting
 * shard starts, so that nothing is scanned twice; once it reports, the tally covers the waiting shards too
 * and tiling goes on after them. A checkpoint's shards ({@link #resume}), numbered by the same
 * rule in an earlier run, are finished shards like any other.
 */
public final class SweepScheduler {
    /** Rounds in flight at once at most: one running, the next submitted behind it. */
    public static final int MAX_ROUNDS_IN_FLIGHT = 2;

    /** The most shards one task runs, one after the other, when many small cells share tasks. */
    public static final int MAX_SHARDS_PER_TASK = 16;

    /** A cell as the scheduler sees it: its id, its budget and the size of its shards. */
    public record Cell(String id, Budget budget, long shardSize) {
        public Cell {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(budget, "budget");
        }
    }

    /** Per cell, in grid order. */
    private final Map<String, CellProgress> cells = new LinkedHashMap<>();
    private final int slots;
    /** The rounds in flight, oldest first. */
    private final Deque<List<ShardTask>> rounds = new ArrayDeque<>();
    /** Has a round been planned (no resuming after that)? */
    private boolean started;

    /**
     * A scheduler for {@code cells} (in grid order) with rounds of at most {@code slots} tasks, holding
     * the kept samples (each {@link #tally} has them).
     */
    public SweepScheduler(List<Cell> cells, int slots) {
        this(cells, slots, true);
    }

    /**
     * A scheduler for {@code cells} (in grid order) with rounds of at most {@code slots} tasks. With
     * {@code holdSamples} false it keeps no samples once a shard is folded into its cell's tally (see
     * {@link TallyFold}): {@link #shards} are {@linkplain ShardOutput#withoutSamples() without samples},
     * tallies hold none, and {@link #kept} says which samples of which shards are kept, for the caller to
     * read back where it saved them; only the shards waiting after a gap keep theirs.
     */
    public SweepScheduler(List<Cell> cells, int slots, boolean holdSamples) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        this.slots = slots;
        for (Cell c : cells) {
            if (this.cells.put(c.id(), new CellProgress(c, holdSamples)) != null) {
                throw new IllegalArgumentException("cell " + c.id() + " given twice");
            }
        }
    }

    /**
     * A scheduler for the cells of a sweep (in grid order), with shards of {@code shardSize} candidates
     * (0: each cell's {@link CellSampler#defaultShardSize()}) and rounds of at most {@code slots} tasks.
     */
    public static SweepScheduler of(Map<String, CellSampler> cells, long shardSize, int slots) {
        return of(cells, shardSize, slots, true);
    }

    /** {@link #of(Map, long, int)}, holding the kept samples or not (see {@link #SweepScheduler(List, int, boolean)}). */
    public static SweepScheduler of(Map<String, CellSampler> cells, long shardSize, int slots, boolean holdSamples) {
        List<Cell> list = new ArrayList<>();
        cells.forEach((id, c) -> list.add(new Cell(id, c.budget(), shardSize > 0 ? shardSize : c.defaultShardSize())));
        return new SweepScheduler(list, slots, holdSamples);
    }

    /**
     * Starts from the shards a checkpoint saved, by cell id (cells of other sweeps are ignored): they
     * count as finished, so finished cells get no new shards and the others continue after them. Only
     * before the first round.
     */
    public void resume(Map<String, List<ShardOutput>> saved) {
        requireNotStarted();
        for (CellProgress c : cells.values()) {
            saved.getOrDefault(c.cell.id(), List.of()).forEach(this::resume);
        }
    }

    /**
     * Starts from one shard a checkpoint saved (with its samples), as {@link #resume(Map)} does, so that a
     * caller can read saved shards one at a time; a shard of a cell not in this sweep is ignored.
     */
    public void resume(ShardOutput saved) {
        requireNotStarted();
        CellProgress c = cells.get(saved.cellId());
        if (c != null) {
            c.add(List.of(saved));
        }
    }

    /**
     * The next round, by the rules above, now in flight; empty when {@link #MAX_ROUNDS_IN_FLIGHT} rounds
     * are in flight, when no cell may start a shard before the rounds in flight report, or when every
     * cell is done.
     */
    public List<ShardTask> nextRound() {
        started = true;
        if (rounds.size() >= MAX_ROUNDS_IN_FLIGHT) {
            return List.of();
        }
        List<CellProgress> open = new ArrayList<>();
        for (CellProgress c : cells.values()) {
            if (!c.done()) {
                open.add(c);
            }
        }
        open.sort(Comparator.comparingInt(CellProgress::launched));
        int perCell = Math.max(1, slots / Math.max(1, open.size()));
        int pack = Math.min(MAX_SHARDS_PER_TASK, Math.max(1, open.size() / (2 * MAX_ROUNDS_IN_FLIGHT * slots)));
        List<ShardTask> round = new ArrayList<>();
        for (CellProgress c : open.subList(0, Math.min(open.size(), slots * pack))) {
            round.addAll(c.launch(perCell));
        }
        if (round.isEmpty()) {
            return List.of();
        }
        rounds.addLast(List.copyOf(round));
        return rounds.getLast();
    }

    /**
     * A round's shards dealt out to at most {@code slots} tasks, each a list of shards to run one after the
     * other: shard i of the round goes to task {@code i mod tasks}, so a round of at most {@code slots}
     * shards has one shard a task, and the neighbours in grid order (often alike) are spread over the tasks.
     */
    public List<List<ShardTask>> tasks(List<ShardTask> round) {
        int tasks = Math.min(slots, round.size());
        List<List<ShardTask>> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < round.size(); i++) {
            out.get(i % tasks).add(round.get(i));
        }
        return out.stream().map(List::copyOf).toList();
    }

    /**
     * Takes the outputs of the oldest round in flight (one per task, in any order; the cells' shard lists
     * keep this order) and returns the ids of the cells that ran in it, in the order they first appear in
     * the round: their tallies changed, so their shards are the ones to save.
     */
    public List<String> finish(List<ShardOutput> outputs) {
        List<ShardTask> round = rounds.peekFirst();
        if (round == null) {
            throw new IllegalStateException("no round in flight");
        }
        Set<ShardKey> planned = new HashSet<>();
        for (ShardTask t : round) {
            planned.add(new ShardKey(t.cellId(), t.shard()));
        }
        Set<ShardKey> given = new HashSet<>();
        for (ShardOutput o : outputs) {
            given.add(new ShardKey(o.cellId(), o.shard()));
        }
        if (outputs.size() != round.size() || !given.equals(planned)) {
            throw new IllegalArgumentException("the outputs " + given + " are not those of the oldest round in "
                    + "flight, " + planned);
        }
        rounds.removeFirst();
        Set<String> ran = new LinkedHashSet<>();
        for (ShardTask t : round) {
            cells.get(t.cellId()).inFlight.remove(t);
            ran.add(t.cellId());
        }
        for (String id : ran) {
            cells.get(id).add(outputs.stream().filter(o -> o.cellId().equals(id)).toList());
        }
        return List.copyOf(ran);
    }

    /** Scores one accepted network of a cell on its test set: its test mistakes. */
    @FunctionalInterface
    public interface TestScorer {
        int testMistakes(String cellId, long index);
    }

    /**
     * The outputs of the oldest round in flight (as {@link #finish} takes them) with every acceptance that a
     * shard left {@linkplain Sample#UNSCORED unscored} and that can still be kept scored by {@code scorer};
     * the others stay unscored (they are never kept). Call it before {@link #finish}.
     *
     * <p>Which can be kept: of a cell short of its target, with {@code K} kept and its tally ending at
     * {@code covered}, the round's acceptances at or after {@code covered}, taken in index order across its
     * shards, have positions {@code K, K + 1, ...} among the cell's acceptances at least (exactly, when the
     * round's shards start at {@code covered}; a gap before them or shards waiting from earlier rounds only
     * push them later). One is scored when that lower bound is below the target, so no kept network is missed
     * ({@link TallyFold} refuses an unscored kept one), and without a gap none is scored in vain.
     */
    public List<ShardOutput> scoreKeepable(List<ShardOutput> outputs, TestScorer scorer) {
        Map<String, List<ShardOutput>> byCell = new LinkedHashMap<>();
        for (ShardOutput o : outputs) {
            byCell.computeIfAbsent(o.cellId(), k -> new ArrayList<>()).add(o);
        }
        Map<ShardKey, ShardOutput> scored = new HashMap<>();
        byCell.forEach((id, shards) -> {
            CellProgress c = progress(id);
            if (c.tally.targetReached()) {
                return;
            }
            long position = c.tally.accepted();
            long target = c.cell.budget().targetAccepted();
            for (ShardOutput o : shards.stream().sorted(Comparator.comparingLong(o -> o.result().firstIndex())).toList()) {
                List<Sample> samples = new ArrayList<>(o.result().samples());
                boolean changed = false;
                for (int i = 0; i < samples.size() && position < target; i++) {
                    Sample s = samples.get(i);
                    if (s.index() < c.tally.attempts()) {
                        continue;
                    }
                    if (!s.scored()) {
                        samples.set(i, s.withTestMistakes(scorer.testMistakes(id, s.index())));
                        changed = true;
                    }
                    position++;
                }
                if (changed) {
                    scored.put(new ShardKey(id, o.shard()), new ShardOutput(id, o.shard(),
                            o.result().withSamples(samples)));
                }
            }
        });
        return outputs.stream().map(o -> scored.getOrDefault(new ShardKey(o.cellId(), o.shard()), o)).toList();
    }

    /**
     * A saved shard with every acceptance it left unscored scored: for a run resumed with a larger target,
     * whose cells may now keep networks that the earlier run, with its smaller target, left unscored.
     */
    public static ShardOutput scoreAll(ShardOutput o, TestScorer scorer) {
        ShardResult r = o.result();
        if (r.scored() == r.accepted()) {
            return o;
        }
        List<Sample> samples = r.samples().stream()
                .map(s -> s.scored() ? s : s.withTestMistakes(scorer.testMistakes(o.cellId(), s.index()))).toList();
        return new ShardOutput(o.cellId(), o.shard(), r.withSamples(samples));
    }

    private void requireNotStarted() {
        if (started) {
            throw new IllegalStateException("a sweep resumes from its checkpoint before its first round");
        }
    }

    /** The rounds planned and not yet finished. */
    public int roundsInFlight() {
        return rounds.size();
    }

    /** Has this cell reached its target or spent its budget (see {@link ShardPlanner#done})? */
    public boolean done(String cellId) {
        return progress(cellId).done();
    }

    /** The number of cells that are {@linkplain #done done}. */
    public int cellsDone() {
        return (int) cells.values().stream().filter(CellProgress::done).count();
    }

    /** The tally of this cell's finished shards: once it is done, its result. */
    public CellTally tally(String cellId) {
        return progress(cellId).tally;
    }

    /** The kept networks of this cell, as runs of its finished shards in index order ({@link TallyFold#kept}). */
    public List<TallyFold.Kept> kept(String cellId) {
        return progress(cellId).fold.kept();
    }

    /**
     * This cell's finished shards, in the order they were finished (saved ones first); without their
     * samples unless the scheduler holds them.
     */
    public List<ShardOutput> shards(String cellId) {
        return List.copyOf(progress(cellId).finished);
    }

    private CellProgress progress(String cellId) {
        CellProgress c = cells.get(cellId);
        if (c == null) {
            throw new IllegalArgumentException("no cell " + cellId + " in this sweep");
        }
        return c;
    }

    private record ShardKey(String cellId, int shard) {
    }

    /** One cell's progress: its finished shards and their tally, and its shards in flight, in order. */
    private static final class CellProgress {
        final Cell cell;
        final ShardPlanner planner;
        final boolean holdSamples;
        final TallyFold fold;
        final List<ShardOutput> finished = new ArrayList<>();
        final List<ShardTask> inFlight = new ArrayList<>();
        CellTally tally;

        CellProgress(Cell cell, boolean holdSamples) {
            this.cell = cell;
            this.planner = new ShardPlanner(cell.shardSize());
            this.holdSamples = holdSamples;
            this.fold = new TallyFold(cell.budget().targetAccepted(), holdSamples);
            this.tally = fold.tally();
        }

        boolean done() {
            return ShardPlanner.done(tally, cell.budget());
        }

        int launched() {
            return finished.size() + inFlight.size();
        }

        /** Plans up to {@code shards} shards after those in flight, and puts them in flight. */
        List<ShardTask> launch(int shards) {
            List<ShardPlanner.Range> running = inFlight.stream().map(ShardTask::range).toList();
            long needed = cell.budget().targetAccepted() - tally.accepted();
            long stopAfter = Math.min(needed, ShardPlanner.MAX_SAMPLES_PER_SHARD);
            int shard = launched();
            List<ShardTask> out = new ArrayList<>();
            long gapEnd = fold.waitingFrom();
            for (ShardPlanner.Range r : planner.plan(tally, cell.budget(), shards, running)) {
                if (r.first() >= gapEnd) {
                    break;
                }
                if (r.first() + r.count() > gapEnd) {
                    // Fill the gap only: the shards waiting after it scanned what follows.
                    r = new ShardPlanner.Range(r.first(), gapEnd - r.first(), r.maxSeconds());
                }
                out.add(new ShardTask(cell.id(), shard++, r, stopAfter,
                        ShardPlanner.scoreAtMost(tally, needed, stopAfter, r.first())));
            }
            inFlight.addAll(out);
            return out;
        }

        /** Adds finished shards of this cell and tallies them with the earlier ones. */
        void add(List<ShardOutput> outputs) {
            for (ShardOutput o : outputs) {
                if (!o.cellId().equals(cell.id())) {
                    throw new IllegalArgumentException("shard " + o.shard() + " of cell " + o.cellId()
                            + " given as one of cell " + cell.id());
                }
            }
            for (ShardOutput o : outputs) {
                fold.add(o.shard(), o.result());
                finished.add(holdSamples ? o : o.withoutSamples());
            }
            tally = fold.tally();
        }
    }
}
