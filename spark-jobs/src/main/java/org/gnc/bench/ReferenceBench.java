package org.gnc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gnc.stats.Interval;

/**
 * The numpy reference sampler {@code gnc_ref.py} (in the shared folder next to the repository), run
 * as a child process: located, checked for python3 with numpy, asked to dump its R1 data, and run on
 * a workload, its last stdout line parsed as JSON into a {@link Result}.
 */
public final class ReferenceBench {
    /** Where the reference lives by default, relative to the repository root. */
    public static final String DEFAULT_PATH = "../shared/bench/gnc_ref.py";

    /**
     * The reference's figures on one workload.
     *
     * @param workload               {@code r1} or {@code r2}
     * @param candPerS               its throughput: candidates per second of sampling alone
     * @param acceptanceRate         accepted over candidates
     * @param acceptanceCi95         its 95% (Wilson) interval for the acceptance rate
     * @param testErrorMean          mean test error of its accepted networks
     * @param testErrorCi95          its 95% interval for that mean
     * @param candPerSWithTestErrors candidates per second with the scoring of accepted networks included
     * @param candidates             candidates it drew
     * @param accepted               networks it accepted
     */
    public record Result(String workload, double candPerS, double acceptanceRate, Interval acceptanceCi95,
                         double testErrorMean, Interval testErrorCi95, double candPerSWithTestErrors, long candidates,
                         long accepted) {
    }

    private final Path script;

    private ReferenceBench(Path script) {
        this.script = script;
    }

    /**
     * The reference at {@code path}: where it names a file (absolute, or relative to the working
     * directory), that file; else, for a relative path, the file it names from the repository root (a
     * folder holding {@code bin/gnc}, searched upwards from the working directory and from the gnc
     * jar). Empty when not found or when python3 with numpy is missing (the reason is then added to
     * {@code why}).
     */
    public static Optional<ReferenceBench> locate(Path path, List<String> why) {
        Path found = Files.isRegularFile(path) ? path.toAbsolutePath().normalize()
                : path.isAbsolute() ? null : fromRepositoryRoot(path);
        if (found == null) {
            why.add("reference " + path + (path.isAbsolute() ? "" : " (from the repository root)") + " not found");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why.add("python3 has no numpy");
                return Optional.empty();
            }
        } catch (IOException e) {
            why.add("python3 not found");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new ReferenceBench(found));
    }

    /**
     * {@code relative} from the nearest repository root, above the working directory or else above
     * the gnc jar, where it names a file; null if there is none.
     */
    private static Path fromRepositoryRoot(Path relative) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ReferenceBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no jar location: the working directory is enough
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(relative).normalize();
                if (Files.exists(dir.resolve("bin/gnc")) && Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    public Path script() {
        return script;
    }

    /** Writes the reference's R1 data as {@code train.csv} and {@code test.csv} in {@code dir}. */
    public void dumpR1(Path dir) throws IOException, InterruptedException {
        exec(List.of("r1", "--dump-csv", dir.toString()));
    }

    /** Runs the reference on {@code workload} ("r1", "r2") for at least {@code seconds}; its figures. */
    public Result run(String workload, double seconds) throws IOException, InterruptedException {
        String out = exec(List.of(workload, "--min-seconds", Double.toString(seconds)));
        String[] lines = out.strip().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
        JsonNode testError = r.path("test_error");
        // Its throughput counts sampling only; its test errors are computed afterwards (eval_seconds).
        double withTestErrors = r.path("n_candidates").asDouble()
                / (r.path("sampling_seconds").asDouble() + r.path("eval_seconds").asDouble());
        return new Result(workload, r.path("throughput_cand_per_s").asDouble(), r.path("acceptance_rate").asDouble(),
                interval(r.path("acceptance_ci95_wilson")), testError.path("mean").asDouble(),
                interval(testError.path("ci95")), withTestErrors, r.path("n_candidates").asLong(),
                r.path("n_accepted").asLong());
    }

    private static Interval interval(JsonNode pair) {
        return new Interval(pair.path(0).asDouble(), pair.path(1).asDouble());
    }

    private String exec(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(args);
        Path err = Files.createTempFile("gnc-ref", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(err).strip());
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
