package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.gnc.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gnc reconstruct on a Parquet table (written by Spark, read through the sweep's Parquet reader): 7 x 7
 * images of synthetic pixels, the label column -1/+1; the tables read back, and a shape that does not fit
 * the table's columns exits 2 naming the keys and the file; class labels 0..2 with three groups in
 * data.classes make a multiclass run.
 */
class ReconstructTableCliTest {
    @TempDir
    static Path dir;

    /** A Parquet table of {@code n} rows: label (-1 for even ids, +1 for odd) and 49 pixel columns. */
    private static Path table(String name, int n) {
        return table(name, n, "CASE WHEN id % 2 = 0 THEN -1 ELSE 1 END");
    }

    /** A Parquet table of {@code n} rows: the label {@code label} (SQL of id) and 49 pixel columns. */
    private static Path table(String name, int n, String label) {
        List<String> columns = new ArrayList<>();
        columns.add("CAST(" + label + " AS INT) AS label");
        for (int k = 0; k < 49; k++) {
            columns.add("0.5 * sin(id * " + (k + 1) + " + " + k + ") AS p" + k);
        }
        Path p = dir.resolve(name + ".parquet");
        SparkTestSession.get().sql("SELECT " + String.join(", ", columns) + " FROM range(" + n + ")").coalesce(1)
                .write().parquet(p.toString());
        return p;
    }

    /** conf/reconstruct/tiny.conf with its data block replaced by {@code block}, written to {@code dir}. */
    private static Path config(String block) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("conf/reconstruct/tiny.conf"))) {
            root = root.getParent();
        }
        String text = Files.readString(root.resolve("conf/reconstruct/tiny.conf"));
        int start = text.indexOf("data  {");
        int end = text.indexOf("}", start) + 1;
        Path conf = dir.resolve("table-" + Integer.toHexString(block.hashCode()) + ".conf");
        Files.writeString(conf, text.substring(0, start) + block + text.substring(end));
        return conf;
    }

    @Test
    void aParquetTableIsTheDataAndABadShapeExits2() throws IOException {
        table("train", 20);
        table("test", 30);
        String block = "data { kind = table, train = train.parquet, test = test.parquet, rows = 7, cols = %d,"
                + " train-per-class = 4, test-per-class = 10, subtract-mean = true }";
        Path out = run(String.format(block, 7), "out");
        Row model = SparkTestSession.get().read().parquet(out.resolve("model").toString()).first();
        assertEquals(7, model.getInt(model.fieldIndex("rows")));
        assertEquals(7, model.getInt(model.fieldIndex("cols")));
        assertEquals(8, model.getInt(model.fieldIndex("train_size")));
        assertEquals(List.of(-1, -1, -1, -1, 1, 1, 1, 1), labels(out));
        GncCliTest.Result bad = GncCliTest.gnc("reconstruct", config(String.format(block, 6)).toString(), "--out",
                dir.resolve("never").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("data.rows x data.cols") && bad.err().contains("train.parquet"), bad.err());
    }

    /** A Parquet table with class labels 0, 1, 2 and data.classes of three groups: a multiclass run. */
    @Test
    void aParquetTableWithClassLabelsIsAMulticlassTask() throws IOException {
        table("train3", 30, "id % 3");
        table("test3", 30, "id % 3");
        String block = "data { kind = table, train = train3.parquet, test = test3.parquet, rows = 7, cols = 7,"
                + " classes = [[0], [1], [2]], train-per-class = 3, test-per-class = 5, subtract-mean = true }";
        Path out = run(block, "out3");
        Row model = SparkTestSession.get().read().parquet(out.resolve("model").toString()).first();
        assertEquals(3, model.getInt(model.fieldIndex("outputs")));
        assertEquals(9, model.getInt(model.fieldIndex("train_size")));
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2, 2), labels(out));
    }

    /** Runs a short reconstruction with data block {@code block} into {@code dir/name}; it must exit 0. */
    private static Path run(String block, String name) throws IOException {
        Path out = dir.resolve(name);
        GncCliTest.Result r = GncCliTest.gnc("reconstruct", config(block).toString(), "--out", out.toString(),
                "--set", "reconstruct.iterations=20", "--set", "reconstruct.restarts=1", "--set",
                "train.epochs=100", "--set", "train.weight-decay=0");
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** The labels of the train_points table in {@code out}, by index. */
    private static List<Integer> labels(Path out) {
        return SparkTestSession.get().read().parquet(out.resolve("train_points").toString()).orderBy("index")
                .select("label").collectAsList().stream().map(p -> p.getInt(0)).toList();
    }
}
