package org.gnc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.gnc.recon.Attack;
import org.gnc.recon.AttackLoss;
import org.gnc.recon.ReluNet;
import org.gnc.rng.CounterRng;
import org.gnc.spark.Sessions;
import org.gnc.spec.ReconstructSpec;

/**
 * The {@code RECON} workload of {@code gnc bench}: the reconstruction attack's iteration (one evaluation
 * of {@link AttackLoss} with its hand-derived gradients, one hidden layer, one output, alpha = 100) at
 * the two shapes, 14 x 14 with H = 1000 and 200 candidates and 28 x 28 with H = 1000 and 1000
 * candidates, on one thread (one BLAS thread, as in a Spark task): iterations per second and the GEMM
 * rate they reach (10 N d H floating-point operations an iteration: five GEMMs of N x d x H). Beside it,
 * in the same run, the same loss in PyTorch's CPU autograd in float64 on one thread
 * ({@code benchmarks/recon_torch.py}: one {@code autograd.grad(..., create_graph=True)} with lambda y as
 * {@code grad_outputs}, then a backward pass and the SGD steps), when {@code python3} on the PATH or
 * Debian's {@code /usr/bin/python3} can import torch ({@code apt-get install -y python3-torch}),
 * and the ratio. Then restarts per second of {@link Attack#run} as Spark tasks at the first shape on
 * {@code local[2]} against {@code local[1]} (when bench starts the session). Random weights and
 * candidates: an iteration's cost does not depend on them. Each figure is printed as it is measured.
 */
final class ReconBench {
    /** The torch script, from the repository root. */
    static final Path TORCH_SCRIPT = Path.of("benchmarks/recon_torch.py");

    /** One shape: image side, hidden width, candidates. */
    record Shape(int side, int width, int candidates) {
        String label() {
            return side + "x" + side + "/H" + width + "/N" + candidates;
        }

        /** Floating-point operations of an iteration's five GEMMs. */
        double flops() {
            return 10.0 * candidates * side * side * width;
        }
    }

    /** The two shapes. */
    static final List<Shape> SHAPES = List.of(new Shape(14, 1000, 200), new Shape(28, 1000, 1000));

    /** The restarts each Spark scaling job runs. */
    private static final int SPARK_RESTARTS = 4;

    private ReconBench() {
    }

