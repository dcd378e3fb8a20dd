package org.gnc.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.gnc.bench.KernelBench;
import org.gnc.bench.ReferenceBench;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.Sessions;
import org.gnc.spark.SweepJob;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * gnc bench: candidates per second of the cell's filter alone on 1 thread and on all cores (decisions
 * only, the kind of figure the numpy reference reports), of the full sampler with test scoring on all
 * cores, and of the Spark job (on the session's master and, when bench starts the embedded Spark,
 * also on local[1] for the scaling); acceptance and test error with 95% intervals; and the same
 * figures from the numpy reference run in the same process tree, with the ratios. The last output
 * line is one JSON object.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the sampler on the workloads R1 (teacher-student, ternary), R2 and R2g (Fashion-MNIST, uniform and Gaussian priors)"
                + " against the numpy reference ../shared/bench/gnc_ref.py, run in the same invocation.",
            "Per workload: the filter alone (decisions, like the reference's figure) on 1 thread and all cores, the"
                + " sampler with test scoring on all cores, the Spark job on local[*] and local[1], acceptance and test"
                + " error with 95%% intervals, the reference's figures and the ratios.",
            "R1 runs on the reference's own data (gnc_ref.py r1 --dump-csv) when python3 with numpy is available,"
                + " else on gnc's generated R1 cell. The last line is a JSON object with all figures.",
            "R2 and R2g run on Fashion-MNIST (--fashion-mnist DIR); the reference has no Gaussian mode, so R2g's"
                + " ratio is against the reference's R2. Exit code 2 when a requested workload cannot run here."})
