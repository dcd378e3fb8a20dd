package org.gnc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gnc.sample.CellSampler;
import org.gnc.sample.ShardSampler;
import org.gnc.spark.Sessions;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.stats.Interval;

/**
 * One {@code gnc bench} run and its report: per workload, candidates per second of the cell's filter
 * alone on 1 thread and on all cores (decisions only, the kind of figure the numpy reference
 * reports), of the full sampler with test scoring on all cores, and of the Spark job (on the
 * session's master and, when bench starts the embedded Spark, also on {@code local[1]} for the
 * scaling); acceptance and test error with 95% intervals; and the same figures from the numpy
 * reference run in the same process tree (its CPU dispatch limited as {@link ReferenceCpu} says), with
 * the ratios. The first line describes the machine ({@link MachineInfo}). With two workloads or more,
 * the JIT guard then measures each workload's single-thread filter again, now that the others'
 * kernels are compiled, and catches a workload more than {@link #JIT_GUARD_RATIO} times slower than
 * its first figure. LENET, the peers' LeNet (a conv student), has no counterpart in the reference: its
 * reference figure is the reference's dense R2, for scale. The SMC workload ({@link SmcBench}) measures sequential Monte Carlo against Guess
 * &amp; Check instead, the RECON workload ({@link ReconBench}) the reconstruction attack against
 * PyTorch, the SWEEP workload ({@link SweepBench}) a whole {@code gnc sweep} against the reference over
 * both whole wall times, and the SCALE workload ({@link ScaleBench}) the sweeps of {@code conf/scale/}.
 * Each figure is printed as soon as it is measured; the last line is one JSON object
 * with all of them.
 */
public final class Bench {
    /** The 97.5% quantile of the standard normal: a mean's 95% interval is mean ± this × its standard error. */
    private static final double Z_975 = 1.959963984540054;

    /**
     * What to run.
     *
     * @param seconds      seconds per timed measurement
     * @param threads      threads for the all-cores kernel runs (0: all cores)
     * @param reference    the reference's path, or empty for none ({@code --no-reference})
     * @param fashionMnist the folder of the Fashion-MNIST IDX files
     * @param master       the Spark master (null: the default)
     * @param logLevel     Spark's log level
     * @param referenceCpu the CPU dispatch the reference may use
     */
    public record Settings(double seconds, int threads, Optional<Path> reference, Path fashionMnist, String master,
                           String logLevel, ReferenceCpu referenceCpu) {
    }

    /**
     * How a run ended.
     *
     * @param allRan          whether every requested workload could run here
     * @param slowedByOthers  the workloads whose filter ran more than {@link #JIT_GUARD_RATIO} times
     *                        slower after the others than alone (the JIT guard)
     */
    public record Outcome(boolean allRan, List<String> slowedByOthers) {
        public Outcome {
            slowedByOthers = List.copyOf(slowedByOthers);
        }
    }

    /**
     * The JIT guard's limit: a workload's single-thread filter figure measured again after all the
     * workloads ran may be at most this many times below its first figure. Twice a second vector
     * shape or a vector helper C2 did not inline cost 3-5x, silently; noise on 2 busy cores stays
     * well below 2x.
     */
    public static final double JIT_GUARD_RATIO = 2.0;

    /**
     * Where the JIT guard's candidates start: after the three first runs' ranges (from 0, 2^41 and
     * 2^42, each with its warm-up 2^40 further), and with its own warm-up below the index limit 2^43.
     */
    private static final long JIT_GUARD_FIRST_INDEX = 3L << 41;

    /** A Spark shard takes at most about this many seconds of the sampler on one thread ({@link #sparkShardSize}). */
    static final double SHARD_SECONDS = 4;

    /** The JIT guard's second measurement takes this fraction of {@code --seconds}. */
    private static final double JIT_GUARD_FRACTION = 0.25;

    /** A measured workload's cell and its first single-thread filter figure, for the JIT guard. */
    private record Measured(String name, CellSampler cell, double filter1Thread, ObjectNode node) {
    }

    private final Settings settings;
    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();
    private final Optional<ReferenceBench> reference;
    /** The reference's figures by its workload: it runs once per invocation. */
    private final Map<String, ReferenceBench.Result> referenceRuns = new HashMap<>();
    /** The workloads measured so far, in order. */
    private final List<Measured> measured = new ArrayList<>();