    /** Measures as the class comment says for about {@code seconds} per figure, printing to {@code out}. */
    static ObjectNode measure(double seconds, String master, String logLevel, PrintWriter out) throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        Path script = ReferenceBench.fromRepositoryRoot(TORCH_SCRIPT);
        double firstMs = Double.NaN;
        for (Shape s : SHAPES) {
            ObjectNode n = node.putObject(s.label());
            double ms = javaMsPerIteration(s, seconds);
            firstMs = Double.isNaN(firstMs) ? ms : firstMs;
            double gflops = s.flops() / (ms / 1000) / 1e9;
            n.put("gnc_ms_per_iteration", ms);
            n.put("gnc_iterations_per_s", 1000 / ms);
            n.put("gnc_gemm_gflops", gflops);
            out.printf(Locale.ROOT, "RECON %s gnc: %.1f ms an iteration (%.2f it/s, GEMMs at %.1f GFLOP/s), 1 thread%n",
                    s.label(), ms, 1000 / ms, gflops);
            out.flush();
            JsonNode torch = script == null ? unavailable(TORCH_SCRIPT + " not found above the working directory")
                    : torch(script, s, seconds);
            n.set("torch", torch);
            if ("ok".equals(torch.path("status").asText())) {
                double tms = torch.path("ms_per_iteration").asDouble();
                n.put("speedup_vs_torch", tms / ms);
                out.printf(Locale.ROOT, "RECON %s torch %s: %.1f ms an iteration, 1 thread: gnc %.2fx torch%n",
                        s.label(), torch.path("torch").asText(), tms, tms / ms);
            } else {
                out.println("RECON " + s.label() + " torch: not run (" + torch.path("reason").asText() + ")");
            }
            out.flush();
        }
        sparkScaling(node, firstMs, seconds, master, logLevel, out);
        return node;
    }

    /** Milliseconds per loss-and-gradient evaluation at shape {@code s}, over at least {@code seconds}. */
    static double javaMsPerIteration(Shape s, double seconds) {
        int d = s.side() * s.side();
        ReluNet net = ReluNet.gaussian(d, s.width(), 1, 1, 0.05, CounterRng.of(1, "bench-recon-net"));
        AttackLoss loss = new AttackLoss(net, 100, -1, 1, 0.1, false, Attack.candidateLabels(halves(s.candidates() / 2)));
        double[] x = gaussian(s.candidates() * d, 0.1, CounterRng.of(1, "bench-recon-x"));
        double[] lambda = new double[s.candidates()];
        java.util.Arrays.fill(lambda, 0.5);
        for (int i = 0; i < 2; i++) {
            loss.evaluate(x, lambda, true);
        }
        int count = 0;
        long t0 = System.nanoTime();
        double elapsed;
        do {
            loss.evaluate(x, lambda, true);
            count++;
            elapsed = (System.nanoTime() - t0) / 1e9;
        } while (elapsed < seconds || count < 3);
        return 1000 * elapsed / count;
    }

    /** {@code m} training labels, half -1 and half +1. */
    private static int[] halves(int m) {
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            y[i] = i < m / 2 ? -1 : 1;
        }
        return y;
    }

    private static double[] gaussian(int n, double scale, CounterRng rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * CounterRng.standardNormal(rng.word(i));
        }
        return x;
    }

    /**
     * The interpreters tried in turn: the one on the PATH, then Debian's, for which python3-torch installs
     * torch (a PATH with another python3 first, such as pyenv's, cannot import it).
     */
    static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    /** The torch script's figures at shape {@code s} from the first interpreter that has torch, else why not. */
    private static JsonNode torch(Path script, Shape s, double seconds) throws InterruptedException {
        JsonNode result = null;
        for (String python : PYTHONS) {
            result = torch(python, script, s, seconds);
            if ("ok".equals(result.path("status").asText())) {
                return result;
            }
        }
        return result;
    }

    private static JsonNode torch(String python, Path script, Shape s, double seconds) throws InterruptedException {
        List<String> cmd = List.of(python, script.toString(), "--side", Integer.toString(s.side()), "--width",
                Integer.toString(s.width()), "--candidates", Integer.toString(s.candidates()), "--seconds",
                Double.toString(seconds), "--threads", "1");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            String[] lines = text.split("\n");
            return lines[lines.length - 1].startsWith("{") ? new ObjectMapper().readTree(lines[lines.length - 1])
                    : unavailable(String.join(" ", cmd) + " printed no figures (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            return unavailable("cannot run " + python + ": " + e.getMessage());
        }
    }

    private static ObjectNode unavailable(String reason) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("status", "unavailable");
        n.put("reason", reason);
        return n;
    }

    /**
     * Restarts per second of {@link #SPARK_RESTARTS} attack restarts as Spark tasks at the first shape,
     * each of about {@code seconds} / 2 of iterations (from {@code msPerIteration}; at least 20), on
     * {@code local[1]} and {@code local[2]} when bench starts the session, else on its master.
     */
    private static void sparkScaling(ObjectNode node, double msPerIteration, double seconds, String master,
                                     String logLevel, PrintWriter out) {
        Shape s = SHAPES.get(0);
        int iterations = Math.max(20, (int) (seconds * 500 / msPerIteration));
        List<String> masters = Sessions.mastersChoosable() ? List.of("local[1]", "local[2]")
                : java.util.Collections.singletonList(master);
        ObjectNode n = node.putObject("spark_" + s.label());
        n.put("restarts", SPARK_RESTARTS);
        n.put("iterations_per_restart", iterations);
        double first = Double.NaN;
        for (String m : masters) {
            double perSecond = restartsPerSecond(s, iterations, m, logLevel);
            String key = m == null ? "default" : m;
            n.put(key + "_restarts_per_s", perSecond);
            first = Double.isNaN(first) ? perSecond : first;
            out.printf(Locale.ROOT, "RECON Spark %s: %d restarts of %d iterations at %s: %.3f restarts/s%s%n", key,
                    SPARK_RESTARTS, iterations, s.label(), perSecond,
                    perSecond == first ? "" : String.format(Locale.ROOT, " (%.2fx %s)", perSecond / first,
                            masters.get(0)));
            out.flush();
        }
        if (masters.size() == 2) {
            n.put("local2_over_local1", n.path("local[2]_restarts_per_s").asDouble()
                    / n.path("local[1]_restarts_per_s").asDouble());
        }
    }

    /** Restarts per second of a job of {@link #SPARK_RESTARTS} restarts, after a warm-up job. */
    private static double restartsPerSecond(Shape s, int iterations, String master, String logLevel) {
        int d = s.side() * s.side();
        int m = s.candidates() / 2;
        ReluNet net = ReluNet.gaussian(d, s.width(), 1, 1, 0.05, CounterRng.of(1, "bench-recon-net"));
        double[] train = gaussian(m * d, 0.3, CounterRng.of(1, "bench-recon-train"));
        int[] labels = halves(m);
        try (Sessions session = Sessions.start("gnc bench RECON", master, logLevel)) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            List<Integer> restarts = new ArrayList<>();
            for (int r = 0; r < SPARK_RESTARTS; r++) {
                restarts.add(r);
            }
            job(jsc, net, train, labels, spec(2), restarts.subList(0, 2));
            long t0 = System.nanoTime();
            job(jsc, net, train, labels, spec(iterations), restarts);
            return SPARK_RESTARTS / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static ReconstructSpec.Attack spec(int iterations) {
        ReconstructSpec.Range r = new ReconstructSpec.Range(1e-3, 1e-3, false);
        return new ReconstructSpec.Attack(SPARK_RESTARTS, iterations, 0.9, -1, 1, false, r, r, r,
                new ReconstructSpec.Range(0.1, 0.1, false), new ReconstructSpec.Range(100, 100, false),
                iterations + 1, 1, 1e9, false);
    }

    private static void job(JavaSparkContext jsc, ReluNet net, double[] train, int[] labels,
                            ReconstructSpec.Attack spec, List<Integer> restarts) {
        jsc.parallelize(restarts, restarts.size()).map(r -> Attack.run(net, train, labels, spec,
                Attack.Hyper.draw(spec, CounterRng.of(1, "bench-recon-hyper", r)),
                CounterRng.of(1, "bench-recon-restart", r)).iterations()).collect();
    }
}
