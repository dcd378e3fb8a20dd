package org.gnc.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.smc.GibbsLayout;
import org.gnc.smc.ReplicateRun;
import org.gnc.data.CellData;
import org.gnc.data.Dataset;
import org.gnc.smc.SmcCell;
import org.gnc.smc.SmcTask;
import org.gnc.smc.TemperedSmc;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SamplerSpec;
import org.gnc.stats.AcceptanceEstimate;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ClopperPearson;
import org.gnc.stats.Interval;

/**
 * The {@code SMC} workload of {@code gnc bench}: sequential Monte Carlo against Guess &amp; Check on one
 * cell, in one run. The workload's config ({@code conf/bench/smc.conf}) is one smc cell; with n its first
 * checkpoint, N and {@code moves} its sampler's particles and moves:
 * <ol>
 *   <li><b>Guess &amp; Check</b> first (its kernel compiled before the Gibbs moves', as in a rejection run):
 *       the same cell on the points of checkpoint n (the first n of the SMC cell's point order), its filter on 1 thread and on
 *       all cores ({@link KernelBench}), both runs pooled for its acceptance estimate.</li>
 *   <li><b>Throughput</b>: particle-sweeps per second of the Gibbs moves (a sweep draws each of the P
 *       parameters of one particle from its exact conditional, so coordinate draws per second are P times
 *       that), in whole replicates ({@link TemperedSmc}: pilot and measured run, test scoring left out) at
 *       n, on 1 thread and on all cores (independent replicates in parallel threads), each for
 *       {@code seconds} after a warm-up. The sweeps of a replicate are counted by {@link #sweeps}.</li>
 *   <li><b>Time to an interval</b>: the sweep job's own tasks at n ({@link SmcCell#run}) on all cores,
 *       replicates 0, 1, 2, ..., until the first R of them (R at least the config's
 *       {@code sampler.replicates}) give a 95% interval ({@link CheckpointEstimate#combine}) of half-width
 *       at most the target in ln p; the time is the wall time until those R had all finished (replicates
 *       still running then are not counted). Against it, the time Guess &amp; Check would need for the same
 *       half-width, computed as {@link #acceptancesFor k} / p-hat candidates at its all-cores rate, with
 *       p-hat SMC's estimate (not run: it would take far longer than the bench), and whether the two
 *       estimates' intervals overlap.</li>
 *   <li><b>Reach</b>: one replicate (replicate 0 of the sweep job's task) at the config's last checkpoint,
 *       its time, ln p-hat and mean test error, beside ln p* of the cell (p &gt;= p* always holds, so an
 *       estimate below ln p* is flagged).</li>
 * </ol>
 * Each figure is printed as soon as it is measured; {@link #measure} returns them all as one JSON object.
 */
final class SmcBench {
    /** The half-width in ln p of the 95% interval the time-to-interval run aims at (about 10% in p). */
    static final double TARGET_HALF_WIDTH = 0.1;

    /** The most replicates the time-to-interval run takes; if they do not reach the target it says so. */
    static final int MAX_REPLICATES = 256;

    /** The throughput run's warm-up takes this fraction of {@code seconds} (at least one replicate per thread). */
    private static final double WARM_UP_FRACTION = 0.2;

    /**
     * What to run.
     *
     * @param seconds         seconds per throughput and rejection-rate measurement
     * @param threads         threads for the all-cores runs
     * @param targetHalfWidth the half-width in ln p the time-to-interval run stops at
     */
    record Plan(double seconds, int threads, double targetHalfWidth) {
        Plan {
            if (!(seconds > 0) || threads < 1 || !(targetHalfWidth > 0)) {
                throw new IllegalArgumentException("seconds and targetHalfWidth must be > 0 and threads >= 1, got "
                        + seconds + ", " + targetHalfWidth + " and " + threads);
            }
        }
    }

    /** Replicates run together: how many, their particle-sweeps and the wall seconds they took. */
    private record Throughput(int threads, int replicates, long sweeps, double seconds) {
        double sweepsPerSecond() {
            return sweeps / seconds;
        }
    }

    private final SmcCell cell;
    private final CellSampler cellSampler;
    private final SamplerSpec sampler;
    private final TemperedSmc moves;
    private final long seed;
    private final Plan plan;
    private final PrintWriter out;