    private Bench(Settings settings, PrintWriter out, Optional<ReferenceBench> reference) {
        this.settings = settings;
        this.out = out;
        this.reference = reference;
    }

    /**
     * Runs the workloads (names from {@link BenchWorkload#NAMES} and {@link BenchWorkload#ON_REQUEST}) and
     * prints the report to {@code out}; with two workloads or more, then the JIT guard ({@link #JIT_GUARD_RATIO}). Says
     * whether every requested workload could run here (its data present) and which ones the guard
     * caught.
     */
    public static Outcome run(List<String> workloads, Settings settings, PrintWriter out) throws Exception {
        List<String> why = new ArrayList<>();
        Optional<ReferenceBench> reference = settings.reference()
                .flatMap(p -> ReferenceBench.locate(p, settings.referenceCpu(), why));
        if (settings.reference().isEmpty()) {
            why.add("--no-reference");
        }
        return new Bench(settings, out, reference).run(workloads, why);
    }

    /** Prints this machine's {@link MachineInfo} line, then one JSON object with it under {@code machine}. */
    public static void describeMachine(PrintWriter out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = json.createObjectNode();
        describeMachine(summary, out);
        out.println(json.writeValueAsString(summary));
        out.flush();
    }

    /** Prints this machine's {@link MachineInfo} line and records it under {@code machine} in {@code summary}. */
    private static void describeMachine(ObjectNode summary, PrintWriter out) {
        MachineInfo machine = MachineInfo.detect();
        out.println(machine.describe());
        machine.putInto(summary.putObject("machine"));
    }

    private Outcome run(List<String> workloads, List<String> whyNoReference) throws Exception {
        ObjectNode summary = json.createObjectNode();
        describeMachine(summary, out);
        summary.put("seconds", settings.seconds());
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        summary.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        summary.put("reference", reference.map(r -> r.script().toString()).orElse(null));
        summary.put("reference_cpu", settings.referenceCpu().option());
        if (reference.isEmpty()) {
            out.println("reference: not run (" + String.join("; ", whyNoReference) + ")");
        } else {
            out.println(reference.get().describeDispatch());
            ObjectNode env = summary.putObject("reference_environment");
            reference.get().environment().forEach(env::put);
        }
        out.flush();
        boolean allRan = true;
        for (String name : workloads) {
            if (name.equals("R1")) {
                summary.set(name, measure(r1()));
                continue;
            }
            if (name.equals("SMC")) {
                summary.set(name, SmcBench.measure(BenchWorkload.smc(), List.of(), new SmcBench.Plan(
                        settings.seconds(), allThreads(), SmcBench.TARGET_HALF_WIDTH), out));
                continue;
            }
            if (name.equals("SWEEP")) {
                summary.set(name, SweepBench.measure(reference, settings.seconds(), settings.master(), out));
                continue;
            }
            if (name.equals("SCALE")) {
                summary.set(name, ScaleBench.measure(ScaleBench.SWEEPS, settings.master(), settings.logLevel(), out));
                continue;
            }
            if (name.equals("RECON")) {
                summary.set(name, ReconBench.measure(settings.seconds(), settings.master(), settings.logLevel(), out));
                continue;
            }
            BenchWorkload workload = BenchWorkload.fashionMnist(name, settings.fashionMnist());
            List<String> missing = workload.missingFiles();
            if (!missing.isEmpty()) {
                String reason = name + " needs Fashion-MNIST in " + settings.fashionMnist() + " (apt-get install"
                        + " dataset-fashion-mnist, or --fashion-mnist DIR): missing " + String.join(", ", missing);
                out.println(name + ": " + reason);
                ObjectNode n = json.createObjectNode();
                n.put("status", "unavailable");
                n.put("reason", reason);
                summary.set(name, n);
                allRan = false;
                continue;
            }
            summary.set(name, measure(workload));
        }
        List<String> slowed = measured.size() >= 2 ? jitGuard() : List.of();
        summary.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println(json.writeValueAsString(summary));
        out.flush();
        return new Outcome(allRan, slowed);
    }

