package org.gnc.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.gnc.spark.Sessions;
import org.gnc.spark.Timeline;
import org.gnc.spark.tables.Tables;

/**
 * The scale workload of {@code gnc bench}: the three sweeps of {@code conf/scale/}, each run by {@code gnc
 * sweep} in a child JVM (this JVM's options, then the run's heap limit) with a GC log, its tables read back:
 * <ul>
 *   <li>{@code grid-3000} (3,000 cells): wall time, the share of the run's core-seconds spent in the shards'
 *       kernels (sum of the shards' seconds over the run's start-to-end seconds times the cores), overshoot
 *       (accepted networks scored on the test set over those kept) and candidates scanned over counted;</li>
 *   <li>{@code fashion-60} (60 Fashion-MNIST training draws) and {@code easy-3m} (one cell, 3,000,000 kept),
 *       each with a 1 GB driver heap: wall time and driver peak heap.</li>
 * </ul>
 * Each child's stderr goes to a file beside its tables, from which its timeline ({@link Timeline}: seconds from
 * its start to the config, the data, the Spark session, the first candidate, the end of sampling, the tables)
 * goes into the figures, so that the time outside the run is broken down.
 * Two driver heap figures come from the child's GC log (G1's {@code -Xlog:gc} "before-&gt;after(size)" figures
 * of each pause, {@link HeapFigures}): the peak, the largest occupancy before a collection, which G1 lets grow
 * toward the heap limit before it collects, so it says that the run fits, not what it needs; and the live
 * heap, the largest occupancy after a collection, which bounds the live data from above (everything live
 * survives a pause, so each after-figure is at least the live data at that moment; a young pause leaves the
 * old regions' garbage in it). Each run's figures are printed as it ends; they go into bench's JSON under
 * {@code SCALE}.
 */
public final class ScaleBench {
    /** One sweep of {@code conf/scale/}, with the driver heap limit it runs under (null: bin/gnc's default). */
    public record Sweep(String name, String heap) {
    }

    /** The three sweeps, in the order they run. */
    public static final List<Sweep> SWEEPS = List.of(new Sweep("grid-3000", null), new Sweep("fashion-60", "1g"),
            new Sweep("easy-3m", "1g"));

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ScaleBench() {
    }

