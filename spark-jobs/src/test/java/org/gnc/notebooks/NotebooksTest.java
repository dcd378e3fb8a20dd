package org.gnc.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;
import scala.tools.nsc.interpreter.Results;

/**
 * Runs every Zeppelin note in notebooks/ as Zeppelin's Spark interpreter would: %spark paragraphs in
 * a Scala 2.13 interpreter (class-based, its classes written where the test session serves them to
 * executors), bound to the test SparkSession as {@code spark} and {@code sc}; %spark.sql paragraphs
 * with spark.sql; %spark.conf paragraphs are checked (they must add the gnc jar) but not applied, as
 * the test's classpath already holds gnc; %md paragraphs are text. A failing paragraph fails the test.
 */
class NotebooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> notes() throws IOException {
        Path dir = Path.of(System.getProperty("gnc.root", "..")).resolve("notebooks");
        List<Path> notes = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            // quickstart first: the explorer note opens the folders it writes.
            s.filter(p -> p.toString().endsWith(".zpln"))
                    .sorted(java.util.Comparator.comparing((Path p) -> !p.getFileName().toString().equals("quickstart.zpln"))
                            .thenComparing(Path::toString))
                    .forEach(notes::add);
        }
        return notes.stream();
    }

    @Test
    void thereAreTheQuickstartExplorerContinualReconstructAndSmcNotes() throws IOException {
        assertEquals(List.of("quickstart.zpln", "continual.zpln", "explorer.zpln", "reconstruct.zpln", "smc.zpln"),
                notes().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notes")
    void everyParagraphRuns(Path note) throws IOException {
        run(note);
    }

    @Test
    void aFailingParagraphFailsTheNoteAndAMissingTableSaysWhichSweepToRun(@TempDir Path dir) throws IOException {
        Path note = dir.resolve("broken.zpln");
        Files.writeString(note, """
                {"defaultInterpreterGroup": "spark", "paragraphs": [
                  {"title": "open", "text": "%spark\\norg.gnc.spark.GncApi.open(spark, \\"DIR\\")"}]}
                """.replace("DIR", dir.resolve("no-sweep-here").toString()));
        AssertionError e = assertThrows(AssertionError.class, () -> run(note));
        assertTrue(e.getMessage().contains("broken.zpln paragraph 1 (open) failed"), e.getMessage());
        assertTrue(e.getMessage().contains("holds no gnc tables (cells not found): run a sweep into this folder first, e.g. bin/gnc sweep"),
                e.getMessage());

        Files.writeString(note, """
                {"defaultInterpreterGroup": "spark", "paragraphs": [
                  {"title": "sql", "text": "%spark.sql\\nSELECT * FROM no_such_table"}]}
                """);
        e = assertThrows(AssertionError.class, () -> run(note));
        assertTrue(e.getMessage().contains("paragraph 1 (sql) failed in Spark SQL"), e.getMessage());
    }

    /** Runs every paragraph of a note; the first failing paragraph throws an AssertionError naming it. */
    static void run(Path note) throws IOException {
        JsonNode root = JSON.readTree(note.toFile());
        assertEquals("spark", root.path("defaultInterpreterGroup").asText(), "the note's default interpreter");
        SparkSession spark = SparkTestSession.get();
        StringWriter replOutput = new StringWriter();
        IMain repl = interpreter(spark, replOutput);
        try {
            int index = 0;
            for (JsonNode paragraph : root.path("paragraphs")) {
                index++;
                String text = paragraph.path("text").asText();
                String where = note.getFileName() + " paragraph " + index + " (" + paragraph.path("title").asText() + ")";
                String interpreter = text.startsWith("%") ? text.substring(0, text.indexOf('\n') < 0 ? text.length()
                        : text.indexOf('\n')).trim() : "%spark";
                String body = text.startsWith("%") ? text.substring(interpreter.length()).strip() : text;
                switch (interpreter) {
                    case "%md" -> { }
                    case "%spark.conf" -> assertTrue(body.matches("(?s).*spark\\.jars\\s+\\S*gnc\\.jar.*"),
                            where + " must add the gnc jar with spark.jars");
                    case "%spark" -> {
                        int before = replOutput.getBuffer().length();
                        Results.Result result = repl.interpret(body);
                        if (result != Results.Success$.MODULE$) {
                            fail(where + " failed in the Scala interpreter: " + result + "\n"
                                    + replOutput.getBuffer().substring(before));
                        }
                    }
                    case "%spark.sql" -> {
                        List<Row> rows;
                        try {
                            rows = spark.sql(body).collectAsList();
                        } catch (Exception e) {
                            throw new AssertionError(where + " failed in Spark SQL: " + e.getMessage(), e);
                        }
                        assertFalse(rows.isEmpty(), where + " returned no rows");
                    }
                    default -> fail(where + " uses interpreter " + interpreter
                            + ", which a plain Spark shell lacks and this test does not provide");
                }
            }
        } finally {
            repl.close();
        }
    }

    /** A class-based Scala interpreter on the test classpath, with Zeppelin's bindings spark and sc. */
    static IMain interpreter(SparkSession spark, StringWriter output) {
        Settings settings = new Settings();
        settings.processArgumentString("-Yrepl-class-based -usejavacp -Yrepl-outdir "
                + SparkTestSession.replClassDir());
        IMain repl = new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(output, true)));
        Results.Result r = repl.interpret("val spark = org.apache.spark.sql.SparkSession.active\nval sc = spark.sparkContext");
        if (r != Results.Success$.MODULE$) {
            throw new AssertionError("cannot bind spark in the interpreter:\n" + output);
        }
        return repl;
    }
}
