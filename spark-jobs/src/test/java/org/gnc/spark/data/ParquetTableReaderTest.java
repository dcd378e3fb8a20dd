package org.gnc.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gnc.cli.Gnc;
import org.gnc.data.DataException;
import org.gnc.data.DataLoader;
import org.gnc.data.Dataset;
import org.gnc.spark.SparkTestSession;
import org.gnc.spec.DataSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet tables written by the shared SparkSession, read back by parquet-hadoop. */
class ParquetTableReaderTest {
    @TempDir
    Path dir;

    private final ParquetTableReader reader = new ParquetTableReader(new Configuration());

    /** Writes the rows of a SQL query as a one-file Parquet table folder {@code dir/name}. */
    private Path table(String name, String sql) {
        Path p = dir.resolve(name);
        SparkTestSession.get().sql(sql).coalesce(1).write().parquet(p.toString());
        return p;
    }

    private static DataSpec.ParquetColumns columns(String label, List<String> features, List<String> values) {
        return new DataSpec.ParquetColumns(label, features, values);
    }

    private static final String MIXED = "SELECT * FROM VALUES "
            + "(1.5D, 'a', 2, CAST(7 AS BIGINT), CAST(0.25 AS FLOAT), CAST(3 AS SMALLINT), CAST(1.5 AS DECIMAL(5,2)), 1),"
            + "(-0.5D, 'b', -3, CAST(-8 AS BIGINT), CAST(-2 AS FLOAT), CAST(4 AS SMALLINT), CAST(2.5 AS DECIMAL(5,2)), -1)"
            + " AS t(x1, name, x2, x3, x4, x5, d, label)";

    @Test
    void defaultFeaturesAreEveryOtherNumericColumnInSchemaOrder() {
        Dataset d = reader.read(table("mixed.parquet", MIXED).toString(), DataSpec.ParquetColumns.defaults());
        assertEquals(5, d.dim()); // x1 .. x5: the string and the decimal are not features
        assertArrayEquals(new double[] {1.5, 2, 7, 0.25, 3, -0.5, -3, -8, -2, 4}, d.features());
        assertArrayEquals(new int[] {1, -1}, d.labels());
    }

    @Test
    void namedFeaturesInTheOrderGiven() {
        Dataset d = reader.read(table("mixed.parquet", MIXED).toString(), columns("label", List.of("x3", "x1"), List.of()));
        assertArrayEquals(new double[] {7, 1.5, -8, -0.5}, d.features());
    }

    @Test
    void labelValuesMapStringsNumbersAndBooleans() {
        Path strings = table("s.parquet", "SELECT * FROM VALUES (1.0D, 'cat'), (2.0D, 'dog'), (3.0D, 'cat') AS t(x, y)");
        assertArrayEquals(new int[] {-1, 1, -1}, reader.read(strings.toString(), columns("y", List.of(), List.of("cat", "dog"))).labels());
        assertArrayEquals(new int[] {1, -1, 1}, reader.read(strings.toString(), columns("y", List.of(), List.of("dog", "cat"))).labels());
        Path numbers = table("n.parquet", "SELECT * FROM VALUES (1.0D, 0), (2.0D, 1) AS t(x, y)");
        assertArrayEquals(new int[] {-1, 1}, reader.read(numbers.toString(), columns("y", List.of(), List.of("0", "1"))).labels());
        Path bools = table("b.parquet", "SELECT * FROM VALUES (1.0D, true), (2.0D, false) AS t(x, y)");
        assertArrayEquals(new int[] {1, -1}, reader.read(bools.toString(), columns("y", List.of(), List.of("false", "true"))).labels());
    }

