package org.gnc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.CheckpointsTable;
import org.gnc.spark.tables.ContinualColumns;
import org.gnc.spark.tables.ModelTable;
import org.gnc.spark.tables.OutputFolderException;
import org.gnc.spark.tables.QuantileColumns;
import org.gnc.spark.tables.StepQuantilesTable;
import org.gnc.spark.tables.TableFolder;
import org.gnc.spark.tables.TableSchema;
import org.gnc.spark.tables.Tables;
import org.gnc.spark.tables.TrainPointsTable;

/**
 * Reads the cells, checkpoints and step_quantiles tables of output folders into {@link CellPoint}s,
 * {@link CurvePoint}s and {@link StepBand}s, through the tables' declared columns (a column that a table
 * written by an older gnc lacks reads as NaN).
 */
public final class ReportData {
    /** The column names of the sampler.* grid axes start with this. */
    private static final String SAMPLER_AXES = CellColumns.columnName("sampler.");

    private ReportData() {
    }

    /** Checks that every folder holds a cells or a step_quantiles table (bad input, exit 2, if not). */
    public static void check(SparkSession spark, List<String> folders) {
        for (String folder : folders) {
            if (TableFolder.tablesIn(folder, List.of(Tables.CELLS, Tables.STEP_QUANTILES, Tables.TRAIN_POINTS),
                    conf(spark)).isEmpty()) {
                throw new OutputFolderException(folder + " holds no gnc tables (no " + Tables.CELLS + ", "
                        + Tables.STEP_QUANTILES + " or " + Tables.TRAIN_POINTS + " table); give the output folder of"
                        + " gnc sweep, enumerate, baseline, continual or reconstruct, e.g. out/quickstart");
            }
        }
    }

    /** The step quantiles of the continual sweeps among the folders. */
    public static List<StepBand> loadContinual(SparkSession spark, List<String> folders) {
        List<StepBand> out = new ArrayList<>();
        QuantileColumns<?> forgetting = StepQuantilesTable.FORGETTING;
        for (Row r : rows(spark, folders, Tables.STEP_QUANTILES)) {
            out.add(new StepBand(ContinualColumns.ORDERING.read(r), StepQuantilesTable.STEP.read(r),
                    forgetting.q05().readNumber(r), forgetting.q25().readNumber(r), forgetting.q50().readNumber(r),
                    forgetting.q75().readNumber(r), forgetting.q95().readNumber(r),
                    StepQuantilesTable.DISTANCE_TO_OPTIMUM.q50().readNumber(r)));
        }
        return out;
    }

