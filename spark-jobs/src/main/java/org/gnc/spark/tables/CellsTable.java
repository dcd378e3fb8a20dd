package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64;
import static org.gnc.spark.tables.Column.int64Array;
import static org.gnc.spark.tables.Column.logOrNull;
import static org.gnc.spark.tables.Column.text;

import java.util.List;
import org.gnc.baseline.BaselineCellResult;
import org.gnc.data.CellData;
import org.gnc.sample.CellResult;
import org.gnc.sample.ExactCellResult;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.spec.CellSpec;
import org.gnc.spec.LossBin;
import org.gnc.stats.AcceptanceEstimate;
import org.gnc.stats.AcceptanceStatistics;
import org.gnc.stats.ErrorSummary;
import org.gnc.stats.Interval;
import org.gnc.theory.Bounds;

/**
 * The cells table: after the {@link CellColumns}, one row per cell of a run, whatever the method: how it
 * was computed ({@value #SAMPLED}, {@value #EXACT}, {@value #SGD} or {@value #SMC}), the teacher redraws of
 * its data, its max-train-errors and loss bin (loss_bin_low, loss_bin_high; null without one), the acceptance (attempts, accepted, rate and its interval in linear
 * and in log scale, the p* alarm, censored), the test error over accepted networks (mean, std, se,
 * quantiles, histogram), the seconds, and the bounds. Statistics of nothing (NaN) and bounds that do not
 * apply are written as null, and so is ln 0 in the log columns. A row only lays out a finished result:
 * every number in it was computed in the core ({@link CellResult}, {@link ExactCellResult},
 * {@link BaselineCellResult}, {@link CheckpointEstimate}, {@link AcceptanceEstimate}).
 *
 * <p>The test-error columns ({@link #TEST_ERROR}) and the log acceptance columns
 * ({@link #LOG_ACCEPTANCE_COLUMNS}) are declared once, on the core value they show, and serve the
 * {@link CheckpointsTable} too.
 */
public final class CellsTable {
    /** The method of a Guess &amp; Check sweep. */
    public static final String SAMPLED = "sample";
    /** The method of an exhaustive enumeration. */
    public static final String EXACT = "exact";
    /** The method of the gradient-descent baseline. */
    public static final String SGD = "sgd";
    /** The method of sequential Monte Carlo (tempered runs from the prior, replicates combined). */
    public static final String SMC = "smc";