    private SmcBench(PreparedSweep sweep, Plan plan, PrintWriter out) {
        CellSpec spec = sweep.spec().cells().get(0);
        this.sampler = spec.sampler();
        if (sweep.spec().cells().size() != 1 || sampler.kind() != SamplerSpec.Kind.SMC) {
            throw new IllegalArgumentException("the SMC workload is one smc cell, got " + sweep.spec().cells().size()
                    + " cells, the first " + sampler.kind().configName());
        }
        this.cellSampler = sweep.cells().get(spec.id());
        this.seed = sweep.spec().seed();
        TemperedSmc.Settings settings = TemperedSmc.Settings.of(sampler.particles(), sampler.moves());
        this.cell = new SmcCell(cellSampler, settings, sampler.replicates(), sampler.checkpoints());
        Prior prior = spec.student().prior();
        this.moves = new TemperedSmc(new GibbsLayout(cellSampler.architecture(), prior,
                cellSampler.data().train().rows(cell.pointOrder()), firstCheckpoint(), spec.maxTrainErrors()), prior,
                settings);
        this.plan = plan;
        this.out = out;
    }

    /**
     * Measures {@code workload} (an smc cell; {@code settings} are applied to its config last, as by
     * {@code --set}) as the class comment says, printing each figure to {@code out}; returns them all.
     */
    static ObjectNode measure(BenchWorkload workload, List<String> settings, Plan plan, PrintWriter out)
            throws InterruptedException {
        SmcBench bench = new SmcBench(workload.prepared(plan.seconds(), settings), plan, out);
        List<String> rejection = new ArrayList<>(settings);
        rejection.add("sampler.kind=rejection");
        rejection.add("sampler.checkpoints=[]");
        rejection.add("data.train-size=" + bench.firstCheckpoint());
        CellSampler rejectionCell = bench.rejectionCell(workload.prepared(plan.seconds(), rejection));
        out.println("SMC data: " + workload.dataNote());
        return bench.run(rejectionCell);
    }

    /**
     * Guess &amp; Check on exactly the points of the first checkpoint: the first n of the SMC cell's point
     * order ({@link SmcCell#pointOrder}), with the rejection cell's settings (its {@code prepared} sweep).
     */
    private CellSampler rejectionCell(PreparedSweep prepared) {
        CellSpec spec = prepared.spec().cells().get(0);
        CellData data = cellSampler.data();
        Dataset points = data.train().rows(java.util.Arrays.copyOf(cell.pointOrder(), firstCheckpoint()));
        return new CellSampler(spec, prepared.spec().seed(), new CellData(points, data.test(), data.teacherRedraws()),
                prepared.spec().bounds());
    }

    private int firstCheckpoint() {
        return sampler.checkpoints().get(0);
    }

    private int lastCheckpoint() {
        return sampler.checkpoints().get(sampler.checkpoints().size() - 1);
    }