    /**
     * The JIT guard: each measured workload's filter on 1 thread again, briefly, now that the other
     * workloads' kernels have been compiled, against its first figure. A ratio above
     * {@link #JIT_GUARD_RATIO} is printed loudly; every workload gets its {@code jit_guard} figures.
     * Returns the workloads caught.
     */
    private List<String> jitGuard() throws InterruptedException {
        double seconds = settings.seconds() * JIT_GUARD_FRACTION;
        List<String> slowed = new ArrayList<>();
        for (Measured m : measured) {
            KernelBench.Run again = KernelBench.run(m.cell(), KernelBench.Mode.FILTER, 1, seconds, JIT_GUARD_FIRST_INDEX);
            double ratio = m.filter1Thread() / again.throughput();
            boolean caught = ratio > JIT_GUARD_RATIO;
            ObjectNode g = m.node().putObject("jit_guard");
            g.put("filter_1thread_cand_per_s_first", m.filter1Thread());
            g.put("filter_1thread_cand_per_s_after_all_workloads", again.throughput());
            g.put("slowdown", ratio);
            g.put("passed", !caught);
            if (caught) {
                slowed.add(m.name());
                out.printf(Locale.ROOT, "%s JIT GUARD FAILED: filter 1 thread %,.0f cand/s after the other workloads"
                        + " against %,.0f cand/s first: %.2fx slower (limit %.1fx); a second vector shape or a"
                        + " non-inlined vector helper?%n", m.name(), again.throughput(), m.filter1Thread(), ratio,
                        JIT_GUARD_RATIO);
            } else {
                out.printf(Locale.ROOT, "%s JIT guard: filter 1 thread %,.0f cand/s after the other workloads, %,.0f"
                        + " first (%.2fx)%n", m.name(), again.throughput(), m.filter1Thread(), ratio);
            }
            out.flush();
        }
        return slowed;
    }

    /** R1 on the reference's own data when the reference runs, else on gnc's generated cell. */
    private BenchWorkload r1() throws Exception {
        if (reference.isEmpty()) {
            return BenchWorkload.r1Generated();
        }
        Path data = Files.createTempDirectory("gnc-bench-r1-data");
        reference.get().dumpR1(data);
        return BenchWorkload.r1OnReferenceData(data);
    }

