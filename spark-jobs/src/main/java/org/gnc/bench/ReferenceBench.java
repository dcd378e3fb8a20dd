package org.gnc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gnc.stats.Interval;

/**
 * The numpy reference sampler {@code gnc_ref.py} (in the shared folder next to the repository), run
 * as a child process: located, checked for python3 with numpy, asked to dump its R1 data, and run on
 * a workload, its last stdout line parsed as JSON into a {@link Result}; with its CPU dispatch
 * limited as a {@link ReferenceCpu} says.
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

    /** Prints the CPU dispatch targets numpy was built with (numpy 2.x, then 1.x), none if it does not say. */
    private static final String NUMPY_DISPATCH = String.join("\n",
            "try:",
            "    from numpy._core._multiarray_umath import __cpu_dispatch__ as d",
            "except ImportError:",
            "    import numpy",
            "    try:",
            "        from numpy.core._multiarray_umath import __cpu_dispatch__ as d",
            "    except ImportError:",
            "        d = []",
            "print(' '.join(d))");

    private final Path script;
    private final ReferenceCpu cpu;
    private final Map<String, String> environment;

    private ReferenceBench(Path script, ReferenceCpu cpu, Map<String, String> environment) {
        this.script = script;
        this.cpu = cpu;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The reference at {@code path}: where it names a file (absolute, or relative to the working
     * directory), that file; else, for a relative path, the file it names from the repository root (a
     * folder holding {@code bin/gnc}, searched upwards from the working directory and from the gnc
     * jar). Empty when not found or when python3 with numpy is missing (the reason is then added to
     * {@code why}). It runs with numpy's and OpenBLAS's own CPU dispatch.
     */
    public static Optional<ReferenceBench> locate(Path path, List<String> why) {
        return locate(path, ReferenceCpu.NATIVE, why);
    }

    /** As {@link #locate(Path, List)}, running the reference with its CPU dispatch limited to {@code cpu}. */
    public static Optional<ReferenceBench> locate(Path path, ReferenceCpu cpu, List<String> why) {
        Path found = Files.isRegularFile(path) ? path.toAbsolutePath().normalize()
                : path.isAbsolute() ? null : fromRepositoryRoot(path);
        if (found == null) {
            why.add("reference " + path + (path.isAbsolute() ? "" : " (from the repository root)") + " not found");
            return Optional.empty();
        }
        List<String> dispatchable;
        try {
            Process p = new ProcessBuilder("python3", "-c", NUMPY_DISPATCH).redirectError(Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why.add("python3 has no numpy");
                return Optional.empty();
            }
            dispatchable = List.of(out.strip().split("\\s+"));
        } catch (IOException e) {
            why.add("python3 not found");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new ReferenceBench(found, cpu, cpu.environment(dispatchable)));
    }

    /**
     * {@code relative} from the nearest repository root, above the working directory or else above
     * the gnc jar, where it names a file; null if there is none.
     */
    static Path fromRepositoryRoot(Path relative) {
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

    /** The CPU dispatch the reference runs with. */
    public ReferenceCpu cpu() {
        return cpu;
    }

    /** The environment variables set for the reference to limit its dispatch to {@link #cpu()}. */
    public Map<String, String> environment() {
        return new TreeMap<>(environment);
    }

    /** One line: the dispatch and the variables that set it. */
    public String describeDispatch() {
        String vars = environment().entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(" "));
        return "reference CPU dispatch: " + cpu.option()
                + (vars.isEmpty() ? " (numpy's and OpenBLAS's own choice)" : " (" + vars + ")");
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
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
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