    private ObjectNode run(CellSampler rejectionCell) throws InterruptedException {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        int n = firstCheckpoint();
        int parameters = cellSampler.architecture().parameterCount();
        int threads = plan.threads();
        node.put("n", n);
        node.put("particles", sampler.particles());
        node.put("moves", sampler.moves());
        node.put("parameters", parameters);
        node.put("threads", threads);
        out.printf(Locale.ROOT, "SMC settings: %d particles, %d Gibbs sweeps per tempering step (moves), %d"
                + " parameters; the figures below at n = %d unless said%n", sampler.particles(), sampler.moves(),
                parameters, n);
        out.flush();

        // 1. Guess & Check on the same cell first (its kernel compiled before the Gibbs moves', as in a
        // rejection run), on 1 thread and on all cores; both runs count towards its estimate.
        KernelBench.Run rejectionOne = KernelBench.run(rejectionCell, KernelBench.Mode.FILTER, 1, plan.seconds(), 0);
        KernelBench.Run rejection = KernelBench.run(rejectionCell, KernelBench.Mode.FILTER, threads, plan.seconds(),
                1L << 41);
        long attempts = rejectionOne.candidates() + rejection.candidates();
        long accepted = rejectionOne.accepted() + rejection.accepted();
        AcceptanceStatistics acc = AcceptanceStatistics.of(attempts, accepted, false);
        AcceptanceEstimate rejectionEstimate = AcceptanceEstimate.ofRate(acc.rate(), acc.ci95());
        out.printf(Locale.ROOT, "SMC Guess & Check (kernel %s, on the points of checkpoint n): %,.0f cand/s on 1 thread, %,.0f"
                + " on %d threads; %d of %,d accepted: ln p-hat %s%n", rejectionCell.filterName(),
                rejectionOne.throughput(), rejection.throughput(), threads, accepted, attempts,
                logInterval(rejectionEstimate.log(), rejectionEstimate.logCiLow(), rejectionEstimate.logCiHigh()));
        out.flush();
        ObjectNode rn = node.putObject("rejection");
        rn.put("kernel", rejectionCell.filterName());
        rn.put("cand_per_s_1thread", rejectionOne.throughput());
        rn.put("cand_per_s_all_cores", rejection.throughput());
        rn.put("n_candidates", attempts);
        rn.put("n_accepted", accepted);
        putLog(rn, rejectionEstimate.log(), rejectionEstimate.logCiLow(), rejectionEstimate.logCiHigh());

        // 2. The Gibbs moves' throughput; the runs share replicate indices, so no replicate repeats.
        AtomicInteger next = new AtomicInteger();
        throughput(threads, Math.max(0.5, plan.seconds() * WARM_UP_FRACTION), next);
        Throughput one = throughput(1, plan.seconds(), next);
        Throughput all = throughput(threads, plan.seconds(), next);
        putThroughput(node, "1thread", one, parameters);
        putThroughput(node, "all_cores", all, parameters);
        out.flush();

        // 3. SMC to the interval, against Guess & Check's time for it.
        ToInterval smc = toInterval(n, threads);
        CheckpointEstimate e = smc.estimate();
        double halfWidth = halfWidth(e.logCiLow(), e.logCiHigh());
        boolean reached = halfWidth <= plan.targetHalfWidth();
        out.printf(Locale.ROOT, "SMC to +-%.2f in ln p: %s %d replicates in %.1f s on %d threads: ln p-hat %s"
                + " (half-width %.3f); mean test error %.4f%n", plan.targetHalfWidth(), reached ? "reached with"
                        : "NOT REACHED after", e.replicates(), smc.seconds(), threads,
                logInterval(e.logAcceptance(), e.logCiLow(), e.logCiHigh()), halfWidth, e.testError().mean());
        ObjectNode sn = node.putObject("to_interval");
        sn.put("target_half_width", plan.targetHalfWidth());
        sn.put("reached", reached);
        sn.put("replicates", e.replicates());
        sn.put("replicates_reached_n", e.reached());
        sn.put("seconds", smc.seconds());
        putLog(sn, e.logAcceptance(), e.logCiLow(), e.logCiHigh());
        sn.put("half_width", halfWidth);
        sn.put("log_spread", e.logSpread());
        sn.put("test_error_mean", e.testError().mean());

        boolean agree = e.logCiLow() <= rejectionEstimate.logCiHigh() && rejectionEstimate.logCiLow() <= e.logCiHigh();
        double p = Math.exp(e.logAcceptance());
        if (p > 0) {
            long needed = acceptancesFor(plan.targetHalfWidth(), p);
            double candidates = needed / p;
            double seconds = candidates / rejection.throughput();
            double ratio = seconds / smc.seconds();
            out.printf(Locale.ROOT, "SMC Guess & Check to +-%.2f: %d acceptances (Clopper-Pearson), %.3g candidates"
                    + " at SMC's p-hat %.3g: %.0f s at the measured %,.0f cand/s (computed, not run); SMC is %.1fx"
                    + " faster (goal 100x)%n", plan.targetHalfWidth(), needed, candidates, p, seconds,
                    rejection.throughput(), ratio);
            rn.put("acceptances_needed", needed);
            rn.put("candidates_needed", candidates);
            rn.put("seconds_needed_computed", seconds);
            node.put("ratio_rejection_seconds_to_smc", ratio);
        }
        out.printf(Locale.ROOT, "SMC ln p-hat: SMC %.3f, Guess & Check %.3f: the intervals %s%n", e.logAcceptance(),
                rejectionEstimate.log(), agree ? "agree (overlap)" : "DISAGREE (do not overlap)");
        node.put("log_acceptance_agrees", agree);
        out.flush();

        // 4. Reach: one replicate at the last checkpoint.
        int reachN = lastCheckpoint();
        ReplicateRun reach = cell.run(new SmcTask(cell.cellId(), reachN, 0));
        double logPStar = cellSampler.bounds().logPStar();
        boolean below = AcceptanceEstimate.ofLog(reach.logEvidence(), Double.NaN, Double.NaN).belowPStar(logPStar);
        out.printf(Locale.ROOT, "SMC reach n = %d: one replicate in %.1f s (1 thread, %d tempering steps%s): ln p-hat"
                + " %.3f, ln p* %.3f%s; mean test error %.4f; Guess & Check would need about 10^%.1f candidates per"
                + " acceptance (1/p-hat; at most 1/p* = 10^%.1f, as p >= p*)%n", reachN, reach.seconds(),
                reach.steps().size(), reach.reached() ? "" : ", DIED at step " + reach.diedAtStep(),
                reach.logEvidence(), logPStar,
                below ? " (BELOW ln p*: p >= p* always, so this replicate underestimates p)" : "",
                reach.meanTestError(), -reach.logEvidence() / Math.log(10), -logPStar / Math.log(10));
        out.flush();
        ObjectNode reachNode = node.putObject("reach");
        reachNode.put("n", reachN);
        reachNode.put("seconds", reach.seconds());
        reachNode.put("steps", reach.steps().size());
        reachNode.put("reached", reach.reached());
        reachNode.put("log_acceptance", reach.logEvidence());
        reachNode.put("log_p_star", logPStar);
        reachNode.put("below_p_star", below);
        reachNode.put("test_error_mean", reach.meanTestError());
        return node;
    }

