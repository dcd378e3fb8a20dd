package org.gnc.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (local[2], no UI), and helpers to read tables back. */
public final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {
    }

    /** The folder the test session serves interpreter-compiled classes from. */
    public static Path replClassDir() {
        return Path.of(get().conf().get("spark.repl.class.outputDir"));
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            // Classes compiled by the notebook test's Scala interpreter are served to executors from here.
            Path replDir = Path.of(System.getProperty("gnc.repl.dir", "target/repl-classes")).toAbsolutePath();
            try {
                Files.createDirectories(replDir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            spark = SparkSession.builder().appName("gnc-tests").master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.repl.class.outputDir", replDir.toString())
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** Rows of a Parquet table without the given columns, as sorted strings (for comparing runs). */
    public static List<String> rowsWithout(String table, String... dropped) {
        Dataset<Row> df = get().read().parquet(table).drop(dropped);
        return df.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    /** A small teacher-student sweep config written into {@code dir}. */
    public static Path writeConfig(Path dir, String name, String grid, String budget) throws java.io.IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, """
                sweep { name = %s, seed = 5 }
                data { kind = teacher-student, dim = 6, train-size = 5, test-size = 300, seed = 3
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [3], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { %s }
                grid { %s }
                """.formatted(name, budget, grid));
        return conf;
    }

    static boolean hasColumns(Dataset<Row> df, String... names) {
        return Arrays.asList(df.columns()).containsAll(Arrays.asList(names));
    }
}
