package org.gnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.ProcessStop;
import org.gnc.spark.Sessions;
import org.gnc.spark.tables.OutputFolderException;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** gnc show: print a table of an output folder. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a gnc table (DIR/TABLE: samples, shards, cells, path, checkpoints, runs, a continual "
                + "table, or a reconstruction's model, attacks, candidates, train_points) as an aligned table, CSV, "
                + "or one JSON object per row.")
public final class ShowCommand extends SparkCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "DIR/TABLE", description = "The table folder, e.g. out/quickstart/cells.")
    String table;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--where", paramLabel = "SQL", description = "A Spark SQL condition, e.g. \"n_train = 8\".")
    String where;

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N rows (default: 20 for table, all for csv and json).")
    Integer limit;

    @Override
    public Integer call() {
        if (limit != null && limit < 0) {
            throw new BadInputException("--limit must be >= 0, got " + limit);
        }
        String published = TableFolder.resolve(table, Sessions.hadoopConfiguration());
        checkIsTable(published);
        try (Sessions session = Sessions.start("gnc show", run.master == null ? "local[1]" : run.master,
                run.logLevel)) {
            SparkSession spark = session.spark();
            Dataset<Row> df = spark.read().parquet(published);
            if (where != null) {
                try {
                    df = df.where(where);
                    df.schema();
                } catch (Exception e) { // Spark's AnalysisException is checked, and thrown undeclared
                    throw new BadInputException("--where \"" + where + "\" is not a valid condition on " + table
                            + " (columns: " + String.join(", ", df.columns()) + "): " + ProcessStop.oneLine(e));
                }
            }
            int n = limit != null ? limit : format == Format.table ? 20 : Integer.MAX_VALUE;
            PrintWriter out = out();
            switch (format) {
                case json -> df.limit(n).toJSON().collectAsList().forEach(out::println);
                case csv -> printCsv(out, df.columns(), df.limit(n).collectAsList());
                default -> printTable(out, df.columns(), df.limit(n).collectAsList(), df.count());
            }
            out.flush();
            return 0;
        }
    }

    /** A table folder must exist and hold Parquet files (checked before Spark starts). */
    static void checkIsTable(String table) {
        switch (TableFolder.content(table, Sessions.hadoopConfiguration())) {
            case NOTHING -> throw new OutputFolderException(table
                    + " does not exist; give DIR/TABLE, e.g. out/quickstart/cells");
            case NOT_A_TABLE -> throw new OutputFolderException(table + " holds no Parquet table; give DIR/TABLE "
                    + "where TABLE is one of " + String.join(", ", Tables.ALL));
            case TABLE -> { }
        }
    }

    private static void printCsv(PrintWriter out, String[] columns, List<Row> rows) {
        out.println(String.join(",", columns));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                cells.add(csvQuote(text(r, i)));
            }
            out.println(String.join(",", cells));
        }
    }

    private static void printTable(PrintWriter out, String[] columns, List<Row> rows, long total) {
        TextTable table = new TextTable(columns);
        for (Row r : rows) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                String t = text(r, i);
                line[i] = t.length() > 60 ? t.substring(0, 57) + "..." : t;
            }
            table.add(line);
        }
        table.print(out);
        if (total > rows.size()) {
            out.println("(" + rows.size() + " of " + total + " rows; --limit N shows more)");
        }
    }

    private static String text(Row r, int i) {
        if (r.isNullAt(i)) {
            return "";
        }
        Object v = r.get(i);
        if (v instanceof scala.collection.Seq<?> seq) {
            List<String> items = new ArrayList<>();
            seq.foreach(x -> items.add(String.valueOf(x)));
            return "[" + String.join(",", items) + "]";
        }
        return String.valueOf(v);
    }

    private static String csvQuote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