    /** Prints a throughput run's figures and records them under keys with {@code key} in them. */
    private void putThroughput(ObjectNode node, String key, Throughput t, int parameters) {
        out.printf(Locale.ROOT, "SMC Gibbs moves %2d thread%s: %,.0f particle-sweeps/s, %,.0f coordinate draws/s (%d"
                + " replicates without test scoring in %.1f s)%n", t.threads(), t.threads() == 1 ? " " : "s",
                t.sweepsPerSecond(), t.sweepsPerSecond() * parameters, t.replicates(), t.seconds());
        node.put("sweeps_" + key + "_per_s", t.sweepsPerSecond());
        node.put("coordinate_draws_" + key + "_per_s", t.sweepsPerSecond() * parameters);
        node.put("throughput_replicates_" + key, t.replicates());
    }

    /**
     * Replicates of the throughput run on {@code threads} threads, each taking the next replicate index from
     * {@code next} until {@code seconds} have passed (at least one replicate each).
     */
    private Throughput throughput(int threads, double seconds, AtomicInteger next) throws InterruptedException {
        long[] sweeps = new long[threads];
        int[] replicates = new int[threads];
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        KernelBench.onThreads(threads, "SMC throughput run on " + threads + " threads", slot -> {
            do {
                int r = next.getAndIncrement();
                ReplicateRun run = moves.run(CounterRng.of(seed, "bench-smc-throughput", r), r, null, 0);
                sweeps[slot] += sweeps(run, sampler.moves());
                replicates[slot]++;
            } while (System.nanoTime() < deadline);
        });
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long s = 0;
        int r = 0;
        for (int t = 0; t < threads; t++) {
            s += sweeps[t];
            r += replicates[t];
        }
        return new Throughput(threads, r, s, elapsed);
    }

    /**
     * The particle-sweeps of one replicate as {@link TemperedSmc} runs it: N particles times {@code moves}
     * sweeps at every step of the pilot and of the measured run. The measured run takes the pilot's steps,
     * which end at beta = +infinity with at least half the pilot's particles fitting (so the pilot does not
     * die there, short of its 10,000-step cut): as many steps as the measured run recorded, and one more
     * when the measured run died at that last step (a step it does not record).
     */
    static long sweeps(ReplicateRun run, int moves) {
        long steps = run.steps().size();
        return run.particles() * (long) moves * (2 * steps + (run.reached() ? 0 : 1));
    }