    /**
     * One cells row: the method, the cell's teacher redraws and max-train-errors, the candidates drawn and
     * accepted, the acceptance probability as the table shows it (its interval is Clopper-Pearson, the
     * point for an exact rate, or the spread of SMC replicates), whether it lies below p*, censoring, and
     * the rest of the finished result.
     */
    public record Cell(String method, int teacherRedraws, int maxTrainErrors, LossBin lossBin, long attempts,
                       long accepted, AcceptanceEstimate acceptance, boolean belowPStar, boolean censored,
                       ErrorSummary testError, double seconds, Bounds bounds) {

        /** The row of a sampled cell. */
        public static Cell sampled(CellSpec spec, CellData data, CellResult r) {
            return counted(SAMPLED, spec, data, r.acceptance(), r.acceptance().ci95(), true, r.testError(),
                    r.tally().seconds(), r.bounds());
        }

        /** The row of an enumerated cell that took {@code seconds} over all its ranges. */
        public static Cell exact(CellSpec spec, CellData data, ExactCellResult r, double seconds) {
            return counted(EXACT, spec, data, r.acceptance(), r.exactInterval(), true, r.testError(), seconds,
                    r.bounds());
        }

        /**
         * The row of a trained baseline cell. Its acceptance is the fraction of training runs that
         * interpolated, not a prior mass, so p &gt;= p* says nothing of it: below_p_star is false.
         */
        public static Cell trained(CellSpec spec, CellData data, BaselineCellResult r) {
            return counted(SGD, spec, data, r.acceptance(), r.acceptance().ci95(), false, r.testError(),
                    r.seconds(), r.bounds());
        }

        /**
         * The row of a sequential Monte Carlo cell from the estimate {@code atN} at its full training set
         * ({@link CheckpointEstimate#combine} of its replicates), run with {@code particles} particles a
         * replicate, in {@code seconds} over all replicates, with {@code bounds} (e.g.
         * {@link org.gnc.sample.CellBounds#estimated} of ln p-hat). attempts = particles x replicates (the
         * networks drawn from the prior), accepted = particles x the replicates that reached n (the final
         * particles scored on the test set), censored = some replicate died or was stopped by the time
         * budget (as a rejection cell whose budget ran out). The acceptance is ln p-hat and
         * its interval ({@link AcceptanceEstimate#ofLog}: the linear rate may underflow to 0, the log
         * column is the figure), and below_p_star is {@link CheckpointEstimate#belowPStar}.
         */
        public static Cell smc(CellSpec spec, CellData data, CheckpointEstimate atN, int particles, double seconds,
                               Bounds bounds) {
            if (atN.n() != data.train().size()) {
                throw new IllegalArgumentException("a cells row is the estimate at the cell's " + data.train().size()
                        + " training points, not at checkpoint " + atN.n());
            }
            CheckpointsTable.Checkpoint estimate = CheckpointsTable.Checkpoint.of(atN, bounds.logPStar());
            return new Cell(SMC, data.teacherRedraws(), spec.maxTrainErrors(), spec.lossBin(),
                    (long) particles * atN.replicates(),
                    (long) particles * atN.reached(), estimate.acceptance(), estimate.belowPStar(),
                    atN.reached() < atN.replicates(), atN.testError(), seconds, bounds);
        }

        /**
         * The row of a cell whose acceptance counts {@code a} estimate a rate: the rate and the interval
         * {@code shown} with their logs, the p* alarm where the rate is one of the prior ({@code ofPrior}).
         */
        private static Cell counted(String method, CellSpec spec, CellData data, AcceptanceStatistics a,
                                    Interval shown, boolean ofPrior, ErrorSummary testError, double seconds,
                                    Bounds bounds) {
            AcceptanceEstimate e = AcceptanceEstimate.ofRate(a.rate(), shown);
            return new Cell(method, data.teacherRedraws(), spec.maxTrainErrors(), spec.lossBin(), a.attempts(),
                    a.accepted(), e,
                    ofPrior && e.belowPStar(bounds.logPStar()), a.censored(), testError, seconds, bounds);
        }
    }

