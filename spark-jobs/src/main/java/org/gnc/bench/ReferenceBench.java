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

/**
 * The numpy reference sampler {@code gnc_ref.py} (in the shared folder next to the repository), run
 * as a child process: located, checked for python3 with numpy, asked to dump its R1 data, and run on
 * a workload, its last stdout line parsed as JSON.
 */
public final class ReferenceBench {
    /** Where the reference lives relative to the repository root. */
    public static final String RELATIVE = "../shared/bench/gnc_ref.py";

    private final Path script;

    private ReferenceBench(Path script) {
        this.script = script;
    }

    /**
     * The reference at {@code explicit} if given, else at {@value #RELATIVE} from the repository root,
     * searched upwards from the working directory and from the gnc jar; empty when not found or when
     * python3 with numpy is missing (the reason is then added to {@code why}).
     */
    public static Optional<ReferenceBench> locate(Path explicit, List<String> why) {
        Path found = explicit;
        if (found == null) {
            List<Path> starts = new ArrayList<>();
            starts.add(Path.of("").toAbsolutePath());
            try {
                starts.add(Path.of(ReferenceBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (Exception e) {
                // no jar location: the working directory is enough
            }
            for (Path start : starts) {
                for (Path dir = start; dir != null && found == null; dir = dir.getParent()) {
                    Path candidate = dir.resolve(RELATIVE).normalize();
                    if (Files.exists(dir.resolve("bin/gnc")) && Files.isRegularFile(candidate)) {
                        found = candidate;
                    }
                }
            }
        }
        if (found == null || !Files.isRegularFile(found)) {
            why.add("reference " + (found == null ? RELATIVE + " (from the repository root)" : found) + " not found");
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

    public Path script() {
        return script;
    }

    /** Writes the reference's R1 data as {@code train.csv} and {@code test.csv} in {@code dir}. */
    public void dumpR1(Path dir) throws IOException, InterruptedException {
        exec(List.of("r1", "--dump-csv", dir.toString()));
    }

    /** Runs the reference on {@code workload} ("r1", "r2") for at least {@code seconds}; its JSON summary. */
    public JsonNode run(String workload, double seconds) throws IOException, InterruptedException {
        String out = exec(List.of(workload, "--min-seconds", Double.toString(seconds)));
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
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