public final class BenchCommand extends SparkCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "R1", paramLabel = "WORKLOAD", description = "R1 | R2 | R2g | all (default R1).")
    String workload;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds per timed measurement (default 10).")
    double seconds;

    @Option(names = "--reference", paramLabel = "PATH",
            description = "gnc_ref.py (default: " + ReferenceBench.RELATIVE + " from the repository root).")
    Path reference;

    @Option(names = "--no-reference", description = "Do not run the numpy reference.")
    boolean noReference;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the all-cores kernel run (default: all cores).")
    int threads;

    @Option(names = "--fashion-mnist", paramLabel = "DIR",
            description = "Folder of the Fashion-MNIST IDX files for R2 and R2g (default: $FMNIST_DIR, else "
                    + DEFAULT_FMNIST + ").")
    Path fashionMnist;

    /** Where Debian's dataset-fashion-mnist package installs the files (gnc_ref.py's default too). */
    static final String DEFAULT_FMNIST = "/usr/share/datasets/fashion-mnist";
    static final List<String> FMNIST_FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** The student block of each workload. */
    static String student(String workload) {
        return switch (workload) {
            case "R1" -> "student { widths = [8], activation = relu, bias = false, output-bias = false,\n"
                    + "          prior { kind = levels, levels = [-1, 0, 1] } }\n";
            case "R2" -> "student { widths = [16], activation = relu, bias = false, output-bias = false,\n"
                    + "          prior { kind = uniform, low = -1, high = 1 } }\n";
            case "R2g" -> "student { widths = [16], activation = relu, bias = false, output-bias = false,\n"
                    + "          prior { kind = gaussian, std = 1 } }\n";
            default -> throw new IllegalArgumentException(workload);
        };
    }

    /** A workload as a sweep: its student on the given data block, for {@code seconds} of sampling. */
    static String config(String workload, String dataBlock, double seconds) {
        return config(workload, dataBlock, 8_000_000_000_000L, seconds);
    }

    /** A workload as a sweep that stops after {@code candidates} candidates or {@code seconds} of sampling. */
    static String config(String workload, String dataBlock, long candidates, double seconds) {
        return "sweep { name = bench-" + workload.toLowerCase(Locale.ROOT) + ", seed = 1 }\n" + dataBlock + "\n"
                + student(workload)
                + "accept { max-train-errors = 0 }\n"
                + "budget { target-accepted = 1000000000, max-candidates = " + candidates + ", max-seconds = "
                + seconds + " }\n";
    }

    /** R1's generated data: x ~ N(0, I_20), a width-2 ternary ReLU teacher, 16 train and 10,000 test points. */
    static final String R1_GENERATED = "data { kind = teacher-student, input = gaussian, dim = 20, train-size = 16,\n"
            + "  test-size = 10000, seed = 0,\n"
            + "  teacher { widths = [2], activation = relu, bias = false, prior { kind = levels, levels = [-1, 0, 1] } } }";

    /** R2's data: T-shirt (-1) against Trouser (+1), the first 4 training images of each, all 2,000 test images. */
    static String r2Data(Path dir) {
        return "data { kind = idx\n"
                + "  train-images = \"" + dir.resolve(FMNIST_FILES.get(0)) + "\"\n"
                + "  train-labels = \"" + dir.resolve(FMNIST_FILES.get(1)) + "\"\n"
                + "  test-images = \"" + dir.resolve(FMNIST_FILES.get(2)) + "\"\n"
                + "  test-labels = \"" + dir.resolve(FMNIST_FILES.get(3)) + "\"\n"
                + "  classes = [0, 1], train-per-class = 4, train-select = first, test-per-class = all\n"
                + "  divide-by-255 = true, downsample = 1, standardize = global }";
    }

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || threads < 0) {
            throw new BadInputException("--seconds must be > 0 and --threads >= 0");
        }
        List<String> names = switch (workload.toUpperCase(Locale.ROOT)) {
            case "ALL" -> List.of("R1", "R2", "R2g");
            case "R1" -> List.of("R1");
            case "R2" -> List.of("R2");
            case "R2G" -> List.of("R2g");
            default -> throw new BadInputException("unknown workload " + workload + ": use R1, R2, R2g or all");
        };
        PrintWriter out = out();
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = json.createObjectNode();
        summary.put("seconds", seconds);
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        summary.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> why = new ArrayList<>();
        Optional<ReferenceBench> ref = noReference ? Optional.empty() : ReferenceBench.locate(reference, why);
        if (noReference) {
            why.add("--no-reference");
        }
        summary.put("reference", ref.map(r -> r.script().toString()).orElse(null));
        if (ref.isEmpty()) {
            out.println("reference: not run (" + String.join("; ", why) + ")");
        }
        Map<String, JsonNode> refRuns = new HashMap<>();
        boolean unavailable = false;
        for (String name : names) {
            if (name.equals("R1")) {
                summary.set(name, r1(ref, refRuns, out, json));
                continue;
            }
            Path dir = fashionMnist != null ? fashionMnist
                    : Path.of(Optional.ofNullable(System.getenv("FMNIST_DIR")).orElse(DEFAULT_FMNIST));
            List<String> missing = FMNIST_FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
            if (!missing.isEmpty()) {
                String reason = name + " needs Fashion-MNIST in " + dir + " (apt-get install dataset-fashion-mnist, or"
                        + " --fashion-mnist DIR): missing " + String.join(", ", missing);
                out.println(name + ": " + reason);
                ObjectNode n = json.createObjectNode();
                n.put("status", "unavailable");
                n.put("reason", reason);
                summary.set(name, n);
                unavailable = true;
                continue;
            }
            String note = name.equals("R2")
                    ? "same data and prior as gnc_ref.py r2 (which rounds the standardized features to float32;"
                        + " gnc keeps doubles)"
                    : "gnc_ref.py has no Gaussian mode: the speed ratio is against its R2 (uniform prior); acceptance"
                        + " and test error are not comparable and are not compared";
            summary.set(name, measure(name, r2Data(dir), note, name.equals("R2"), ref, refRuns, out, json));
        }
        summary.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println(json.writeValueAsString(summary));
        out.flush();
        return unavailable ? Gnc.BAD_INPUT : 0;
    }

    private ObjectNode r1(Optional<ReferenceBench> ref, Map<String, JsonNode> refRuns, PrintWriter out,
                          ObjectMapper json) throws Exception {
        if (ref.isPresent()) {
            Path tmp = Files.createTempDirectory("gnc-bench-r1-data");
            ref.get().dumpR1(tmp);
            String dataBlock = "data { kind = table, train = \"" + tmp.resolve("train.csv") + "\", test = \""
                    + tmp.resolve("test.csv") + "\" }";
            return measure("R1", dataBlock, "reference R1 data (gnc_ref.py r1 --dump-csv)", true, ref, refRuns, out,
                    json);
        }
        return measure("R1", R1_GENERATED, "gnc's generated R1 cell (no reference available: acceptance and test"
                + " error are not comparable to the reference's data)", false, ref, refRuns, out, json);
    }

    /**
     * Measures one workload: the filter alone on 1 thread and on all cores (the reference's kind of
     * figure), the full sampler with test scoring on all cores, the Spark job on the session's master
     * and, when that runs several task slots in this JVM, on {@code local[1]}; acceptance and test
     * error; then the reference on its workload (R1 for R1, R2 for R2 and R2g; run once per
     * invocation) with the ratios, and, when {@code comparable}, whether the intervals agree.
     */
    private ObjectNode measure(String name, String dataBlock, String dataNote, boolean comparable,
                               Optional<ReferenceBench> ref, Map<String, JsonNode> refRuns, PrintWriter out,
                               ObjectMapper json) throws Exception {
        ObjectNode node = json.createObjectNode();
        Path tmp = Files.createTempDirectory("gnc-bench-" + name.toLowerCase(Locale.ROOT));
        node.put("data", dataNote);
        out.println(name + " data: " + dataNote);
        SweepSpec spec = SweepSpecParser.parseText(config(name, dataBlock, seconds), tmp, "bench " + name);
        PreparedSweep prepared = PreparedSweep.of(spec);
        CellSampler cell = prepared.cells().values().iterator().next();
        int nTest = cell.data().test().size();
        int all = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
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
        double errHalf = 1.959963984540054 * err.se();
        long gc = one.gcMillis() + many.gcMillis() + sampler.gcMillis();

        out.printf(Locale.ROOT, "%s filter   1 thread : %,.0f cand/s (decisions only, like the reference's figure)%n",
                name, one.throughput());
        out.printf(Locale.ROOT, "%s filter  %2d threads: %,.0f cand/s%n", name, all, many.throughput());
        out.printf(Locale.ROOT, "%s sampler %2d threads: %,.0f cand/s (filter + test scoring of %d accepted networks;"
                + " GC %d ms in all kernel runs)%n", name, all, sampler.throughput(), sampler.accepted(), gc);
        out.flush();
        // The Spark job gets a candidate budget worth about `seconds` of the sampler on all cores, so its
        // rounds run full-size shards (a time budget would shrink the last rounds' shards).
        long sparkCandidates = (long) Math.max(1 << 20, sampler.throughput() * seconds);
        double spark = sparkThroughput(name, dataBlock, tmp, node, run.master, "spark", sparkCandidates,
                cell.defaultShardSize());
        out.printf(Locale.ROOT, "%s Spark job %-8s: %,.0f cand/s (%.0f%% of the sampler on %d threads; steady state,"
                + " rounds %d-%d; whole job %,.0f)%n", name, node.path("spark_master").asText(), spark,
                100 * spark / sampler.throughput(), all, node.path("spark_rounds").asInt() - node.path("spark_steady_rounds").asInt() + 1,
                node.path("spark_rounds").asInt(), node.path("spark_whole_job_cand_per_s").asDouble());
        out.flush();
        double sparkOne = Double.NaN;
        String master = node.path("spark_master").asText();
        if (Sessions.mastersChoosable() && !master.equals("local[1]") && master.startsWith("local[")) {
            sparkOne = sparkThroughput(name, dataBlock, tmp, node, "local[1]", "spark_local1", sparkCandidates / 2,
                    cell.defaultShardSize());
            out.printf(Locale.ROOT, "%s Spark job local[1]: %,.0f cand/s (%s / local[1] = %.2fx; whole jobs %.2fx)%n",
                    name, sparkOne, master, spark / sparkOne, node.path("spark_whole_job_cand_per_s").asDouble()
                            / node.path("spark_local1_whole_job_cand_per_s").asDouble());
            node.put("spark_over_local1", spark / sparkOne);
        }
        out.printf(Locale.ROOT, "%s acceptance %.3g [%.3g, %.3g] (%d of %d); mean test error %.4f [%.4f, %.4f]"
                + " (%d networks)%n", name, acc.rate(), acc.ci95().low(), acc.ci95().high(), accepted, attempts,
                err.mean(), err.mean() - errHalf, err.mean() + errHalf, sampler.samples().size());

        node.put("filter_1thread_cand_per_s", one.throughput());
        node.put("filter_all_cores_cand_per_s", many.throughput());
        node.put("sampler_all_cores_cand_per_s", sampler.throughput());
        node.put("threads", all);
        node.put("kernel_gc_ms", gc);
        node.put("spark_cand_per_s", spark);
        node.put("spark_over_sampler", spark / sampler.throughput());
        node.put("n_candidates", attempts);
        node.put("n_accepted", accepted);
        node.put("n_scored", sampler.samples().size());
        node.put("acceptance_rate", acc.rate());
        node.putArray("acceptance_ci95").add(acc.ci95().low()).add(acc.ci95().high());
        node.put("test_error_mean", err.mean());
        node.putArray("test_error_ci95").add(err.mean() - errHalf).add(err.mean() + errHalf);

        if (ref.isPresent()) {
            String refWorkload = name.equals("R1") ? "r1" : "r2";
            JsonNode r = refRuns.get(refWorkload);
            if (r == null) {
                r = ref.get().run(refWorkload, seconds);
                refRuns.put(refWorkload, r);
            }
            double refRate = r.path("throughput_cand_per_s").asDouble();
            double refAcc = r.path("acceptance_rate").asDouble();
            JsonNode refAccCi = r.path("acceptance_ci95_wilson");
            JsonNode te = r.path("test_error");
            double refErr = te.path("mean").asDouble();
            JsonNode refErrCi = te.path("ci95");
            ObjectNode rn = node.putObject("reference");
            rn.put("workload", refWorkload);
            rn.put("cand_per_s", refRate);
            rn.put("acceptance_rate", refAcc);
            rn.set("acceptance_ci95", refAccCi);
            rn.put("test_error_mean", refErr);
            rn.set("test_error_ci95", refErrCi);
            // Its throughput counts sampling only; its test errors are computed afterwards (eval_seconds).
            double refWithTest = r.path("n_candidates").asDouble()
                    / (r.path("sampling_seconds").asDouble() + r.path("eval_seconds").asDouble());
            rn.put("cand_per_s_with_test_errors", refWithTest);
            rn.put("n_candidates", r.path("n_candidates").asLong());
            rn.put("n_accepted", r.path("n_accepted").asLong());
            node.put("ratio_filter_all_cores_to_reference", many.throughput() / refRate);
            node.put("ratio_filter_1thread_to_reference", one.throughput() / refRate);
            node.put("ratio_sampler_to_reference_with_test_errors", sampler.throughput() / refWithTest);
            node.put("ratio_spark_to_reference_with_test_errors", spark / refWithTest);
            out.printf(Locale.ROOT, "%s reference (gnc_ref.py %s): %,.0f cand/s (%,.0f with its test errors); acceptance"
                    + " %.3g [%.3g, %.3g]; mean test error %.4f [%.4f, %.4f]%n", name, refWorkload, refRate, refWithTest,
                    refAcc, refAccCi.path(0).asDouble(), refAccCi.path(1).asDouble(), refErr,
                    refErrCi.path(0).asDouble(), refErrCi.path(1).asDouble());
            String agreement = "acceptance and test error not compared (different data or prior)";
            if (comparable) {
                boolean accAgree = overlaps(acc.ci95().low(), acc.ci95().high(), refAccCi.path(0).asDouble(),
                        refAccCi.path(1).asDouble());
                boolean errAgree = overlaps(err.mean() - errHalf, err.mean() + errHalf, refErrCi.path(0).asDouble(),
                        refErrCi.path(1).asDouble());
                node.put("acceptance_agrees", accAgree);
                node.put("test_error_agrees", errAgree);
                agreement = "acceptance " + (accAgree ? "agrees" : "DISAGREES") + ", test error "
                        + (errAgree ? "agrees" : "DISAGREES");
            }
            out.printf(Locale.ROOT, "%s ratio to reference: filter all cores %.2fx, filter 1 thread %.2fx; with test"
                    + " scoring on both sides: sampler %.2fx, Spark %.2fx; %s%n", name, many.throughput() / refRate,
                    one.throughput() / refRate, sampler.throughput() / refWithTest, spark / refWithTest, agreement);
        }
        out.flush();
        return node;
    }

    /**
     * Candidates per second of the full Spark sweep job on the cell in its steady state, after a
     * warm-up run of a fifth of the candidates: a job of {@code candidates} candidates (a candidate
     * budget, so every round runs full-size shards of the cell's {@code shardSize}), counted over its
     * rounds after the first quarter (the candidates those rounds scanned over their wall time). The
     * whole job's sampling rate and the end-to-end time, Parquet tables included, are reported beside
     * it, under keys starting with {@code prefix}.
     * The session is stopped afterwards when bench started it.
     */
    private double sparkThroughput(String name, String dataBlock, Path tmp, ObjectNode node, String master,
                                   String prefix, long candidates, long shardSize) {
        try (Sessions session = Sessions.start("gnc bench", master, run.logLevel)) {
            int slots = session.spark().sparkContext().defaultParallelism();
            // Whole rounds: SweepJob runs 2 shards per task slot per round, so a partial last round
            // would leave cores idle (a budget below one round, as in short runs, is kept as it is).
            long round = 2L * slots * shardSize;
            if (candidates >= round) {
                candidates = Math.round((double) candidates / round) * round;
            }
            PreparedSweep warm = PreparedSweep.of(SweepSpecParser.parseText(config(name, dataBlock,
                    candidates / 5, 1e6), tmp, "bench warm-up"));
            SweepJob.run(session.spark(), warm, OutputFolder.prepare(tmp.resolve(prefix + "-warmup").toString(), false,
                    new Configuration()), new SweepJob.Options(0, 0, null, false));
            PreparedSweep timed = PreparedSweep.of(SweepSpecParser.parseText(config(name, dataBlock,
                    candidates, 1e6), tmp, "bench Spark"));
            long t0 = System.nanoTime();
            SweepJob.Outcome o = SweepJob.run(session.spark(), timed, OutputFolder.prepare(
                    tmp.resolve(prefix).toString(), false, new Configuration()), new SweepJob.Options(0, 0, null, false));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            SweepJob.CellOutcome cell = o.cells().get(0);
            long attempts = cell.result().tally().attempts();
            long scanned = cell.shards().stream().mapToLong(s -> s.result().candidates()).sum();
            // Steady state: the rounds after the job's first quarter, whose tasks were measured slower
            // while a new job's samplers, results and JIT settle (by up to a fifth on 2 busy cores).
            List<SweepJob.Round> rounds = o.rounds();
            int skip = rounds.size() / 4;
            List<SweepJob.Round> steady = rounds.subList(skip, rounds.size());
            double steadySeconds = steady.stream().mapToDouble(SweepJob.Round::seconds).sum();
            long steadyCandidates = steady.stream().mapToLong(SweepJob.Round::candidates).sum();
            node.put(prefix + "_master", session.spark().sparkContext().master());
            node.put(prefix + "_slots", slots);
            node.put(prefix + "_rounds", rounds.size());
            node.put(prefix + "_steady_rounds", steady.size());
            node.put(prefix + "_whole_job_cand_per_s", attempts / o.samplingSeconds());
            node.put(prefix + "_sampling_seconds", o.samplingSeconds());
            node.put(prefix + "_end_to_end_seconds", elapsed);
            node.put(prefix + "_shards", cell.shards().size());
            node.put(prefix + "_candidates_counted", attempts);
            node.put(prefix + "_candidates_scanned", scanned);
            node.put(prefix + "_end_to_end_cand_per_s", attempts / elapsed);
            return steadyCandidates / steadySeconds;
        }
    }

    private static boolean overlaps(double a0, double a1, double b0, double b1) {
        return a0 <= b1 && b0 <= a1;
    }
}
