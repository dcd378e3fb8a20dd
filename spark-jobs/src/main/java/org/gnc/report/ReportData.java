package org.gnc.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.cli.BadInputException;
import org.gnc.spark.tables.Tables;

/** Reads the cells tables of output folders into {@link CellPoint}s. */
public final class ReportData {
    private ReportData() {
    }

    /** The cells of every folder; a folder without a cells table is bad input (exit 2). */
    public static List<CellPoint> load(SparkSession spark, List<String> folders) {
        List<CellPoint> out = new ArrayList<>();
        for (String folder : folders) {
            Path cells = new Path(folder, Tables.CELLS);
            try {
                FileSystem fs = cells.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(cells)) {
                    throw new BadInputException(folder + " holds no gnc tables (no " + Tables.CELLS
                            + " table); give the output folder of a sweep, e.g. out/quickstart");
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + folder + ": " + e.getMessage());
            }
            var df = spark.read().parquet(cells.toString());
            List<String> columns = Arrays.asList(df.columns());
            for (Row r : df.collectAsList()) {
                out.add(new CellPoint(r.getAs("cell_id"), r.getAs("method"), r.<Integer>getAs("n_train"),
                        r.getAs("student_widths"), r.getAs("prior"), r.<Long>getAs("attempts"), r.<Long>getAs("accepted"),
                        number(r, "acceptance_rate", columns), number(r, "acceptance_ci_low", columns),
                        number(r, "acceptance_ci_high", columns), number(r, "test_error_mean", columns),
                        number(r, "test_error_se", columns),
                        r.isNullAt(r.fieldIndex("histogram")) ? new long[0]
                                : r.getList(r.fieldIndex("histogram")).stream().mapToLong(x -> ((Number) x).longValue())
                                        .toArray(),
                        number(r, "log_p_star", columns), number(r, "pac_bayes_bound", columns)));
            }
        }
        return out;
    }

    private static double number(Row r, String column, List<String> columns) {
        if (!columns.contains(column) || r.isNullAt(r.fieldIndex(column))) {
            return Double.NaN;
        }
        return ((Number) r.get(r.fieldIndex(column))).doubleValue();
    }
}
