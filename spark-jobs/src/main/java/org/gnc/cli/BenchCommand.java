package org.gnc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.Sample;
import org.gnc.spark.Sessions;
import org.gnc.spark.SweepJob;
import org.gnc.spark.bench.KernelBench;
import org.gnc.spark.bench.ReferenceBench;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.TestErrorSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * gnc bench: candidates per second of the kernel on 1 thread and on all cores and of the Spark job,
 * acceptance and test error with 95% intervals, and the same figures from the numpy reference run in
 * the same process tree, with the ratios. The last output line is one JSON object.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the sampler on the workloads of issue 5 (R1 teacher-student; R2, R2g Fashion-MNIST)"
                + " against the numpy reference ../shared/bench/gnc_ref.py, run in the same invocation.",
            "R1 runs on the reference's own data (gnc_ref.py r1 --dump-csv) when python3 with numpy is available,"
                + " else on gnc's generated R1 cell. The last line is a JSON object with all figures.",
            "Exit code 2 when a requested workload cannot run here (R2/R2g until the IDX loader is merged)."})
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

    /** R1 as a sweep: the student of issue 5 on the given data block. */
    static String r1Config(String dataBlock, double seconds) {
        return "sweep { name = bench-r1, seed = 1 }\n" + dataBlock + "\n"
                + "student { widths = [8], activation = relu, bias = false, output-bias = false,\n"
                + "          prior { kind = levels, levels = [-1, 0, 1] } }\n"
                + "accept { max-train-errors = 0 }\n"
                + "budget { target-accepted = 1000000000, max-candidates = 8000000000000, max-seconds = "
                + seconds + " }\n";
    }

    /** R1's generated data: x ~ N(0, I_20), a width-2 ternary ReLU teacher, 16 train and 10,000 test points. */
    static final String R1_GENERATED = "data { kind = teacher-student, input = gaussian, dim = 20, train-size = 16,\n"
            + "  test-size = 10000, seed = 0,\n"
            + "  teacher { widths = [2], activation = relu, bias = false, prior { kind = levels, levels = [-1, 0, 1] } } }";

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
        List<String> why = new ArrayList<>();
        Optional<ReferenceBench> ref = noReference ? Optional.empty() : ReferenceBench.locate(reference, why);
        if (noReference) {
            why.add("--no-reference");
        }
        summary.put("reference", ref.map(r -> r.script().toString()).orElse(null));
        if (ref.isEmpty()) {
            out.println("reference: not run (" + String.join("; ", why) + ")");
        }
        boolean unavailable = false;
        for (String name : names) {
            if (name.equals("R1")) {
                summary.set(name, r1(ref, out, json));
            } else {
                String reason = name + " needs the Fashion-MNIST IDX loader (org.gnc.data, branch data), which is "
                        + "not in this build: no figures for " + name;
                out.println(name + ": " + reason);
                ObjectNode n = json.createObjectNode();
                n.put("status", "unavailable");
                n.put("reason", reason);
                summary.set(name, n);
                unavailable = true;
            }
        }
        out.println(json.writeValueAsString(summary));
        out.flush();
        return unavailable ? Gnc.BAD_INPUT : 0;
    }

    private ObjectNode r1(Optional<ReferenceBench> ref, PrintWriter out, ObjectMapper json) throws Exception {
        ObjectNode node = json.createObjectNode();
        Path tmp = Files.createTempDirectory("gnc-bench-r1");
        String dataBlock;
        if (ref.isPresent()) {
            ref.get().dumpR1(tmp);
            dataBlock = "data { kind = table, train = \"" + tmp.resolve("train.csv") + "\", test = \""
                    + tmp.resolve("test.csv") + "\" }";
            node.put("data", "reference R1 data (gnc_ref.py r1 --dump-csv)");
        } else {
            dataBlock = R1_GENERATED;
            node.put("data", "gnc's generated R1 cell (no reference available: acceptance and test error are not"
                    + " comparable to the reference's data)");
        }
        out.println("R1 data: " + node.get("data").asText());
        SweepSpec spec = SweepSpecParser.parseText(r1Config(dataBlock, seconds), tmp, "bench R1");
        PreparedSweep prepared = PreparedSweep.of(spec);
        CellSampler cell = prepared.cells().values().iterator().next();
        int nTest = cell.data().test().size();
        int all = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();

        KernelBench.Run one = KernelBench.run(cell, 1, seconds, 0);
        KernelBench.Run many = KernelBench.run(cell, all, seconds, 1L << 41);
        List<Sample> samples = new ArrayList<>(one.samples());
        samples.addAll(many.samples());
        long attempts = one.candidates() + many.candidates();
        AcceptanceStatistics acc = AcceptanceStatistics.of(attempts, samples.size(), false);
        long[] counts = new long[nTest + 1];
        samples.forEach(s -> counts[s.testMistakes()]++);
        TestErrorSummary err = TestErrorSummary.of(counts, nTest, false);
        double errHalf = 1.959963984540054 * err.se();

        double spark = sparkThroughput(prepared, dataBlock, tmp, node);

        node.put("kernel_1thread_cand_per_s", one.throughput());
        node.put("kernel_all_cores_cand_per_s", many.throughput());
        node.put("kernel_threads", all);
        node.put("kernel_gc_ms", one.gcMillis() + many.gcMillis());
        node.put("spark_cand_per_s", spark);
        node.put("spark_over_kernel", spark / many.throughput());
        node.put("n_candidates", attempts);
        node.put("n_accepted", samples.size());
        node.put("acceptance_rate", acc.rate());
        node.putArray("acceptance_ci95").add(acc.ci95().low()).add(acc.ci95().high());
        node.put("test_error_mean", err.mean());
        node.putArray("test_error_ci95").add(err.mean() - errHalf).add(err.mean() + errHalf);
        out.printf(Locale.ROOT, "R1 kernel  1 thread : %,.0f cand/s%n", one.throughput());
        out.printf(Locale.ROOT, "R1 kernel %2d threads: %,.0f cand/s (GC %d ms)%n", all, many.throughput(),
                one.gcMillis() + many.gcMillis());
        out.printf(Locale.ROOT, "R1 Spark job        : %,.0f cand/s (%.0f%% of the kernel on all cores)%n", spark,
                100 * spark / many.throughput());
        out.printf(Locale.ROOT, "R1 acceptance %.3g [%.3g, %.3g] (%d of %d); mean test error %.4f [%.4f, %.4f]%n",
                acc.rate(), acc.ci95().low(), acc.ci95().high(), samples.size(), attempts, err.mean(),
                err.mean() - errHalf, err.mean() + errHalf);

        if (ref.isPresent()) {
            JsonNode r = ref.get().run("r1", seconds);
            double refRate = r.path("throughput_cand_per_s").asDouble();
            double refAcc = r.path("acceptance_rate").asDouble();
            JsonNode refAccCi = r.path("acceptance_ci95_wilson");
            JsonNode te = r.path("test_error");
            double refErr = te.path("mean").asDouble();
            JsonNode refErrCi = te.path("ci95");
            boolean accAgree = overlaps(acc.ci95().low(), acc.ci95().high(), refAccCi.get(0).asDouble(),
                    refAccCi.get(1).asDouble());
            boolean errAgree = overlaps(err.mean() - errHalf, err.mean() + errHalf, refErrCi.get(0).asDouble(),
                    refErrCi.get(1).asDouble());
            ObjectNode rn = node.putObject("reference");
            rn.put("cand_per_s", refRate);
            rn.put("acceptance_rate", refAcc);
            rn.set("acceptance_ci95", refAccCi);
            rn.put("test_error_mean", refErr);
            rn.set("test_error_ci95", refErrCi);
            rn.put("n_candidates", r.path("n_candidates").asLong());
            rn.put("n_accepted", r.path("n_accepted").asLong());
            node.put("ratio_kernel_all_cores_to_reference", many.throughput() / refRate);
            node.put("ratio_spark_to_reference", spark / refRate);
            node.put("ratio_kernel_1thread_to_reference", one.throughput() / refRate);
            node.put("acceptance_agrees", accAgree);
            node.put("test_error_agrees", errAgree);
            out.printf(Locale.ROOT, "R1 reference (gnc_ref.py): %,.0f cand/s; acceptance %.3g [%.3g, %.3g]; mean test "
                    + "error %.4f [%.4f, %.4f]%n", refRate, refAcc, refAccCi.get(0).asDouble(), refAccCi.get(1).asDouble(),
                    refErr, refErrCi.get(0).asDouble(), refErrCi.get(1).asDouble());
            out.printf(Locale.ROOT, "R1 ratio to reference: kernel all cores %.2fx, Spark %.2fx, kernel 1 thread %.2fx;"
                    + " acceptance %s, test error %s%n", many.throughput() / refRate, spark / refRate,
                    one.throughput() / refRate, accAgree ? "agrees" : "DISAGREES", errAgree ? "agrees" : "DISAGREES");
        }
        out.flush();
        return node;
    }

    /** Candidates per second of the full Spark sweep job on the cell, after a short warm-up run. */
    private double sparkThroughput(PreparedSweep prepared, String dataBlock, Path tmp, ObjectNode node) {
        try (Sessions session = Sessions.start("gnc bench", run.master, run.logLevel)) {
            PreparedSweep warm = PreparedSweep.of(SweepSpecParser.parseText(r1Config(dataBlock, 2), tmp,
                    "bench warm-up"));
            SweepJob.run(session.spark(), warm, OutputFolder.prepare(tmp.resolve("spark-warmup").toString(), false,
                    new Configuration()), new SweepJob.Options(0, 0, null, false));
            long t0 = System.nanoTime();
            SweepJob.Outcome o = SweepJob.run(session.spark(), prepared, OutputFolder.prepare(
                    tmp.resolve("spark").toString(), false, new Configuration()), new SweepJob.Options(0, 0, null, false));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long attempts = o.cells().get(0).result().tally().attempts();
            node.put("spark_master", session.spark().sparkContext().master());
            node.put("spark_seconds", elapsed);
            return attempts / elapsed;
        }
    }

    private static boolean overlaps(double a0, double a1, double b0, double b1) {
        return a0 <= b1 && b0 <= a1;
    }
}
