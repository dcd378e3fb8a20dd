package org.gnc.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.cli.BadInputException;
import org.gnc.spark.tables.Tables;

/** Reads the cells tables of output folders into {@link CellPoint}s. */
public final class ReportData {
    private ReportData() {
    }

    /** Checks that every folder holds a cells or a step_quantiles table (bad input, exit 2, if not). */
    public static void check(SparkSession spark, List<String> folders) {
        for (String folder : folders) {
            if (!exists(spark, new Path(folder, Tables.CELLS))
                    && !exists(spark, new Path(folder, Tables.STEP_QUANTILES))) {
                throw new BadInputException(folder + " holds no gnc tables (no " + Tables.CELLS + " or "
                        + Tables.STEP_QUANTILES + " table); give the output folder of gnc sweep, enumerate, "
                        + "baseline or continual, e.g. out/quickstart");
            }
        }
    }

    /** The step quantiles of the continual sweeps among the folders. */
    public static List<StepBand> loadContinual(SparkSession spark, List<String> folders) {
        List<StepBand> out = new ArrayList<>();
        for (String folder : folders) {
            Path table = new Path(folder, Tables.STEP_QUANTILES);
            if (!exists(spark, table)) {
                continue;
            }
            for (Row r : spark.read().parquet(table.toString()).collectAsList()) {
                out.add(new StepBand(r.getAs("ordering"), r.<Integer>getAs("step"), d(r, "forgetting_q05"),
                        d(r, "forgetting_q25"), d(r, "forgetting_q50"), d(r, "forgetting_q75"), d(r, "forgetting_q95"),
                        d(r, "distance_to_optimum_q50")));
            }
        }
        return out;
    }

    private static double d(Row r, String column) {
        return r.isNullAt(r.fieldIndex(column)) ? Double.NaN : r.<Double>getAs(column);
    }

    private static boolean exists(SparkSession spark, Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The cells of the folders that have a cells table. */
    public static List<CellPoint> load(SparkSession spark, List<String> folders) {
        List<CellPoint> out = new ArrayList<>();
        for (String folder : folders) {
            Path cells = new Path(folder, Tables.CELLS);
            if (!exists(spark, cells)) {
                continue;
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