    /**
     * Under the class rule a numeric label column of class indices 0..255 is read as it is; other values,
     * and a string label column, fail naming the file (and the row); the sweep's rule still refuses them.
     */
    @Test
    void classLabelsAreReadOnlyUnderTheClassRule() {
        Path classes = table("c.parquet", "SELECT * FROM VALUES (1.0D, 0), (2.0D, 7), (3.0D, 2) AS t(x, label)");
        org.gnc.data.TableRows rows = reader.rows(classes.toString(), DataSpec.ParquetColumns.defaults(),
                org.gnc.data.TableRows.Labels.CLASSES);
        assertArrayEquals(new int[] {0, 7, 2}, rows.labels());
        assertArrayEquals(new double[] {1, 2, 3}, rows.features());
        assertBad(classes, DataSpec.ParquetColumns.defaults(), "must be -1 or +1");
        for (String bad : new String[] {"-1", "2.5D", "256"}) {
            Path p = table("bad-" + bad.replace('.', '_') + ".parquet",
                    "SELECT * FROM VALUES (1.0D, 1), (2.0D, " + bad + ") AS t(x, label)");
            DataException e = assertThrows(DataException.class, () -> reader.rows(p.toString(),
                    DataSpec.ParquetColumns.defaults(), org.gnc.data.TableRows.Labels.CLASSES));
            assertTrue(e.getMessage().contains(": row 2: column \"label\" is the label and must be a class index"
                    + " 0..255"), e.getMessage());
        }
        Path strings = table("cs.parquet", "SELECT * FROM VALUES (1.0D, 'cat') AS t(x, label)");
        DataException e = assertThrows(DataException.class, () -> reader.rows(strings.toString(),
                DataSpec.ParquetColumns.defaults(), org.gnc.data.TableRows.Labels.CLASSES));
        assertTrue(e.getMessage().contains("must be whole numbers 0..255"), e.getMessage());
    }

    @Test
    void aFolderOfPartFilesIsReadInNameOrder() {
        Path p = dir.resolve("parts.parquet");
        SparkTestSession.get().range(0, 30, 1, 3)
                .selectExpr("CAST(id AS DOUBLE) AS x", "IF(id % 2 = 0, 1, -1) AS label").write().parquet(p.toString());
        assertTrue(p.toFile().list((d, n) -> n.startsWith("part-")).length >= 3);
        Dataset d = reader.read(p.toString(), DataSpec.ParquetColumns.defaults());
        assertEquals(30, d.size());
        for (int i = 0; i < 30; i++) {
            assertEquals(i, d.feature(i, 0), 0.0);
            assertEquals(i % 2 == 0 ? 1 : -1, d.label(i));
        }
    }

