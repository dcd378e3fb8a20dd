package org.gnc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gnc.spark.Timeline;

/**
 * The SWEEP workload: the figure a user sees. {@code gnc sweep} on the R1 cell (the reference's own R1
 * data when the reference runs, as R1 does, else gnc's generated R1 cell) with {@code budget.max-seconds}
 * set and no acceptance target reached (so the time budget ends it), as a child process: the java command, JVM options (so {@code --jvm-opts} and bin/gnc's class
 * archive apply) and class path of this JVM. Then {@code gnc_ref.py r1} for the sweep's whole wall time, in
 * the same run. Candidates per second are counted over each side's whole wall time, from the process's
 * start to its exit, start-up and tables included.
 *
 * <p>Reports the sweep's timeline ({@link Timeline}, from its log): seconds to the first candidate,
 * sampling (first candidate to the end of the last round), tables (to the tables written), and the whole
 * wall; its candidates (the {@code attempts} of its summary table) over the whole wall; and the ratio to
 * the reference's candidates over its whole wall.
 */
public final class SweepBench {
    /** The sweep's {@code budget.max-seconds} when {@code --seconds} is not given. */
    public static final double DEFAULT_SECONDS = 120;

    /** What one child sweep did: its whole wall time, its timeline and its summary table's counts. */
    record Run(double wallSeconds, Map<String, Double> timeline, long candidates, long accepted) {
        double seconds(String from, String to) {
            Double a = timeline.get(from);
            Double b = timeline.get(to);
            return a == null || b == null ? Double.NaN : b - a;
        }
    }

    private SweepBench() {
    }

    /**
     * Runs the sweep for {@code seconds} of budget and the reference for the sweep's whole wall time,
     * printing each figure as it comes; returns them as the workload's JSON node.
     */
    static ObjectNode measure(Optional<ReferenceBench> reference, double seconds, String master, PrintWriter out)
            throws IOException, InterruptedException {
        ObjectNode node = new ObjectMapper().createObjectNode();
        Path tmp = Files.createTempDirectory("gnc-bench-sweep");
        List<String> args = new ArrayList<>(List.of("sweep"));
        String conf;
        if (reference.isPresent()) {
            Path data = tmp.resolve("r1-data");
            reference.get().dumpR1(data);
            conf = "r1-table.conf";
            args.add(writeConf(tmp, conf).toString());
            args.addAll(List.of("--set", "data.train=" + ConfigUtil.quoteString(data.resolve("train.csv").toString()),
                    "--set", "data.test=" + ConfigUtil.quoteString(data.resolve("test.csv").toString())));
        } else {
            conf = "r1.conf";
            args.add(writeConf(tmp, conf).toString());
        }
        // The time budget ends the sweep, not the config's acceptance target (R1 reaches 1,000 in seconds).
        args.addAll(List.of("--set", "budget.max-seconds=" + seconds, "--set", "budget.target-accepted="
                + BenchWorkload.NEVER_ENOUGH_ACCEPTED, "--out", tmp.resolve("out").toString()));
        if (master != null) {
            args.addAll(List.of("--master", master));
        }
        node.put("config", "conf/bench/" + conf);
        node.put("max_seconds", seconds);
        out.printf(Locale.ROOT, "SWEEP: gnc sweep conf/bench/%s --set budget.max-seconds=%s as a child process%n",
                conf, seconds);
        out.flush();
        Run run = runSweep(args, tmp);
        double first = run.timeline().getOrDefault(Timeline.FIRST_CANDIDATE, Double.NaN);
        double sampling = run.seconds(Timeline.FIRST_CANDIDATE, Timeline.SAMPLING_END);
        double tables = run.seconds(Timeline.SAMPLING_END, "tables");
        double perSecond = run.candidates() / run.wallSeconds();
        ObjectNode timeline = node.putObject("timeline");
        run.timeline().forEach(timeline::put);
        node.put("start_to_first_candidate_seconds", first);
        node.put("sampling_seconds", sampling);
        node.put("tables_seconds", tables);
        node.put("whole_wall_seconds", run.wallSeconds());
        node.put("candidates", run.candidates());
        node.put("accepted", run.accepted());
        node.put("cand_per_s_whole_wall", perSecond);
        out.printf(Locale.ROOT, "SWEEP first candidate after %.2f s; sampling %.2f s; tables %.2f s; whole wall %.2f s;"
                + " %,d candidates, %,d accepted: %,.0f cand/s over the whole wall%n", first, sampling, tables,
                run.wallSeconds(), run.candidates(), run.accepted(), perSecond);
        out.flush();
        if (reference.isPresent()) {
            long start = System.nanoTime();
            ReferenceBench.Result r = reference.get().run("r1", run.wallSeconds());
            double wall = (System.nanoTime() - start) / 1e9;
            double refPerSecond = r.candidates() / wall;
            ObjectNode rn = node.putObject("reference");
            rn.put("workload", r.workload());
            rn.put("whole_wall_seconds", wall);
            rn.put("candidates", r.candidates());
            rn.put("accepted", r.accepted());
            rn.put("cand_per_s_whole_wall", refPerSecond);
            rn.put("cand_per_s_sampling", r.candPerS());
            node.put("ratio_whole_wall_to_reference", perSecond / refPerSecond);
            out.printf(Locale.ROOT, "SWEEP reference (gnc_ref.py r1 --min-seconds %.1f): whole wall %.2f s, %,d"
                    + " candidates: %,.0f cand/s over the whole wall; ratio %.2fx%n", run.wallSeconds(), wall,
                    r.candidates(), refPerSecond, perSecond / refPerSecond);
            out.flush();
        }
        return node;
    }

