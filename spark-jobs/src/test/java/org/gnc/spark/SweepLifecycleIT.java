package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's process lifecycle, for real: {@code bin/gnc sweep} child processes (the embedded Spark,
 * {@code gnc.jar} as Maven just built it) ended by an injected fatal error, SIGTERM and SIGINT. Each
 * must exit with its code (1, 143, 130) within the grace period, print its cause in one line, and
 * leave one {@code failed} runs row saying why.
 *
 * <p>Run by failsafe after {@code package}; the processes' output goes to files in the temporary
 * folder, which is kept when a test fails.
 */
class SweepLifecycleIT {
    private static final long TIMEOUT_SECONDS = 120;

    /** Two cells that do not reach their target within the test: the run is stopped while it samples. */
    private static final String ENDLESS = """
            sweep { name = lifecycle-it, seed = 5 }
            data { kind = teacher-student, dim = 6, train-size = 12, test-size = 300, seed = 3
                   teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
            student { widths = [3], prior { kind = levels, levels = [-1, 0, 1] } }
            budget { target-accepted = 100000000, max-candidates = 100000000000, max-seconds = 100 }
            grid { "data.train-size" = [12, 13] }
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static Path root;
    private static Path endless;

    @BeforeAll
    static void setUp() throws IOException {
        root = Path.of(System.getProperty("gnc.root"));
        Path jar = Path.of(System.getProperty("gnc.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run through `mvn verify` (after package)");
        endless = tmp.resolve("endless.conf");
        Files.writeString(endless, ENDLESS);
    }

    @Test
    void aFatalErrorInADriverThreadEndsTheProcessWithExit1AndAFailedRow() throws Exception {
        Gnc gnc = Gnc.start(tmp, "fatal", "-Xmx1g -Dgnc.test.fatal=driver", "sweep", endless.toString(), "--out",
                tmp.resolve("fatal").toString(), "--shard-size", "100000");
        assertEquals(1, gnc.awaitExit(), gnc.describe());
        String err = gnc.errText();
        assertTrue(err.contains("gnc: fatal error in thread gnc-injected-fatal: OutOfMemoryError: injected"), err);
        assertFailedRow(tmp.resolve("fatal"), "fatal error in thread gnc-injected-fatal: OutOfMemoryError: injected");
    }

    @Test
    void sigtermStopsTheRunCleanlyWithExit143() throws Exception {
        stopWith("TERM", 143);
    }

    @Test
    void sigintStopsTheRunCleanlyWithExit130() throws Exception {
        stopWith("INT", 130);
    }

    private static void stopWith(String signal, int code) throws Exception {
        Path out = tmp.resolve("sig" + signal);
        Gnc gnc = Gnc.start(tmp, "sig" + signal, "-Xmx1g", "sweep", endless.toString(), "--out", out.toString(),
                "--shard-size", "100000");
        gnc.awaitSampling();
        if (signal.equals("INT")) {
            Assumptions.assumeFalse(gnc.ignores(2), "the child inherited SIGINT ignored (a background job's)");
        }
        gnc.signal(signal);
        assertEquals(code, gnc.awaitExit(), gnc.describe());
        assertTrue(gnc.errText().contains("gnc: interrupted by SIG" + signal + ": the run is recorded as failed"),
                gnc.describe());
        assertFailedRow(out, "interrupted by SIG" + signal);
        assertEquals(List.of(Tables.RUNS), tables(out), "no table but runs was published");
    }

    private static void assertFailedRow(Path out, String message) {
        List<Row> runs = spark().read().parquet(out.resolve(Tables.RUNS).toString()).collectAsList();
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(Tables.FAILED, runs.get(0).getAs("status"));
        String recorded = runs.get(0).getAs("message");
        assertTrue(recorded.startsWith(message), recorded);
    }

    /** The gnc tables folder {@code out} holds. */
    private static List<String> tables(Path out) {
        return TableFolder.tablesIn(out.toString(), Tables.ALL, spark().sparkContext().hadoopConfiguration());
    }

    /** The test JVM's one SparkSession, to read the tables back. */
    static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("SweepLifecycleIT")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /** One {@code bin/gnc} child process, its output in files named after it. */
    record Gnc(Process process, List<String> command, Path stdout, Path stderr) {
        static Gnc start(Path dir, String name, String javaOpts, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(root.resolve("bin/gnc").toString()));
            command.addAll(Arrays.asList(args));
            Path stdout = dir.resolve(name + ".out");
            Path stderr = dir.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Map<String, String> env = pb.environment();
            env.put("SPARK_LOCAL_IP", "127.0.0.1");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("GNC_NO_BUILD", "1"); // the jar under test was just built by Maven; never rebuild it here
            env.put("GNC_JAVA_OPTS", javaOpts);
            return new Gnc(pb.start(), command, stdout, stderr);
        }

        /** Waits until the sweep samples (its first progress line). */
        void awaitSampling() throws Exception {
            await("the first progress line", () -> errText().contains("candidates/s"));
        }

        void await(String what, BooleanSupplier done) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!done.getAsBoolean()) {
                if (!process.isAlive()) {
                    fail("the process ended before " + what + ": " + describe());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly().waitFor();
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

        /** The exit code; fails (killing the process) when it has not ended within the timeout. */
        int awaitExit() throws Exception {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
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
}