    /**
     * Measures one workload: the filter alone on 1 thread and on all cores (the reference's kind of
     * figure), the full sampler with test scoring on all cores, the Spark job on the session's master
     * and, when that runs several task slots in this JVM, on {@code local[1]}; acceptance and test
     * error; then the reference on its workload with the ratios, and, when the workload is
     * {@linkplain BenchWorkload#comparable comparable}, whether the intervals agree.
     */
    private ObjectNode measure(BenchWorkload workload) throws Exception {
        String name = workload.name();
        double seconds = settings.seconds();
        ObjectNode node = json.createObjectNode();
        Path tmp = Files.createTempDirectory("gnc-bench-" + name.toLowerCase(Locale.ROOT));
        node.put("data", workload.dataNote());
        out.println(name + " data: " + workload.dataNote());
        CellSampler cell = workload.cell(seconds);
        int nTest = cell.data().test().size();
        int all = allThreads();
        node.put("kernel", cell.filterName());
        out.printf(Locale.ROOT, "%s kernel %s%n", name, cell.filterName());
        out.flush();

        // Disjoint index ranges, so all three runs count towards the acceptance estimate. The sampler runs
        // first, as in a Spark task: the JIT then compiles the kernels in the setting sweeps run them in
        // (a filter-only warm-up once hid a sampler three times slower).
        KernelBench.Run sampler = KernelBench.run(cell, KernelBench.Mode.SAMPLER, all, seconds, 1L << 42);
        KernelBench.Run one = KernelBench.run(cell, KernelBench.Mode.FILTER, 1, seconds, 0);
        KernelBench.Run many = KernelBench.run(cell, KernelBench.Mode.FILTER, all, seconds, 1L << 41);
        long attempts = one.candidates() + many.candidates() + sampler.candidates();
        long accepted = one.accepted() + many.accepted() + sampler.accepted();
        AcceptanceStatistics acc = AcceptanceStatistics.of(attempts, accepted, false);
        long[] counts = new long[nTest + 1];
        sampler.samples().forEach(s -> counts[s.testMistakes()]++);
        ErrorSummary err = ErrorSummary.of(counts, nTest, false);
        double errLow = err.mean() - Z_975 * err.se();
        double errHigh = err.mean() + Z_975 * err.se();
        long gc = one.gcMillis() + many.gcMillis() + sampler.gcMillis();

        out.printf(Locale.ROOT, "%s filter   1 thread : %,.0f cand/s (decisions only, like the reference's figure)%n",
                name, one.throughput());
        out.printf(Locale.ROOT, "%s filter  %2d threads: %,.0f cand/s%n", name, all, many.throughput());
        out.printf(Locale.ROOT, "%s sampler %2d threads: %,.0f cand/s (filter + test scoring of %d accepted networks;"
                + " GC %d ms in all kernel runs)%n", name, all, sampler.throughput(), sampler.accepted(), gc);
        out.flush();
        // The Spark job gets a candidate budget worth about `seconds` of the sampler on all cores, so its
        // rounds run full-size shards (a time budget would shrink the last rounds' shards), and at least
        // one round's worth of shards (2 per thread; up to 2^20 candidates).
        long shardSize = sparkShardSize(cell.defaultShardSize(), sampler.throughput() / all);
        long sparkCandidates = (long) Math.max(Math.min(1 << 20, 2L * all * shardSize), sampler.throughput() * seconds);
        SparkJobBench.Run spark = SparkJobBench.run(workload, settings.master(), settings.logLevel(), sparkCandidates,
                shardSize, tmp, "spark");
        node.put("spark_shard_size", shardSize);
        putSpark(node, "spark", spark);
        out.printf(Locale.ROOT, "%s Spark job %-8s: %,.0f cand/s (%.0f%% of the sampler on %d threads; steady state,"
                + " rounds %d-%d; whole job %,.0f)%n", name, spark.master(), spark.steadyCandPerS(),
                100 * spark.steadyCandPerS() / sampler.throughput(), all, spark.firstSteadyRound(), spark.rounds(),
                spark.wholeJobCandPerS());
        out.flush();
        if (Sessions.mastersChoosable() && !spark.master().equals("local[1]") && spark.master().startsWith("local[")) {
            SparkJobBench.Run local1 = SparkJobBench.run(workload, "local[1]", settings.logLevel(),
                    sparkCandidates / 2, shardSize, tmp, "spark_local1");
            putSpark(node, "spark_local1", local1);
            double scaling = spark.steadyCandPerS() / local1.steadyCandPerS();
            out.printf(Locale.ROOT, "%s Spark job local[1]: %,.0f cand/s (%s / local[1] = %.2fx; whole jobs %.2fx)%n",
                    name, local1.steadyCandPerS(), spark.master(), scaling,
                    spark.wholeJobCandPerS() / local1.wholeJobCandPerS());
            node.put("spark_over_local1", scaling);
        }
        out.printf(Locale.ROOT, "%s acceptance %.3g [%.3g, %.3g] (%d of %d); mean test error %.4f [%.4f, %.4f]"
                + " (%d networks)%n", name, acc.rate(), acc.ci95().low(), acc.ci95().high(), accepted, attempts,
                err.mean(), errLow, errHigh, sampler.samples().size());

        measured.add(new Measured(name, cell, one.throughput(), node));
        node.put("filter_1thread_cand_per_s", one.throughput());
        node.put("filter_all_cores_cand_per_s", many.throughput());
        node.put("sampler_all_cores_cand_per_s", sampler.throughput());
        node.put("threads", all);
        node.put("kernel_gc_ms", gc);
        node.put("spark_cand_per_s", spark.steadyCandPerS());
        node.put("spark_over_sampler", spark.steadyCandPerS() / sampler.throughput());
        node.put("n_candidates", attempts);
        node.put("n_accepted", accepted);
        node.put("n_scored", sampler.samples().size());
        node.put("acceptance_rate", acc.rate());
        putInterval(node, "acceptance_ci95", acc.ci95());
        node.put("test_error_mean", err.mean());
        node.putArray("test_error_ci95").add(errLow).add(errHigh);

        if (reference.isPresent()) {
            ReferenceBench.Result r = referenceRuns.get(workload.reference());
            if (r == null) {
                r = reference.get().run(workload.reference(), seconds);
                referenceRuns.put(workload.reference(), r);
            }
            ObjectNode rn = node.putObject("reference");
            rn.put("workload", r.workload());
            rn.put("cand_per_s", r.candPerS());
            rn.put("acceptance_rate", r.acceptanceRate());
            putInterval(rn, "acceptance_ci95", r.acceptanceCi95());
            rn.put("test_error_mean", r.testErrorMean());
            putInterval(rn, "test_error_ci95", r.testErrorCi95());
            rn.put("cand_per_s_with_test_errors", r.candPerSWithTestErrors());
            rn.put("n_candidates", r.candidates());
            rn.put("n_accepted", r.accepted());
            double filterAll = many.throughput() / r.candPerS();
            double filterOne = one.throughput() / r.candPerS();
            double samplerRatio = sampler.throughput() / r.candPerSWithTestErrors();
            double sparkRatio = spark.steadyCandPerS() / r.candPerSWithTestErrors();
            node.put("ratio_filter_all_cores_to_reference", filterAll);
            node.put("ratio_filter_1thread_to_reference", filterOne);
            node.put("ratio_sampler_to_reference_with_test_errors", samplerRatio);
            node.put("ratio_spark_to_reference_with_test_errors", sparkRatio);
            out.printf(Locale.ROOT, "%s reference (gnc_ref.py %s): %,.0f cand/s (%,.0f with its test errors); acceptance"
                    + " %.3g [%.3g, %.3g]; mean test error %.4f [%.4f, %.4f]%n", name, r.workload(), r.candPerS(),
                    r.candPerSWithTestErrors(), r.acceptanceRate(), r.acceptanceCi95().low(),
                    r.acceptanceCi95().high(), r.testErrorMean(), r.testErrorCi95().low(), r.testErrorCi95().high());
            String agreement = "acceptance and test error not compared (different data or prior)";
            if (workload.comparable()) {
                boolean accAgree = overlaps(acc.ci95().low(), acc.ci95().high(), r.acceptanceCi95());
                boolean errAgree = overlaps(errLow, errHigh, r.testErrorCi95());
                node.put("acceptance_agrees", accAgree);
                node.put("test_error_agrees", errAgree);
                agreement = "acceptance " + (accAgree ? "agrees" : "DISAGREES") + ", test error "
                        + (errAgree ? "agrees" : "DISAGREES");
            }
            out.printf(Locale.ROOT, "%s ratio to reference: filter all cores %.2fx, filter 1 thread %.2fx; with test"
                    + " scoring on both sides: sampler %.2fx, Spark %.2fx; %s%n", name, filterAll, filterOne,
                    samplerRatio, sparkRatio, agreement);
        }
        out.flush();
        return node;
    }

