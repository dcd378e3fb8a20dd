package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gnc.spark.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path and reproducibility, for real: one small sweep run through {@code bin/gnc} three
 * times, on the embedded Spark with one core, on the embedded Spark with two cores and another shard
 * size, and through spark-submit on a {@code local-cluster} (separate executor JVMs running the shaded
 * jar, with a third shard size). Every cell reaches its target (none is censored, so nothing depends
 * on timing), and the three runs must write the same cells and samples, column for column, except
 * the run id and the seconds spent.
 *
 * <p>Run by failsafe after {@code package}, which provides {@code gnc.jar}, the embedded classpath and
 * the minimal SPARK_HOME ({@code gnc.root}, {@code gnc.jar}, {@code gnc.spark.home}). The processes'
 * output goes to files in the temporary folder, which is kept when a test fails.
 */
class ClusterSubmitIT {
    private static final String LOCAL_1 = "local[1]";
    private static final String LOCAL_2 = "local[2]";
    private static final String CLUSTER = "local-cluster[2,1,1024]";
    private static final int TARGET = 40;
    private static final int CELLS = 4;

    /** Teacher-student in 8 dimensions; 2 x 2 cells that each need 17k to 140k candidates for 40 acceptances (FaultsIT runs it too). */
    static final String SWEEP = """
            sweep   { name = cluster-it, seed = 11 }
            data    { kind = teacher-student, input = gaussian, dim = 8, train-size = 8, test-size = 300, seed = 5
                      teacher { widths = [2], activation = relu, bias = false,
                                prior { kind = levels, levels = [-1, 0, 1] } } }
            student { widths = [4], activation = relu, bias = false, output-bias = false
                      prior { kind = levels, levels = [-1, 0, 1] } }
            accept  { max-train-errors = 0 }
            budget  { target-accepted = %d, max-candidates = 5000000, max-seconds = 60 }
            grid    { "student.widths" = [[2], [4]], "data.train-size" = [8, 10] }
            """.formatted(TARGET);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static GncProcesses gnc;
    private static Path jar;
    private static Path sparkHome;
    private static Path local1;
    private static Path local2;
    private static Path cluster;
    /** The folder the local-cluster worker made for the cluster run's application (executor dirs 0, 1). */
    private static Path clusterApp;

    @BeforeAll
    static void runSweeps() throws Exception {
        gnc = new GncProcesses(tmp);
        jar = gnc.jar;
        sparkHome = gnc.sparkHome;
        Path config = tmp.resolve("sweep.conf");
        Files.writeString(config, SWEEP);

        local1 = sweep("local1", config, LOCAL_1);
        local2 = sweep("local2", config, LOCAL_2, "--shard-size", "3000");
        Set<String> appsBefore = apps();
        cluster = sweep("cluster", config, CLUSTER, "--shard-size", "7000");
        Set<String> newApps = new TreeSet<>(apps());
        newApps.removeAll(appsBefore);
        assertEquals(1, newApps.size(), "the local-cluster run should have made exactly one application folder "
                + "under " + sparkHome.resolve("work") + ", new ones: " + newApps);
        clusterApp = sparkHome.resolve("work").resolve(newApps.iterator().next());
    }

    @Test
    void everyCellReachesItsTargetUncensored() {
        for (Path out : List.of(local1, local2, cluster)) {
            List<Row> cells = read(out, Tables.CELLS).collectAsList();
            assertEquals(CELLS, cells.size(), out + ": cells");
            for (Row r : cells) {
                String cell = r.getAs("cell_id");
                assertFalse(r.<Boolean>getAs("censored"), out + ": cell " + cell + " is censored: the comparison "
                        + "would depend on timing (raise max-seconds or make the cells easier)");
                assertEquals(TARGET, r.<Long>getAs("accepted"), out + ": cell " + cell + " accepted");
            }
            assertEquals(CELLS * TARGET, read(out, Tables.SAMPLES).count(), out + ": samples");
        }
    }

    @Test
    void cellsAgreeAcrossMastersAndShardSizes() {
        assertSameRows(Tables.CELLS, "run_id", "seconds");
    }

