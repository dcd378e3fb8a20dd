package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64;
import static org.gnc.spark.tables.Column.int64Array;
import static org.gnc.spark.tables.Column.text;

import java.util.List;
import org.gnc.baseline.BaselineCellResult;
import org.gnc.data.CellData;
import org.gnc.sample.CellResult;
import org.gnc.sample.ExactCellResult;
import org.gnc.spec.CellSpec;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.stats.Interval;
import org.gnc.theory.Bounds;

/**
 * The cells table: after the {@link CellColumns}, one row per cell of a run, whatever the method: how it
 * was computed ({@value #SAMPLED}, {@value #EXACT} or {@value #SGD}), the teacher redraws of its data and
 * its max-train-errors, the acceptance (attempts, accepted, rate, its interval, censored), the test error
 * over accepted networks (mean, std, se, quantiles, histogram), the seconds, and the bounds. Statistics
 * of nothing (NaN) and bounds that do not apply are written as null. A row only lays out a finished
 * result: every number in it was computed in the core ({@link CellResult}, {@link ExactCellResult},
 * {@link BaselineCellResult}).
 */
public final class CellsTable {
    /** The method of a Guess &amp; Check sweep. */
    public static final String SAMPLED = "sample";
    /** The method of an exhaustive enumeration. */
    public static final String EXACT = "exact";
    /** The method of the gradient-descent baseline. */
    public static final String SGD = "sgd";

    /**
     * One cells row: the method, the cell's teacher redraws and max-train-errors, and its finished result,
     * with the acceptance interval the table shows (Clopper-Pearson, or the point for an exact rate).
     */
    public record Cell(String method, int teacherRedraws, int maxTrainErrors, AcceptanceStatistics acceptance,
                       Interval acceptanceInterval, ErrorSummary testError, double seconds, Bounds bounds) {

        /** The row of a sampled cell. */
        public static Cell sampled(CellSpec spec, CellData data, CellResult r) {
            return new Cell(SAMPLED, data.teacherRedraws(), spec.maxTrainErrors(), r.acceptance(),
                    r.acceptance().ci95(), r.testError(), r.tally().seconds(), r.bounds());
        }

        /** The row of an enumerated cell that took {@code seconds} over all its ranges. */
        public static Cell exact(CellSpec spec, CellData data, ExactCellResult r, double seconds) {
            return new Cell(EXACT, data.teacherRedraws(), spec.maxTrainErrors(), r.acceptance(), r.exactInterval(),
                    r.testError(), seconds, r.bounds());
        }

        /** The row of a trained baseline cell. */
        public static Cell trained(CellSpec spec, CellData data, BaselineCellResult r) {
            return new Cell(SGD, data.teacherRedraws(), spec.maxTrainErrors(), r.acceptance(),
                    r.acceptance().ci95(), r.testError(), r.seconds(), r.bounds());
        }
    }

    public static final Column<Cell, String> METHOD = text("method", Cell::method);
    public static final Column<Cell, Integer> TEACHER_REDRAWS = int32("teacher_redraws", Cell::teacherRedraws);
    public static final Column<Cell, Integer> MAX_TRAIN_ERRORS = int32("max_train_errors", Cell::maxTrainErrors);
    public static final Column<Cell, Long> ATTEMPTS = int64("attempts", c -> c.acceptance().attempts());
    public static final Column<Cell, Long> ACCEPTED = int64("accepted", c -> c.acceptance().accepted());
    public static final Column<Cell, Double> ACCEPTANCE_RATE = float64OrNull("acceptance_rate",
            c -> c.acceptance().rate());
    public static final Column<Cell, Double> ACCEPTANCE_CI_LOW = float64("acceptance_ci_low",
            c -> c.acceptanceInterval().low());
    public static final Column<Cell, Double> ACCEPTANCE_CI_HIGH = float64("acceptance_ci_high",
            c -> c.acceptanceInterval().high());
    public static final Column<Cell, Boolean> CENSORED = bool("censored", c -> c.acceptance().censored());
    public static final Column<Cell, Double> TEST_ERROR_MEAN = float64OrNull("test_error_mean",
            c -> c.testError().mean());
    public static final Column<Cell, Double> TEST_ERROR_STD = float64OrNull("test_error_std",
            c -> c.testError().std());
    public static final Column<Cell, Double> TEST_ERROR_SE = float64OrNull("test_error_se", c -> c.testError().se());
    public static final Column<Cell, Double> TEST_ERROR_Q05 = float64OrNull("test_error_q05",
            c -> c.testError().q05());
    public static final Column<Cell, Double> TEST_ERROR_Q25 = float64OrNull("test_error_q25",
            c -> c.testError().q25());
    public static final Column<Cell, Double> TEST_ERROR_Q50 = float64OrNull("test_error_q50",
            c -> c.testError().q50());
    public static final Column<Cell, Double> TEST_ERROR_Q75 = float64OrNull("test_error_q75",
            c -> c.testError().q75());
    public static final Column<Cell, Double> TEST_ERROR_Q95 = float64OrNull("test_error_q95",
            c -> c.testError().q95());
    public static final Column<Cell, List<Long>> HISTOGRAM = int64Array("histogram", c -> c.testError().histogram());
    public static final Column<Cell, Double> SECONDS = float64("seconds", Cell::seconds);
    public static final Column<Cell, Double> PAC_BAYES_BOUND = float64OrNull("pac_bayes_bound",
            c -> c.bounds().pacBayesBound());
    public static final Column<Cell, Double> LOG_P_STAR = float64OrNull("log_p_star", c -> c.bounds().logPStar());
    public static final Column<Cell, Double> P_STAR_EPSILON = float64OrNull("p_star_epsilon",
            c -> c.bounds().pStarEpsilon());
    public static final Column<Cell, Double> DELTA = float64("delta", c -> c.bounds().delta());

    public static final TableSchema<Cell> TABLE = TableSchema.of(Tables.CELLS, List.of(METHOD,
            TEACHER_REDRAWS, MAX_TRAIN_ERRORS, ATTEMPTS, ACCEPTED, ACCEPTANCE_RATE, ACCEPTANCE_CI_LOW,
            ACCEPTANCE_CI_HIGH, CENSORED, TEST_ERROR_MEAN, TEST_ERROR_STD, TEST_ERROR_SE, TEST_ERROR_Q05,
            TEST_ERROR_Q25, TEST_ERROR_Q50, TEST_ERROR_Q75, TEST_ERROR_Q95, HISTOGRAM, SECONDS, PAC_BAYES_BOUND,
            LOG_P_STAR, P_STAR_EPSILON, DELTA))
            .afterCellColumns();

    private CellsTable() {
    }
}