    /**
     * The Spark job's shard size: the cell's {@linkplain CellSampler#defaultShardSize() default}, but at most
     * the largest power of two that the sampler on one thread runs in {@link #SHARD_SECONDS} at
     * {@code samplerPerThread} candidates per second, and at least one {@link ShardSampler#CHUNK}. The
     * default sizes shards by parameter count, for kernels that cost about a forward pass per candidate;
     * a cell far slower than that (LENET on the early-rejection filter: 2^20 candidates would take
     * minutes) would otherwise run one round or none within the budget. The fast workloads keep their
     * default (R1, R2, R2g: it takes one to two seconds).
     */
    static long sparkShardSize(long defaultShardSize, double samplerPerThread) {
        long bySpeed = Long.highestOneBit(Math.max(1, (long) (samplerPerThread * SHARD_SECONDS)));
        return Math.min(defaultShardSize, Math.max(ShardSampler.CHUNK, bySpeed));
    }

    /** Threads for the all-cores runs: {@code --threads}, or all cores. */
    private int allThreads() {
        return settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
    }

    /** A Spark job's figures under keys starting with {@code prefix}. */
    private static void putSpark(ObjectNode node, String prefix, SparkJobBench.Run run) {
        node.put(prefix + "_master", run.master());
        node.put(prefix + "_slots", run.slots());
        node.put(prefix + "_rounds", run.rounds());
        node.put(prefix + "_steady_rounds", run.steadyRounds());
        node.put(prefix + "_whole_job_cand_per_s", run.wholeJobCandPerS());
        node.put(prefix + "_sampling_seconds", run.samplingSeconds());
        node.put(prefix + "_end_to_end_seconds", run.endToEndSeconds());
        node.put(prefix + "_shards", run.shards());
        node.put(prefix + "_candidates_counted", run.candidatesCounted());
        node.put(prefix + "_candidates_scanned", run.candidatesScanned());
        node.put(prefix + "_end_to_end_cand_per_s", run.endToEndCandPerS());
    }

    private static void putInterval(ObjectNode node, String key, Interval interval) {
        node.putArray(key).add(interval.low()).add(interval.high());
    }

    /** Whether {@code [low, high]} and {@code other} share a point. */
    private static boolean overlaps(double low, double high, Interval other) {
        return low <= other.high() && other.low() <= high;
    }
}