    @Test
    void samplesAgreeAcrossMastersAndShardSizes() {
        assertSameRows(Tables.SAMPLES, "run_id");
    }

    @Test
    void theRunsSplitTheCandidatesDifferently() {
        // Otherwise the agreement above would prove less: the three runs use different shard layouts.
        long s1 = read(local1, Tables.SHARDS).count();
        long s2 = read(local2, Tables.SHARDS).count();
        long s3 = read(cluster, Tables.SHARDS).count();
        assertEquals(CELLS, s1, "local[1] with the default shard size: one shard per cell");
        assertTrue(s2 > s3 && s3 > s1, "shards per run: " + s1 + ", " + s2 + ", " + s3);
    }

    @Test
    void eachRunIsRecordedOnceAsSucceededWithItsMaster() {
        Map<Path, String> masters = Map.of(local1, LOCAL_1, local2, LOCAL_2, cluster, CLUSTER);
        masters.forEach((out, master) -> {
            List<Row> runs = read(out, Tables.RUNS).collectAsList();
            assertEquals(1, runs.size(), out + ": runs " + runs);
            Row run = runs.get(0);
            assertEquals(Tables.SUCCEEDED, run.getAs("status"), out + ": " + run);
            assertEquals(master, run.getAs("master"), out + ": " + run);
            assertEquals("sweep", run.getAs("command"), out + ": " + run);
            String runId = run.getAs("run_id");
            assertEquals(List.of(runId), read(out, Tables.CELLS).select("run_id").distinct().as(
                    org.apache.spark.sql.Encoders.STRING()).collectAsList(), out + ": the cells' run id");
        });
    }

    @Test
    void theClusterRunRanTasksInTwoExecutorJvmsFromTheShadedJar() throws IOException {
        for (String executor : List.of("0", "1")) {
            Path dir = clusterApp.resolve(executor);
            assertTrue(Files.isRegularFile(dir.resolve(jar.getFileName())),
                    "executor " + executor + " should have fetched " + jar.getFileName() + " into " + dir);
            String log = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
            assertTrue(log.contains("CoarseGrainedExecutorBackend"), dir + "/stderr is not an executor's log");
            assertTrue(log.contains("Finished task"), "executor " + executor + " ran no task; see " + dir
                    + "/stderr");
        }
    }

    @Test
    void theShadedJarHoldsNoProvidedClasses() throws IOException {
        List<String> forbidden = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "org/slf4j/");
        List<String> found = new ArrayList<>();
        boolean hasMain = false;
        boolean hasPicocli = false;
        try (JarFile j = new JarFile(jar.toFile())) {
            for (var e = j.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                hasMain |= name.equals("org/gnc/cli/Gnc.class");
                hasPicocli |= name.startsWith("picocli/") && name.endsWith(".class");
                if (name.endsWith(".class") && forbidden.stream().anyMatch(name::startsWith)) {
                    found.add(name);
                }
            }
        }
        assertTrue(hasMain, jar + " lacks gnc's main class");
        assertTrue(hasPicocli, jar + " lacks picocli, which it must bundle");
        assertEquals(List.of(), found.stream().limit(20).toList(),
                jar + " bundles " + found.size() + " provided classes (Spark, Scala, Hadoop, slf4j)");
    }

    // ---------------------------------------------------------------------------------------------

    /** Asserts that {@code table} holds the same rows, in any order, in the three runs, except {@code ignored}. */
    private static void assertSameRows(String table, String... ignored) {
        GncProcesses.assertSameRows(table, local1.toString(), List.of(local2.toString(), cluster.toString()), ignored);
    }

    private static Dataset<Row> read(Path out, String table) {
        return GncProcesses.read(out.toString(), table);
    }

    /** Runs {@code bin/gnc sweep config --out tmp/name --master master more...}; returns the output folder. */
    private static Path sweep(String name, Path config, String master, String... more) throws Exception {
        return Path.of(gnc.sweep(name, config, tmp.resolve(name).toString(), master, more));
    }

    /** The application folders the local cluster's workers have made under SPARK_HOME/work. */
    private static Set<String> apps() throws IOException {
        Path work = sparkHome.resolve("work");
        if (!Files.isDirectory(work)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(work)) {
            return s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith("app-"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