    private void assertBad(Path table, DataSpec.ParquetColumns c, String expected) {
        DataException e = assertThrows(DataException.class, () -> reader.read(table.toString(), c));
        assertTrue(e.getMessage().startsWith(table.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void badTablesFailNamingTheFileRowAndColumn() throws Exception {
        DataSpec.ParquetColumns defaults = DataSpec.ParquetColumns.defaults();
        Path mixed = table("mixed.parquet", MIXED);
        assertBad(mixed, columns("y", List.of(), List.of()), "no column \"y\" (data.label-column); the columns are"
                + " x1, name, x2, x3, x4, x5, d, label");
        assertBad(mixed, columns("label", List.of("name"), List.of()), "feature column \"name\" is binary (STRING);"
                + " features must be int, long, float or double columns");
        assertBad(mixed, columns("label", List.of("d"), List.of()), "feature column \"d\" is int32 (DECIMAL(5,2))");
        assertBad(mixed, columns("label", List.of("x9"), List.of()), "no column \"x9\" (data.feature-columns)");
        assertBad(mixed, columns("name", List.of(), List.of()), "label column \"name\" holds strings; set"
                + " data.label-values");
        assertBad(mixed, columns("name", List.of(), List.of("a", "c")), "row 2: column \"name\" is the label and must"
                + " be a (label -1) or c (label +1), as data.label-values says, got b");
        assertBad(mixed, columns("label", List.of(), List.of("cat", "dog")), "label column \"label\" holds numbers"
                + " but data.label-values [cat, dog] are not numbers");
        assertBad(table("zero.parquet", "SELECT * FROM VALUES (1.0D, 1), (2.0D, 0) AS t(x, label)"), defaults,
                "row 2: column \"label\" is the label and must be -1 or +1 (or set data.label-values = [v, w]), got 0");
        assertBad(table("nan.parquet", "SELECT * FROM VALUES (CAST('NaN' AS DOUBLE), 1) AS t(x, label)"), defaults,
                "row 1: column \"x\": expected a finite number, got NaN");
        assertBad(table("null.parquet", "SELECT * FROM VALUES (1.0D, 1), (CAST(NULL AS DOUBLE), -1) AS t(x, label)"),
                defaults, "row 2: column \"x\" is null; every value must be present");
        assertBad(table("nolabel.parquet", "SELECT * FROM VALUES (1.0D, CAST(NULL AS INT)) AS t(x, label)"), defaults,
                "row 1: column \"label\" (the label) is null");
        assertBad(table("onlylabel.parquet", "SELECT * FROM VALUES ('a', 1) AS t(s, label)"), defaults,
                "no numeric column besides the label");
        assertBad(table("empty.parquet", "SELECT 1.0D AS x, 1 AS label WHERE false"), defaults, "holds no rows");
        assertBad(dir.resolve("missing.parquet"), defaults, ": file not found");
        Path notParquet = dir.resolve("text.parquet");
        Files.writeString(notParquet, "1,2,1\n");
        assertBad(notParquet, defaults, ": not a readable Parquet file");
    }

    // ---- through the loader and the command line --------------------------------------------

    private Path config(String train, String test, String extra) throws Exception {
        Path conf = dir.resolve("parquet.conf");
        Files.writeString(conf, """
                sweep { name = pq, seed = 1 }
                data { kind = table, train = "%s", test = "%s" %s }
                student { widths = [], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 3, max-candidates = 100000, max-seconds = 30 }
                """.formatted(train, test, extra));
        return conf;
    }

    @Test
    void theCoreAloneRefusesParquetSayingWhatReadsIt() throws Exception {
        table("train.parquet", "SELECT * FROM VALUES (1.0D, 2.0D, 1), (-1.0D, -2.0D, -1) AS t(a, b, label)");
        DataSpec spec = SweepSpecParser.parse(config("train.parquet", "train.parquet", ""), List.of())
                .cells().get(0).data();
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(spec));
        assertTrue(e.getMessage().contains("needs parquet-hadoop"), e.getMessage());
        assertEquals(2, DataLoader.load(spec, HadoopDataSources.create(new Configuration())).train().size());
    }

    private static String[] gnc(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Gnc.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true,
                StandardCharsets.UTF_8), args);
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theCliSweepsParquetTablesAndRejectsBadOnesBeforeSpark() throws Exception {
        table("train.parquet", "SELECT * FROM VALUES (1.0D, 2.0D, 'pos'), (-1.0D, -2.0D, 'neg'), (2.0D, 0.5D, 'pos')"
                + " AS t(a, b, y)");
        table("test.parquet", "SELECT * FROM VALUES (3.0D, 1.0D, 'pos'), (-2.0D, -1.0D, 'neg') AS t(a, b, y)");
        Path conf = config("train.parquet", "test.parquet", ", label-column = y, label-values = [neg, pos]");
        String[] r = gnc("sweep", conf.toString(), "--out", dir.resolve("out").toString(), "--no-progress");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("tables (run "), r[1]);

        Path bad = config("train.parquet", "test.parquet", ", label-column = y, label-values = [neg, positive]");
        Path target = dir.resolve("never");
        r = gnc("sweep", bad.toString(), "--out", target.toString());
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].startsWith("gnc: " + dir.resolve("train.parquet")), r[2]);
        assertTrue(r[2].contains("got pos"), r[2]);
        assertTrue(!Files.exists(target));
    }
}
