package org.gnc.smc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.gnc.data.CellData;
import org.gnc.data.Dataset;
import org.gnc.kernel.CandidateScorer;
import org.gnc.rng.CounterRng;
import org.gnc.sample.CellSampler;
import org.gnc.sample.Filters;

/**
 * Everything needed to run one SMC cell anywhere: the prepared cell ({@link CellSampler}: the student, its
 * prior, the acceptance rule, the data), the run settings, the replicates and the checkpoints. Serializable, so a Spark job ships it to executors
 * once and runs its {@link SmcTask}s there ({@link #run}); each task is a pure function of the sweep seed,
 * the cell and the task (the replicate's random stream is keyed by them), so a task that runs twice (a
 * retry) returns the same run. Checkpoint n constrains the first n training points, so the checkpoints of
 * one cell are nested prefixes of one training set; {@link #combine} turns all runs into the cell's result.
 */
public final class SmcCell implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The cell as the sweep prepared it: id, seed, student, prior, acceptance rule, data and bounds. */
    private final CellSampler cell;
    private final TemperedSmc.Settings settings;
    private final int replicates;
    private final List<Integer> checkpoints;
    /** Each task's time budget in seconds ({@code budget.max-seconds}; infinite: none). */
    private final double maxSeconds;
    /** The point order (a seeded permutation of the training points) and the training set in that order. */
    private final int[] pointOrder;
    private final Dataset ordered;

    /**
     * The SMC cell of the prepared {@code cell}: {@code replicates} independent runs of each checkpoint,
     * each of {@code settings}; checkpoints strictly increasing in 1 .. n.
     */
    public SmcCell(CellSampler cell, TemperedSmc.Settings settings, int replicates, List<Integer> checkpoints) {
        this(cell, settings, replicates, checkpoints, Double.POSITIVE_INFINITY);
    }

    /**
     * As above, each task (one replicate of one checkpoint) stopped once it has run {@code maxSeconds}
     * ({@link TemperedSmc#run(CounterRng, int, CandidateScorer, int, double)}; the cell's
     * {@code budget.max-seconds}). A task that finishes within it returns the same run as without it.
     */
    public SmcCell(CellSampler cell, TemperedSmc.Settings settings, int replicates, List<Integer> checkpoints,
                   double maxSeconds) {
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
        }
        this.maxSeconds = maxSeconds;
        this.cell = cell;
        this.settings = settings;
        this.replicates = replicates;
        this.checkpoints = List.copyOf(checkpoints);
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be >= 1, got " + replicates);
        }
        Dataset train = cell.data().train();
        this.pointOrder = pointOrder(cell.sweepSeed(), dataKey(train), train.size());
        this.ordered = train.rows(pointOrder);
        int last = 0;
        for (int c : this.checkpoints) {
            if (c <= last || c > train.size()) {
                throw new IllegalArgumentException("checkpoints must increase within 1.." + train.size()
                        + ", got " + this.checkpoints);
            }
            last = c;
        }
    }

    /**
     * The cell's point order: a uniformly random permutation of its n training points (Fisher-Yates on the
     * words of {@code CounterRng.of(sweepSeed, "smc-point-order", key)}), the same for every replicate and
     * checkpoint, so that each checkpoint's points are a uniformly random subset, and the checkpoints nested.
     * (Training sets are often ordered, e.g. an IDX pair holds one class, then the other.) The key is the
     * training set's content ({@link #dataKey}), so every cell on the same data (students of different widths,
     * say) gets the same order and its checkpoints the same points.
     */
    public static int[] pointOrder(long sweepSeed, long dataKey, int n) {
        CounterRng rng = CounterRng.of(sweepSeed, "smc-point-order", dataKey);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            // floor(u (i + 1) / 2^64) for a 64-bit word u: each value within (i + 1) / 2^64 of 1 / (i + 1).
            int j = (int) CounterRng.unsignedMultiplyHigh(rng.word(i), i + 1L);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A key of a training set's content: its features' and labels' hash codes (stable across JVMs). */
    public static long dataKey(Dataset train) {
        return (long) java.util.Arrays.hashCode(train.features()) << 32 ^ java.util.Arrays.hashCode(train.labels())
                & 0xFFFFFFFFL;
    }

    /** The point order ({@link #pointOrder(long, long, int)}) of this cell. */
    public int[] pointOrder() {
        return pointOrder.clone();
    }

    public String cellId() {
        return cell.cellId();
    }

    public CellData data() {
        return cell.data();
    }

    /** Every task of the cell: each checkpoint's replicates, largest checkpoint first (the longest tasks start first). */
    public List<SmcTask> tasks() {
        List<SmcTask> tasks = new ArrayList<>();
        for (int i = checkpoints.size() - 1; i >= 0; i--) {
            for (int r = 0; r < replicates; r++) {
                tasks.add(new SmcTask(cell.cellId(), checkpoints.get(i), r));
            }
        }
        return tasks;
    }

    /** Whether this cell's moves are exact Gibbs conditionals (else the Metropolis-within-Gibbs fallback). */
    public boolean exactGibbs() {
        return GibbsLayout.supports(cell.architecture(), cell.prior());
    }

    /**
     * Runs one task of this cell, its particles scored on the test set by the scorer
     * {@link Filters#testScorer} chooses for the cell (the conv kernel's forward pass for conv students).
     */
    public ReplicateRun run(SmcTask task) {
        if (!task.cellId().equals(cell.cellId()) || !checkpoints.contains(task.checkpoint())) {
            throw new IllegalArgumentException("task " + task + " is not one of cell " + cell.cellId());
        }
        MoveLayout layout = MoveLayout.of(cell.architecture(), cell.prior(), ordered, task.checkpoint(),
                cell.maxTrainErrors());
        TemperedSmc smc = new TemperedSmc(layout, cell.prior(), settings);
        CounterRng stream = CounterRng.of(cell.sweepSeed(), "smc", cell.cellIdBits(), task.checkpoint(),
                task.replicate());
        CellData data = cell.data();
        return smc.run(stream, task.replicate(), Filters.testScorer(cell.candidates(), data.test()),
                data.test().size(), maxSeconds);
    }

    /** The cell's result from all its runs (any order; each task's run exactly once). */
    public SmcCellResult combine(List<ReplicateRun> runs) {
        java.util.Set<SmcTask> seen = new java.util.HashSet<>();
        for (ReplicateRun run : runs) {
            seen.add(new SmcTask(cell.cellId(), run.checkpoint(), run.replicate()));
        }
        if (!seen.equals(new java.util.HashSet<>(tasks())) || runs.size() != seen.size()) {
            throw new IllegalArgumentException("cell " + cell.cellId() + " expects one run of each of its "
                    + tasks().size() + " tasks (" + replicates + " replicates of " + checkpoints + "), got "
                    + runs.size() + " runs of " + seen.size() + " tasks");
        }
        return SmcCellResult.combine(cell.cellId(), runs, cell.data().test().size(), pointOrder);
    }
}