    public static final Column<Cell, String> METHOD = text("method", Cell::method);
    public static final Column<Cell, Integer> TEACHER_REDRAWS = int32("teacher_redraws", Cell::teacherRedraws);
    public static final Column<Cell, Integer> MAX_TRAIN_ERRORS = int32("max_train_errors", Cell::maxTrainErrors);
    /** The low end of the cell's loss bin ({@code accept.loss-bin}); null without a bin. */
    public static final Column<Cell, Double> LOSS_BIN_LOW = float64OrNull("loss_bin_low",
            c -> c.lossBin() == null ? Double.NaN : c.lossBin().low());
    /** The high end (excluded) of the cell's loss bin; null without a bin. */
    public static final Column<Cell, Double> LOSS_BIN_HIGH = float64OrNull("loss_bin_high",
            c -> c.lossBin() == null ? Double.NaN : c.lossBin().high());
    public static final Column<Cell, Long> ATTEMPTS = int64("attempts", Cell::attempts);
    public static final Column<Cell, Long> ACCEPTED = int64("accepted", Cell::accepted);
    public static final Column<Cell, Double> ACCEPTANCE_RATE = float64OrNull("acceptance_rate",
            c -> c.acceptance().rate());
    /** Null where there is no interval (an SMC cell of one replicate). */
    public static final Column<Cell, Double> ACCEPTANCE_CI_LOW = float64OrNull("acceptance_ci_low",
            c -> c.acceptance().ciLow());
    /** Null where there is no interval (an SMC cell of one replicate). */
    public static final Column<Cell, Double> ACCEPTANCE_CI_HIGH = float64OrNull("acceptance_ci_high",
            c -> c.acceptance().ciHigh());
    /** ln of the acceptance rate; null when the rate is 0 or unknown. */
    public static final Column<AcceptanceEstimate, Double> LOG_ACCEPTANCE = logOrNull("log_acceptance",
            AcceptanceEstimate::log);
    /** ln of the interval's low end; null when it is 0 or there is no interval. */
    public static final Column<AcceptanceEstimate, Double> LOG_ACCEPTANCE_CI_LOW = logOrNull(
            "log_acceptance_ci_low", AcceptanceEstimate::logCiLow);
    /** ln of the interval's high end; null when it is 0 or there is no interval. */
    public static final Column<AcceptanceEstimate, Double> LOG_ACCEPTANCE_CI_HIGH = logOrNull(
            "log_acceptance_ci_high", AcceptanceEstimate::logCiHigh);
    /** The acceptance in log scale: log_acceptance, log_acceptance_ci_low, log_acceptance_ci_high. */
    public static final List<Column<AcceptanceEstimate, ?>> LOG_ACCEPTANCE_COLUMNS = List.of(LOG_ACCEPTANCE,
            LOG_ACCEPTANCE_CI_LOW, LOG_ACCEPTANCE_CI_HIGH);
    /** The p* alarm ({@link AcceptanceEstimate#belowPStar}); false where p* is unknown and for sgd rows. */
    public static final Column<Cell, Boolean> BELOW_P_STAR = bool("below_p_star", Cell::belowPStar);
    public static final Column<Cell, Boolean> CENSORED = bool("censored", Cell::censored);
    public static final Column<ErrorSummary, Double> TEST_ERROR_MEAN = float64OrNull("test_error_mean",
            ErrorSummary::mean);
    public static final Column<ErrorSummary, Double> TEST_ERROR_STD = float64OrNull("test_error_std",
            ErrorSummary::std);
    public static final Column<ErrorSummary, Double> TEST_ERROR_SE = float64OrNull("test_error_se",
            ErrorSummary::se);
    public static final Column<ErrorSummary, Double> TEST_ERROR_Q05 = float64OrNull("test_error_q05",
            ErrorSummary::q05);
    public static final Column<ErrorSummary, Double> TEST_ERROR_Q25 = float64OrNull("test_error_q25",
            ErrorSummary::q25);
    public static final Column<ErrorSummary, Double> TEST_ERROR_Q50 = float64OrNull("test_error_q50",
            ErrorSummary::q50);
    public static final Column<ErrorSummary, Double> TEST_ERROR_Q75 = float64OrNull("test_error_q75",
            ErrorSummary::q75);
    public static final Column<ErrorSummary, Double> TEST_ERROR_Q95 = float64OrNull("test_error_q95",
            ErrorSummary::q95);
    public static final Column<ErrorSummary, List<Long>> HISTOGRAM = int64Array("histogram",
            ErrorSummary::histogram);
    /** The test-error statistics: mean, std, se, the quantiles q05 ... q95 and the histogram. */
    public static final List<Column<ErrorSummary, ?>> TEST_ERROR = List.of(TEST_ERROR_MEAN, TEST_ERROR_STD,
            TEST_ERROR_SE, TEST_ERROR_Q05, TEST_ERROR_Q25, TEST_ERROR_Q50, TEST_ERROR_Q75, TEST_ERROR_Q95, HISTOGRAM);
    public static final Column<Cell, Double> SECONDS = float64("seconds", Cell::seconds);
    public static final Column<Cell, Double> PAC_BAYES_BOUND = float64OrNull("pac_bayes_bound",
            c -> c.bounds().pacBayesBound());
    public static final Column<Cell, Double> LOG_P_STAR = float64OrNull("log_p_star", c -> c.bounds().logPStar());
    public static final Column<Cell, Double> P_STAR_EPSILON = float64OrNull("p_star_epsilon",
            c -> c.bounds().pStarEpsilon());
    public static final Column<Cell, Double> DELTA = float64("delta", c -> c.bounds().delta());

    public static final TableSchema<Cell> TABLE = TableSchema.of(Tables.CELLS,
            List.of(METHOD, TEACHER_REDRAWS, MAX_TRAIN_ERRORS, LOSS_BIN_LOW, LOSS_BIN_HIGH, ATTEMPTS, ACCEPTED,
                    ACCEPTANCE_RATE,
                    ACCEPTANCE_CI_LOW, ACCEPTANCE_CI_HIGH),
            Column.allFrom(LOG_ACCEPTANCE_COLUMNS, Cell::acceptance),
            List.of(BELOW_P_STAR, CENSORED),
            Column.allFrom(TEST_ERROR, Cell::testError),
            List.of(SECONDS, PAC_BAYES_BOUND, LOG_P_STAR, P_STAR_EPSILON, DELTA))
            .afterCellColumns();

    private CellsTable() {
    }
}