    /** The bench config {@code conf} written into {@code dir}, for the child's command line. */
    private static Path writeConf(Path dir, String conf) {
        try {
            return Files.writeString(dir.resolve(conf), BenchWorkload.text(conf), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code gnc args} in a child JVM like this one, its output in files under {@code dir}. */
    private static Run runSweep(List<String> args, Path dir) throws IOException, InterruptedException {
        // The launcher's start time belongs to this process, not to the child (ours are gnc's own arguments).
        List<String> command = Timeline.withoutLaunchTime(ChildJvm.commandLikeThisJvm(List.of(), ChildJvm.GNC_MAIN, args));
        Path stdout = dir.resolve("sweep.out");
        Path stderr = dir.resolve("sweep.err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        int exit = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IOException("gnc sweep failed (exit " + exit + "): " + String.join(" ", args) + "; stderr in "
                    + stderr);
        }
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        Map<String, Double> timeline = err.stream().map(Timeline::parse).filter(m -> !m.isEmpty()).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("gnc sweep printed no timeline; stderr in " + stderr));
        long[] counts = summaryCounts(Files.readAllLines(stdout, StandardCharsets.UTF_8));
        return new Run(wall, timeline, counts[0], counts[1]);
    }

    /**
     * The attempts and accepted counts, summed over the cells, of a {@code gnc sweep} summary table: its
     * header line starts with {@code cell} and names the columns {@code attempts} and {@code accepted};
     * each row below it, up to the first line that does not have as many columns, is a cell (columns are
     * separated by two spaces or more).
     */
    static long[] summaryCounts(List<String> stdout) {
        for (int i = 0; i < stdout.size(); i++) {
            List<String> header = List.of(stdout.get(i).strip().split("\\s{2,}"));
            int attempts = header.indexOf("attempts");
            int accepted = header.indexOf("accepted");
            if (header.isEmpty() || !header.get(0).equals("cell") || attempts < 0 || accepted < 0) {
                continue;
            }
            long[] sums = new long[2];
            for (int j = i + 1; j < stdout.size(); j++) {
                String[] row = stdout.get(j).strip().split("\\s{2,}");
                if (row.length != header.size()) {
                    break;
                }
                sums[0] += Long.parseLong(row[attempts]);
                sums[1] += Long.parseLong(row[accepted]);
            }
            return sums;
        }
        throw new IllegalArgumentException("no summary table (cell ... attempts accepted ...) in the sweep's output");
    }
}