    /**
     * The training images of the reconstructions among the folders, each with its model's weight decay and
     * its nearest candidate's pixels (a join of train_points, model and the trained network's candidates).
     */
    public static List<ReconPoint> loadRecon(SparkSession spark, List<String> folders) {
        List<ReconPoint> out = new ArrayList<>();
        for (String folder : folders) {
            String points = TableFolder.path(folder, Tables.TRAIN_POINTS);
            if (!TableFolder.isTable(points, conf(spark))) {
                continue;
            }
            java.util.Map<Integer, Row> models = new java.util.HashMap<>();
            for (Row m : spark.read().parquet(TableFolder.path(folder, Tables.MODEL)).collectAsList()) {
                models.put(ModelTable.MODEL.read(m), m);
            }
            java.util.Map<String, List<Double>> candidates = new java.util.HashMap<>();
            for (Row c : spark.read().parquet(TableFolder.path(folder, Tables.CANDIDATES)).where("network = 'trained'")
                    .select("model", "restart", "candidate", "pixels").collectAsList()) {
                candidates.put(c.getInt(0) + "/" + c.getInt(1) + "/" + c.getInt(2), c.getList(3));
            }
            List<Row> rows = spark.read().parquet(points).collectAsList();
            for (Row r : rows) {
                Row m = models.get(TrainPointsTable.MODEL.read(r));
                Integer restart = TrainPointsTable.BEST_RESTART.read(r);
                List<Double> cand = restart == null ? List.of() : candidates.get(TrainPointsTable.MODEL.read(r) + "/"
                        + restart + "/" + TrainPointsTable.BEST_CANDIDATE.read(r));
                out.add(new ReconPoint(TrainPointsTable.MODEL.read(r), ModelTable.WEIGHT_DECAY.readNumber(m),
                        TrainPointsTable.INDEX.read(r), ModelTable.ROWS.read(m), ModelTable.COLS.read(m),
                        TrainPointsTable.MARGIN.readNumber(r), TrainPointsTable.BEST_SSIM.readNumber(r),
                        TrainPointsTable.CONTROL_SSIM.readNumber(r), doubles(TrainPointsTable.PIXELS.read(r)),
                        doubles(cand), doubles(TrainPointsTable.MEAN.read(r))));
            }
        }
        return out;
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The cells of the folders that have a cells table. */
    public static List<CellPoint> load(SparkSession spark, List<String> folders) {
        List<CellPoint> out = new ArrayList<>();
        for (Row r : rows(spark, folders, Tables.CELLS)) {
            List<Long> histogram = CellsTable.HISTOGRAM.read(r);
            out.add(new CellPoint(CellColumns.CELL_ID.read(r), CellsTable.METHOD.read(r), CellColumns.N_TRAIN.read(r),
                    CellColumns.STUDENT_WIDTHS.read(r), CellColumns.PRIOR.read(r), CellsTable.ATTEMPTS.read(r),
                    CellsTable.ACCEPTED.read(r), CellsTable.ACCEPTANCE_RATE.readNumber(r),
                    CellsTable.ACCEPTANCE_CI_LOW.readNumber(r), CellsTable.ACCEPTANCE_CI_HIGH.readNumber(r),
                    CellsTable.TEST_ERROR_MEAN.readNumber(r), CellsTable.TEST_ERROR_SE.readNumber(r),
                    histogram == null ? new long[0] : histogram.stream().mapToLong(Long::longValue).toArray(),
                    CellsTable.LOG_P_STAR.readNumber(r), CellsTable.PAC_BAYES_BOUND.readNumber(r)));
        }
        return out;
    }

    /**
     * The learning curves of the sequential Monte Carlo cells among the folders: every row of their
     * checkpoints tables (method smc, at its checkpoint), and the Guess &amp; Check cells (method sample, at
     * their n_train) whose settings but the sampler's equal those of an smc cell of the same run (the same
     * cell columns, cell_id and the sampler axes aside). Empty when no folder has checkpoints.
     */
    public static List<CurvePoint> loadCurves(SparkSession spark, List<String> folders) {
        List<CurvePoint> smc = new ArrayList<>();
        for (Row r : rows(spark, folders, Tables.CHECKPOINTS)) {
            smc.add(curvePoint(r, CellsTable.SMC, CheckpointsTable.CHECKPOINT.read(r),
                    CheckpointsTable.BELOW_P_STAR.read(r), CheckpointsTable.LOG_P_STAR.readNumber(r),
                    CheckpointsTable.TABLE));
        }
        if (smc.isEmpty()) {
            return smc;
        }
        Set<String> smcSettings = smc.stream().map(CurvePoint::settings).collect(Collectors.toSet());
        List<CurvePoint> out = new ArrayList<>(smc);
        for (Row r : rows(spark, folders, Tables.CELLS)) {
            if (CellsTable.SAMPLED.equals(CellsTable.METHOD.read(r))) {
                CurvePoint p = curvePoint(r, CellsTable.SAMPLED, CellColumns.N_TRAIN.read(r),
                        CellsTable.BELOW_P_STAR.read(r), CellsTable.LOG_P_STAR.readNumber(r), CellsTable.TABLE);
                if (smcSettings.contains(p.settings())) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A row of a per-cell table with the log acceptance and test-error columns of the cells table. */
    private static CurvePoint curvePoint(Row r, String method, int n, Boolean belowPStar, double logPStar,
                                         TableSchema<?> table) {
        return new CurvePoint(CellColumns.CELL_ID.read(r), method, settings(r, table),
                CellColumns.STUDENT_WIDTHS.read(r), CellColumns.PRIOR.read(r), n,
                CellsTable.LOG_ACCEPTANCE.readNumber(r), CellsTable.LOG_ACCEPTANCE_CI_LOW.readNumber(r),
                CellsTable.LOG_ACCEPTANCE_CI_HIGH.readNumber(r), Boolean.TRUE.equals(belowPStar), logPStar,
                CellsTable.TEST_ERROR_MEAN.readNumber(r), CellsTable.TEST_ERROR_SE.readNumber(r));
    }

    /**
     * The cell's settings but the sampler's in a row of per-cell table {@code table}: its cell columns
     * (those that are not the table's own) but cell_id and the sampler axes, as "name=value" text in
     * column order.
     */
    private static String settings(Row r, TableSchema<?> table) {
        Set<String> own = Set.copyOf(table.names());
        StringBuilder s = new StringBuilder();
        for (String name : r.schema().fieldNames()) {
            if (!own.contains(name) && !name.equals(CellColumns.CELL_ID.name()) && !name.startsWith(SAMPLER_AXES)) {
                s.append(name).append('=').append(r.get(r.fieldIndex(name))).append(", ");
            }
        }
        return s.toString();
    }

    /** The rows of table {@code name} of every folder that has one, folder after folder. */
    private static List<Row> rows(SparkSession spark, List<String> folders, String name) {
        List<Row> rows = new ArrayList<>();
        for (String folder : folders) {
            String table = TableFolder.published(folder, name, conf(spark));
            if (table != null) {
                rows.addAll(spark.read().parquet(table).collectAsList());
            }
        }
        return rows;
    }

    private static Configuration conf(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }
}
