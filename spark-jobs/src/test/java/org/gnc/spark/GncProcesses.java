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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the integration tests share: the built project ({@code gnc.root}, {@code gnc.jar} and the
 * minimal SPARK_HOME {@code gnc.spark.home}, set by failsafe after {@code package}), {@code bin/gnc}
 * run as a real process with its output in files, the test JVM's one SparkSession, and tables compared
 * row for row.
 *
 * <p>Each instance runs its Spark processes in a SPARK_HOME of its own under the logs folder (the built
 * one's {@code RELEASE} and its jars as hard links), because a {@code local-cluster} worker makes its
 * application folders under SPARK_HOME/work: integration tests running at the same time in other JVMs
 * then never see each other's applications.
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
        this.logs = logs;
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run through `mvn verify` (after package)");
        Path built = Path.of(property("gnc.spark.home"));
        assertTrue(Files.isDirectory(built.resolve("jars")), built + "/jars is missing");
        try {
            this.sparkHome = privateSparkHome(built, logs.resolve("spark-home"));
        } catch (IOException e) {
            throw new IllegalStateException("could not make a SPARK_HOME under " + logs, e);
        }
    }

    /**
     * A SPARK_HOME at {@code home} with {@code built}'s RELEASE and its jars as hard links, or symbolic links
     * to each jar where the two folders are on different file systems (no copy either way, and deleting the
     * folder deletes only the links).
     */
    private static Path privateSparkHome(Path built, Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.copy(built.resolve("RELEASE"), home.resolve("RELEASE"));
        try (var files = Files.list(built.resolve("jars"))) {
            for (Path jarFile : (Iterable<Path>) files::iterator) {
                Path link = jars.resolve(jarFile.getFileName());
                try {
                    Files.createLink(link, jarFile);
                } catch (IOException | UnsupportedOperationException crossDevice) {
                    Files.createSymbolicLink(link, jarFile.toAbsolutePath());
                }
            }
        }
        return home;
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
        Running gnc = start(name, null, args);
        long start = System.nanoTime();
        int exit = gnc.awaitExit();
        System.out.printf("%s: bin/gnc %s took %.1f s%n", name, String.join(" ", args), (System.nanoTime() - start) / 1e9);
        assertFalse(gnc.errText().contains("gnc: building gnc"), "bin/gnc rebuilt the project during the test: "
                + "gnc.jar was older than the sources");
        return exit;
    }

    /**
     * Starts {@code bin/gnc args...} in the background, its output in {@code logs/NAME.out} and {@code .err},
     * with {@code GNC_JAVA_OPTS} set to {@code javaOpts} (null: bin/gnc's default).
     */
    Running start(String name, String javaOpts, List<String> args) throws IOException {
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
        env.remove("GNC_SUBMIT_OPTS");
        if (javaOpts == null) {
            env.remove("GNC_JAVA_OPTS");
        } else {
            env.put("GNC_JAVA_OPTS", javaOpts);
        }
        return new Running(pb.start(), command, stdout, stderr);
    }

    /** One {@code bin/gnc} child process, its output in files named after it. */
    record Running(Process process, List<String> command, Path stdout, Path stderr) {
        /** Polls {@code done} every 100 ms; fails when the process ends first or after {@link #TIMEOUT_SECONDS}. */
        void await(String what, BooleanSupplier done) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!done.getAsBoolean()) {
                if (!process.isAlive()) {
                    fail("the process ended before " + what + ": " + describe());
                }
                if (System.nanoTime() > deadline) {
                    destroy(process);
                    fail("no " + what + " within " + TIMEOUT_SECONDS + " s: " + describe());
                }
                Thread.sleep(100);
            }
        }

        /** Whether the process ignores signal {@code number} (from /proc; false where there is none). */
        boolean ignores(int number) throws IOException {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (!Files.exists(status)) {
                return false;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (number - 1))) != 0;
                }
            }
            return false;
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        }

        /** The exit code; fails (killing the process and its children) when it has not ended within the timeout. */
        int awaitExit() throws Exception {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                destroy(process);
                fail("did not end within " + TIMEOUT_SECONDS + " s: " + describe());
            }
            return process.exitValue();
        }

        String errText() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "";
            }
        }

        String describe() {
            String err = errText();
            return String.join(" ", command) + " (stdout " + stdout + ", stderr " + stderr + " ends with:\n"
                    + err.substring(Math.max(0, err.length() - 3000)) + ")";
        }
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