    /** The time-to-interval run's result: the estimate of its first replicates and the wall time until it. */
    private record ToInterval(CheckpointEstimate estimate, double seconds) {
    }

    /**
     * Replicates 0, 1, 2, ... of the cell's task at n on {@code threads} threads until the first R of them
     * (R &gt;= sampler.replicates) give an interval within the target, or {@link #MAX_REPLICATES} ran.
     */
    private ToInterval toInterval(int n, int threads) throws InterruptedException {
        int nTest = cellSampler.data().test().size();
        int least = Math.min(Math.max(2, sampler.replicates()), MAX_REPLICATES);
        ReplicateRun[] done = new ReplicateRun[MAX_REPLICATES];
        ToInterval[] result = new ToInterval[1];
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        KernelBench.onThreads(threads, "SMC time-to-interval run on " + threads + " threads", slot -> {
            for (int r = next.getAndIncrement(); r < MAX_REPLICATES; r = next.getAndIncrement()) {
                ReplicateRun run = cell.run(new SmcTask(cell.cellId(), n, r));
                synchronized (done) {
                    if (result[0] != null) {
                        return;
                    }
                    done[r] = run;
                    // Every prefix that this run completes, shortest first.
                    int prefix = 0;
                    while (prefix < MAX_REPLICATES && done[prefix] != null) {
                        prefix++;
                    }
                    for (int k = Math.max(least, r + 1); k <= prefix; k++) {
                        CheckpointEstimate e = CheckpointEstimate.combine(n, Arrays.asList(done).subList(0, k), nTest);
                        if (halfWidth(e.logCiLow(), e.logCiHigh()) <= plan.targetHalfWidth() || k == MAX_REPLICATES) {
                            result[0] = new ToInterval(e, (System.nanoTime() - t0) / 1e9);
                            return;
                        }
                    }
                }
            }
        });
        return result[0];
    }

    /**
     * The fewest acceptances k whose Clopper-Pearson 95% interval, from ceil(k / p) candidates, has
     * half-width at most {@code halfWidth} in ln p: what Guess &amp; Check must accept at acceptance
     * probability p to match an interval of that half-width. For small p the interval in ln p is about
     * +-1.96 / sqrt(k), so k is about (1.96 / halfWidth)^2 (about 400 for 0.1). Found by bisection, since
     * the half-width falls as k grows.
     */
    static long acceptancesFor(double halfWidth, double p) {
        if (!(halfWidth > 0) || !(p > 0 && p < 1)) {
            throw new IllegalArgumentException("need halfWidth > 0 and 0 < p < 1, got " + halfWidth + " and " + p);
        }
        long high = 1;
        while (clopperPearsonHalfWidth(high, p) > halfWidth) {
            high *= 2;
        }
        long low = high / 2;
        // The answer is in (low, high]: low = 0, or its half-width is above the target.
        while (high - low > 1) {
            long mid = (low + high) >>> 1;
            if (clopperPearsonHalfWidth(mid, p) <= halfWidth) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /** The half-width in ln p of the Clopper-Pearson 95% interval of k acceptances in ceil(k / p) candidates. */
    private static double clopperPearsonHalfWidth(long k, double p) {
        Interval ci = ClopperPearson.interval95(k, (long) Math.ceil(k / p));
        return halfWidth(Math.log(ci.low()), Math.log(ci.high()));
    }

    /** Half the width of an interval in ln p (infinite when its low end is -infinity). */
    static double halfWidth(double logLow, double logHigh) {
        return (logHigh - logLow) / 2;
    }

    /** ln p-hat and its interval as printed: {@code -16.325 [-16.421, -16.230]}. */
    private static String logInterval(double log, double low, double high) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", log, low, high);
    }

    /** ln p-hat and its interval under {@code log_acceptance} and {@code log_acceptance_ci95}. */
    private static void putLog(ObjectNode node, double log, double low, double high) {
        node.put("log_acceptance", log);
        node.putArray("log_acceptance_ci95").add(low).add(high);
    }
}
