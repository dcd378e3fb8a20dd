package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the integration tests share: the built project ({@code gnc.root}, {@code gnc.jar} and the
 * minimal SPARK_HOME {@code gnc.spark.home}, set by failsafe after {@code package}), {@code bin/gnc}
 * run as a real process with its output in files, the test JVM's one SparkSession, and tables compared
 * row for row.
 */
final class GncProcesses {
    /** The longest a {@code bin/gnc} run may take before the test kills it and fails. */
    static final long TIMEOUT_SECONDS = 240;

    final Path root;
    final Path jar;
    final Path sparkHome;
    /** Where each run's stdout and stderr go ({@code NAME.out}, {@code NAME.err}). */
    final Path logs;

    GncProcesses(Path logs) {
        this.root = Path.of(property("gnc.root"));
        this.jar = Path.of(property("gnc.jar"));
        this.sparkHome = Path.of(property("gnc.spark.home"));
        this.logs = logs;
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run through `mvn verify` (after package)");
        assertTrue(Files.isDirectory(sparkHome.resolve("jars")), sparkHome + "/jars is missing");
    }

    /**
     * Runs {@code bin/gnc sweep config --out out --master master more...} to its end and asserts that it
     * succeeded, printed its tables line and did not rebuild the project; returns {@code out}.
     */
    String sweep(String name, Path config, String out, String master, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("sweep", config.toString(), "--out", out, "--master", master));
        args.addAll(Arrays.asList(more));
        int exit = run(name, args);
        Path stdout = logs.resolve(name + ".out");
        Path stderr = logs.resolve(name + ".err");
        assertEquals(0, exit, "bin/gnc " + String.join(" ", args) + " failed; stdout " + stdout + ", stderr "
                + stderr + " ends with:\n" + tail(stderr));
        assertTrue(Files.readString(stdout).contains("tables (run "), name + ": stdout lacks the tables line:\n"
                + tail(stdout));
        return out;
    }

    /**
     * Runs {@code bin/gnc args...} to its end (killing it and failing after {@link #TIMEOUT_SECONDS}), its
     * output in {@code logs/NAME.out} and {@code .err}; asserts that it did not rebuild the project and
     * returns its exit code.
     */
    int run(String name, List<String> args) throws Exception {
        Path stdout = logs.resolve(name + ".out");
        Path stderr = logs.resolve(name + ".err");
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/gnc").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(logs.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = pb.environment();
        sparkEnvironment(env);
        env.put("GNC_NO_BUILD", "1"); // the jar under test was just built by Maven; never rebuild it here
        env.remove("GNC_JAVA_OPTS");
        env.remove("GNC_SUBMIT_OPTS");

        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            destroy(p);
            fail("bin/gnc " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS
                    + " s (killed); stderr " + stderr + " ends with:\n" + tail(stderr));
        }
        System.out.printf("%s: bin/gnc %s took %.1f s%n", name, String.join(" ", args), (System.nanoTime() - start) / 1e9);
        assertFalse(Files.readString(stderr).contains("gnc: building gnc"), "bin/gnc rebuilt the project during "
                + "the test: gnc.jar was older than the sources");
        return p.exitValue();
    }

    /** The environment every Spark process of the tests gets: the minimal SPARK_HOME, Scala 2.13, loopback. */
    void sparkEnvironment(Map<String, String> env) {
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("SPARK_CONF_DIR");
    }

    /** Stops a process and everything it started (a local cluster's executor JVMs, say). */
    static void destroy(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** The last 40 lines of a file, or a note that it does not exist. */
    static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static String property(String name) {
        String v = System.getProperty(name);
        assertNotNull(v, "system property " + name + " is unset: run through failsafe (mvn verify)");
        return v;
    }

    /** The test JVM's one SparkSession (left running for any other test of this JVM; Spark stops it at exit). */
    static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("gnc-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** Table {@code table} of the output folder {@code out} (a local path or any Hadoop URI). */
    static Dataset<Row> read(String out, String table) {
        return spark().read().parquet(out + "/" + table);
    }

    /**
     * Asserts that {@code table} holds the same rows, in any order, in {@code base} and in each of
     * {@code others}, except the columns {@code ignored}; the schemas must agree too.
     */
    static void assertSameRows(String table, String base, List<String> others, String... ignored) {
        Dataset<Row> expectedRows = read(base, table);
        List<String> expected = sortedRows(expectedRows, ignored);
        assertFalse(expected.isEmpty(), base + ": " + table + " is empty");
        for (String other : others) {
            Dataset<Row> d = read(other, table);
            assertEquals(expectedRows.drop(ignored).schema(), d.drop(ignored).schema(), other + ": " + table + " schema");
            List<String> actual = sortedRows(d, ignored);
            assertEquals(expected.size(), actual.size(), other + ": rows of " + table);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), table + " differs between " + base + " and " + other
                        + " (columns " + String.join(",", d.drop(ignored).columns()) + ")");
            }
        }
    }

    /** The rows (without {@code ignored}) as text, sorted; doubles print exactly (shortest round-trip form). */
    private static List<String> sortedRows(Dataset<Row> d, String... ignored) {
        List<String> rows = d.drop(ignored).collectAsList().stream().map(Row::toString)
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(rows);
        return rows;
    }
}