    /**
     * Runs {@code sweeps} with {@code master} (null: the embedded Spark) into a temporary folder and returns
     * their figures by sweep name; a sweep whose config is not found or whose run fails gets a status and
     * reason instead.
     */
    public static ObjectNode measure(List<Sweep> sweeps, String master, String logLevel, PrintWriter out)
            throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        Path tmp = Files.createTempDirectory("gnc-bench-scale");
        for (Sweep s : sweeps) {
            ObjectNode n = node.putObject(s.name());
            Path conf = ReferenceBench.fromRepositoryRoot(Path.of("conf", "scale", s.name() + ".conf"));
            if (conf == null) {
                n.put("status", "unavailable");
                n.put("reason", "conf/scale/" + s.name() + ".conf not found above the working directory");
                out.println("SCALE " + s.name() + ": " + n.get("reason").asText());
                continue;
            }
            Path folder = tmp.resolve(s.name());
            Path gcLog = tmp.resolve(s.name() + "-gc.log");
            List<String> jvm = new ArrayList<>();
            if (s.heap() != null) {
                jvm.add("-Xmx" + s.heap());
            }
            jvm.add("-Xlog:gc:file=" + gcLog);
            List<String> args = new ArrayList<>(List.of("sweep", conf.toString(), "--out", folder.toString()));
            if (master != null) {
                args.addAll(List.of("--master", master));
            }
            StringWriter childOut = new StringWriter();
            Path childErr = tmp.resolve(s.name() + ".err");
            long t0 = System.nanoTime();
            int exit = ChildJvm.run(Timeline.withoutLaunchTime(ChildJvm.commandLikeThisJvm(jvm, ChildJvm.GNC_MAIN,
                    args)), new PrintWriter(childOut), ProcessBuilder.Redirect.to(childErr.toFile()));
            double wall = (System.nanoTime() - t0) / 1e9;
            n.put("config", conf.toString());
            n.put("driver_heap_limit", s.heap() == null ? "default" : s.heap());
            n.put("exit", exit);
            n.put("wall_seconds", wall);
            HeapFigures heap = HeapFigures.ofGcLog(gcLog);
            n.put("driver_peak_heap_mb", heap.peakMb());
            n.put("driver_live_heap_mb", heap.liveMb());
            ObjectNode timeline = n.putObject("timeline");
            Files.readAllLines(childErr).stream().map(Timeline::parse).filter(m -> !m.isEmpty()).reduce((a, b) -> b)
                    .ifPresent(m -> m.forEach(timeline::put));
            if (exit != 0) {
                n.put("status", "failed");
                out.printf(Locale.ROOT, "SCALE %s: gnc sweep exited %d after %.1f s (its log: %s)%n", s.name(), exit,
                        wall, childErr);
                out.flush();
                continue;
            }
            tableFigures(folder, master, logLevel, n);
            out.println("SCALE " + s.name() + ": " + json.writeValueAsString(n));
            out.flush();
        }
        return node;
    }

    /**
     * A driver's heap as its {@code -Xlog:gc} file shows it, in MB: {@code peakMb}, the largest occupancy before a
     * collection, and {@code liveMb}, the largest after one (an upper bound of the live data: a pause keeps
     * everything live); both -1 when the log has no collection.
     */
    public record HeapFigures(long peakMb, long liveMb) {
        /** The figures of a {@code -Xlog:gc} file (both -1 when it is absent or shows no collection). */
        static HeapFigures ofGcLog(Path gcLog) throws IOException {
            long peak = -1;
            long live = -1;
            if (Files.exists(gcLog)) {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_HEAP.matcher(line);
                    while (m.find()) {
                        peak = Math.max(peak, Long.parseLong(m.group(1)));
                        live = Math.max(live, Long.parseLong(m.group(2)));
                    }
                }
            }
            return new HeapFigures(peak, live);
        }
    }

    /** The figures of a finished sweep's tables, read back with a session of this JVM. */
    private static void tableFigures(Path folder, String master, String logLevel, ObjectNode n) {
        try (Sessions session = Sessions.start("gnc bench scale", master, logLevel)) {
            SparkSession spark = session.spark();
            Row shards = spark.read().parquet(folder.resolve(Tables.SHARDS).toString()).agg(
                    functions.sum("candidates"), functions.sum("accepted"), functions.sum("scored"),
                    functions.sum("seconds"), functions.count("shard")).first();
            Row cells = spark.read().parquet(folder.resolve(Tables.CELLS).toString()).agg(
                    functions.sum("attempts"), functions.sum("accepted"), functions.count("cell_id")).first();
            Row run = spark.read().parquet(folder.resolve(Tables.RUNS).toString()).agg(
                    functions.max(functions.col("end_time").cast("double").minus(
                            functions.col("start_time").cast("double")))).first();
            long scanned = shards.getLong(0);
            long scored = shards.getLong(2);
            double kernelSeconds = shards.getDouble(3);
            long counted = cells.getLong(0);
            long kept = cells.getLong(1);
            double runSeconds = run.getDouble(0);
            int cores = Runtime.getRuntime().availableProcessors();
            n.put("cells", cells.getLong(2));
            n.put("shards", shards.getLong(4));
            n.put("run_seconds", runSeconds);
            n.put("candidates_scanned", scanned);
            n.put("candidates_counted", counted);
            n.put("scanned_over_counted", (double) scanned / counted);
            n.put("accepted_counted_in_shards", shards.getLong(1));
            n.put("accepted_scored", scored);
            n.put("accepted_kept", kept);
            n.put("overshoot_scored_over_kept", (double) scored / kept);
            n.put("kernel_seconds", kernelSeconds);
            n.put("cores", cores);
            n.put("kernel_share_of_run", kernelSeconds / (runSeconds * cores));
        }
    }
}
