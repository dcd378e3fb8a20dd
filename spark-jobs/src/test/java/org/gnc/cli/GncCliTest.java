package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.tables.OutputFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line in-process, on the shared test session: exit codes, messages, output formats. */
class GncCliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path out;

    /** What one invocation printed and returned. */
    public record Result(int code, String out, String err) {
    }

    static Result gnc(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Gnc.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true,
                StandardCharsets.UTF_8), args);
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void sweepOnce() throws Exception {
        SparkTestSession.get();
        config = SparkTestSession.writeConfig(dir, "cli", "\"data.train-size\" = [4, 5]",
                "target-accepted = 10, max-candidates = 1000000, max-seconds = 60");
        out = dir.resolve("out");
        Result r = gnc("sweep", config.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("attempts  accepted"), r.out());
        assertTrue(r.out().contains("data.train-size=5"), r.out());
        assertTrue(r.out().contains("tables (run "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sweep", "enumerate", "baseline", "show", "report", "nightly", "bench"})
    void everySubcommandHasHelp(String sub) {
        Result r = gnc(sub, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: gnc " + sub), r.out());
    }

    @Test
    void topLevelHelpListsTheSubcommands() {
        Result r = gnc("--help");
        assertEquals(0, r.code());
        for (String sub : List.of("sweep", "enumerate", "baseline", "show", "report", "nightly", "bench")) {
            assertTrue(r.out().contains("  " + sub + " "), r.out());
        }
    }

    @Test
    void aConfigErrorExits2NamingTheKeyAndWritesNothing() throws Exception {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, Files.readString(config).replace("student { widths", "student { widht"));
        Path target = dir.resolve("never");
        Result r = gnc("sweep", bad.toString(), "--out", target.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("gnc: bad.conf: "), r.err());
        assertTrue(r.err().contains("student.widht"), r.err());
        assertFalse(Files.exists(target));
    }

    @Test
    void anUnknownSetKeyExits2() {
        Result r = gnc("sweep", config.toString(), "--set", "student.activaton=tanh", "--out",
                dir.resolve("never2").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("student.activaton"), r.err());
        assertFalse(Files.exists(dir.resolve("never2")));
    }

    /**
     * Bad sampler settings exit 2 before anything runs, naming the key: {@code --set} overrides on the
     * sweep's config, each row the overrides and the key the message must name.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sampler.kind=smc sampler.particles=1           | sampler.particles",
        "sampler.kind=smc sampler.checkpoints=[3,2]     | sampler.checkpoints",
        "sampler.kind=smc sampler.checkpoints=[2,9]     | sampler.checkpoints",
        "sampler.kind=smc sampler.replicates=0          | sampler.replicates",
        "sampler.kind=smc sampler.moves=-1              | sampler.moves",
        "sampler.kind=gibbs                             | sampler.kind",
    })
    void badSamplerSettingsExit2NamingTheKeyAndWriteNothing(String overrides, String key) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", config.toString()));
        for (String o : overrides.trim().split(" +")) {
            args.addAll(List.of("--set", o));
        }
        Path target = dir.resolve("never-" + key + "-" + Math.abs(overrides.hashCode()));
        args.addAll(List.of("--out", target.toString()));
        Result r = gnc(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("gnc: cli.conf: " + key + ": "), r.err());
        assertFalse(Files.exists(target));
    }

    /**
     * An SMC sweep runs end to end: every cell row says smc with ln p-hat at or below 0 and no p* alarm, the
     * checkpoints table has a row per (cell, checkpoint), checkpoints resolved against each cell's n
     * ([2, 4] for n = 4, [2, 4, 5] for n = 5), and the path table a row per tempering step of every run.
     */
    @Test
    void anSmcSweepRunsAndWritesItsTables() {
        Path target = dir.resolve("smc");
        Result r = gnc("sweep", config.toString(), "--set", "sampler.kind=smc", "--set", "sampler.particles=40",
                "--set", "sampler.replicates=2", "--set", "sampler.checkpoints=[2, 4]", "--out", target.toString(),
                "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/{samples,shards,cells,path,checkpoints,runs}"), r.out());
        SparkSession spark = SparkTestSession.get();
        List<Row> cells = spark.read().parquet(target.resolve("cells").toString()).collectAsList();
        assertEquals(2, cells.size());
        for (Row c : cells) {
            assertEquals("smc", c.getAs("method"));
            assertTrue((double) c.getAs("log_acceptance") <= 0);
            assertFalse((boolean) c.getAs("below_p_star"));
        }
        List<Row> checkpoints = spark.read().parquet(target.resolve("checkpoints").toString())
                .orderBy("n_train", "checkpoint").collectAsList();
        assertEquals(List.of(2, 4, 2, 4, 5), checkpoints.stream().map(c -> (Integer) c.getAs("checkpoint")).toList());
        long steps = spark.read().parquet(target.resolve("path").toString()).count();
        assertTrue(steps >= 2 * 5, "at least one step per run: " + steps);
    }

    @Test
    void benchR2WithoutTheDatasetSaysWhatIsMissingAndExits2() {
        Result r = gnc("bench", "R2", "--no-reference", "--fashion-mnist", dir.resolve("no-such-folder").toString());
        assertEquals(2, r.code());
        assertTrue(r.out().contains("missing train-images-idx3-ubyte.gz"), r.out());
        assertTrue(r.out().strip().lines().reduce((a, b) -> b).orElse("").startsWith("{"), r.out());
    }

    /**
     * A short R1 bench on gnc's generated cell: every figure is there and consistent. The acceptance
     * interval must contain its rate and the counted candidates must be positive; no speed is asserted.
     */
    @Test
    void benchR1PrintsItsFiguresAndEndsInOneJsonObject() throws Exception {
        Result r = gnc("bench", "R1", "--no-reference", "--seconds", "0.3", "--threads", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("R1 filter   1 thread"), r.out());
        assertTrue(r.out().contains("R1 sampler  2 threads"), r.out());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last).path("R1");
        assertTrue(json.path("kernel").asText().endsWith("Filter"), last);
        for (String key : List.of("filter_1thread_cand_per_s", "filter_all_cores_cand_per_s",
                "sampler_all_cores_cand_per_s", "spark_cand_per_s", "n_candidates", "spark_candidates_counted")) {
            assertTrue(json.path(key).asDouble() > 0, key + " in " + last);
        }
        assertTrue(json.path("spark_steady_rounds").asInt() >= 1
                && json.path("spark_steady_rounds").asInt() <= json.path("spark_rounds").asInt(), last);
        assertTrue(json.path("spark_whole_job_cand_per_s").asDouble() > 0, last);
        double rate = json.path("acceptance_rate").asDouble();
        assertEquals(json.path("n_accepted").asDouble() / json.path("n_candidates").asDouble(), rate, 1e-15);
        assertTrue(json.path("acceptance_ci95").path(0).asDouble() <= rate
                && rate <= json.path("acceptance_ci95").path(1).asDouble(), last);
        assertFalse(json.has("reference"), last);
    }

    @Test
    void missingTableDataExits2NamingTheFile() throws Exception {
        Path conf = dir.resolve("table.conf");
        Files.writeString(conf, """
                sweep { name = t, seed = 1 }
                data { kind = table, train = "missing-train.csv", test = "test.csv" }
                student { widths = [2], prior { kind = levels, levels = [-1, 1] } }
                budget { target-accepted = 1, max-candidates = 10 }
                """);
        Result r = gnc("sweep", conf.toString(), "--out", dir.resolve("never3").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing-train.csv: file not found"), r.err());
    }

    @Test
    void unusableOutputFoldersExit2() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Result r = gnc("sweep", config.toString(), "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a file"), r.err());

        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("data.txt"), "mine");
        r = gnc("sweep", config.toString(), "--out", foreign.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("was not made by gnc"), r.err());
        assertEquals(List.of(foreign.resolve("data.txt")), Files.list(foreign).toList());
    }

    @Test
    void otherFailuresExit1WithOneLineAndTheTraceOnlyWhenVerbose() throws Exception {
        Path folder = dir.resolve("fails");
        assertEquals(0, gnc("sweep", config.toString(), "--out", folder.toString(), "--no-progress").code());
        Files.writeString(folder.resolve(OutputFolder.STAGING), "in the way");
        Result r = gnc("sweep", config.toString(), "--out", folder.toString(), "--no-progress");
        assertEquals(1, r.code());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[0].startsWith("gnc: failed: ParentNotDirectoryException"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Result verbose = gnc("sweep", config.toString(), "--out", folder.toString(), "--no-progress", "--verbose");
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void showPrintsTablesCsvAndJson() {
        Result table = gnc("show", out.resolve("cells").toString());
        assertEquals(0, table.code(), table.err());
        String[] lines = table.out().split("\n");
        assertEquals(3, lines.length, table.out());
        assertTrue(lines[0].startsWith("sweep  run_id"), lines[0]);

        Result csv = gnc("show", out.resolve("samples").toString(), "--format", "csv", "--where", "n_train = 5");
        assertEquals(0, csv.code(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertTrue(rows.get(0).startsWith("sweep,run_id,cell_id,n_train"), rows.get(0));
        assertEquals(11, rows.size());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.split(",")[3].equals("5")), csv.out());

        Result json = gnc("show", out.resolve("cells").toString(), "--format", "json", "--limit", "1");
        assertEquals(0, json.code(), json.err());
        List<String> objects = json.out().lines().toList();
        assertEquals(1, objects.size());
        assertTrue(objects.get(0).startsWith("{\"sweep\":\"cli\"") && objects.get(0).endsWith("}"), objects.get(0));
        assertTrue(objects.get(0).contains("\"histogram\":["), objects.get(0));
    }

    @Test
    void showRefusesWhatIsNotATable() {
        Result r = gnc("show", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds no Parquet table"), r.err());
        r = gnc("show", out.resolve("cells").toString(), "--where", "no_such_column > 1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a valid condition"), r.err());
        assertEquals(2, gnc("show", out.resolve("cells").toString(), "--format", "xml").code());
    }
}
