package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing is one atomic step as readers see it: a run that crashed before its commit point leaves the
 * previous run's tables intact and readable, one that crashed after it (some tables moved, some not) is
 * read as the new run's tables only, and the next writer completes it.
 */
class PublishTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void readersSeeThePreviousRunBeforeTheCommitPointAndTheNewOneAfterIt() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path out = dir.resolve("out");
        Path other = dir.resolve("other");
        String budget = "target-accepted = 5, max-candidates = 100000, max-seconds = 60";
        Path a = SparkTestSession.writeConfig(dir, "a", "\"data.train-size\" = [4]", budget);
        Path b = SparkTestSession.writeConfig(dir, "b", "\"data.train-size\" = [4, 5]", budget);
        String runA = GncApi.sweep(spark, a.toString(), out.toString(), new String[0]).runId();
        String runB = GncApi.sweep(spark, b.toString(), other.toString(), new String[0]).runId();
        List<String> tablesB = TableFolder.tablesIn(other.toString(), Tables.ALL, conf).stream()
                .filter(t -> !t.equals(Tables.RUNS)).toList();
        assertTrue(tablesB.containsAll(List.of(Tables.CELLS, Tables.SAMPLES, Tables.SHARDS)), tablesB.toString());

        // Run B staged its tables in out and crashed before its commit point: out still reads as run A.
        OutputFolder folder = OutputFolder.prepare(out.toString(), false, conf);
        Path staging = out.resolve(OutputFolder.STAGING).resolve(runB);
        for (String t : tablesB) {
            copy(other.resolve(t), staging.resolve(t));
        }
        assertEquals(List.of(runA), runIdsSeenBy(spark, out));

        // It wrote the journal (the commit point) and moved one table before crashing: out reads as run B.
        folder.beginPublish(runB, tablesB);
        Files.move(out.resolve(Tables.CELLS), staging.resolve("replaced-" + Tables.CELLS));
        Files.move(staging.resolve(Tables.CELLS), out.resolve(Tables.CELLS));
        assertTrue(Files.isDirectory(staging.resolve(Tables.SAMPLES)), "samples is not moved yet");
        assertEquals(List.of(runB), runIdsSeenBy(spark, out));
        assertEquals(2L, spark.read().parquet(TableFolder.resolve(out.resolve(Tables.SAMPLES).toString(), conf))
                .select("cell_id").distinct().count(), "show DIR/samples reads run B's");

        // The next writer to open the folder completes the publish.
        OutputFolder.prepare(out.toString(), false, conf);
        assertFalse(Files.exists(out.resolve(OutputFolder.PUBLISHING)));
        assertFalse(Files.exists(out.resolve(OutputFolder.STAGING)));
        assertEquals(List.of(runB), runIdsSeenBy(spark, out));
        assertEquals(List.of(runB), spark.read().parquet(out.resolve(Tables.SAMPLES).toString()).select("run_id")
                .distinct().as(Encoders.STRING()).collectAsList());
    }

    /** The run ids in every table GncApi.open registers for {@code out}, but runs. */
    private static List<String> runIdsSeenBy(SparkSession spark, Path out) {
        List<String> views = GncApi.open(spark, out.toString(), "published_");
        return views.stream().filter(v -> !v.equals("published_" + Tables.RUNS))
                .flatMap(v -> spark.sql("SELECT DISTINCT run_id FROM " + v).as(Encoders.STRING()).collectAsList()
                        .stream())
                .distinct().toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Files.copy(f, to.resolve(from.relativize(f).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
