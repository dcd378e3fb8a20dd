package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64;

import java.util.List;
import org.gnc.baseline.TrainingRun;
import org.gnc.sample.Sample;

/**
 * The samples table: after the {@link CellColumns}, one row per accepted network of a sampled cell
 * ({@link #TABLE}), or per trained network of a baseline cell ({@link #TRAINED}: candidate_index = the
 * run's seed, every run, not only those that interpolated, then epochs, interpolated, the final
 * training loss (null where it diverged), accepted, and the normalized training loss of a cell with a loss
 * bin (null without one)).
 */
public final class SamplesTable {
    /** A network as a samples row shows it: its index, training errors, and test mistakes out of nTest. */
    public record Network(long index, int trainErrors, int testMistakes, int nTest) {
        /** An accepted network of a cell whose test set has {@code nTest} points. */
        public static Network of(Sample s, int nTest) {
            return new Network(s.index(), s.trainErrors(), s.testMistakes(), nTest);
        }

        /** testMistakes / nTest. */
        public double testError() {
            return (double) testMistakes / nTest;
        }
    }

    /** A trained network of a cell whose test set has {@code nTest} points. */
    public record Trained(TrainingRun run, int nTest) {
        /** The run as a network: its seed is its index. */
        public Network network() {
            return new Network(run.seed(), run.trainErrors(), run.testMistakes(), nTest);
        }
    }

    public static final Column<Network, Long> CANDIDATE_INDEX = int64("candidate_index", Network::index);
    public static final Column<Network, Integer> TRAIN_ERRORS = int32("train_errors", Network::trainErrors);
    public static final Column<Network, Integer> TEST_MISTAKES = int32("test_mistakes", Network::testMistakes);
    public static final Column<Network, Double> TEST_ERROR = float64("test_error", Network::testError);
    public static final Column<Trained, Integer> EPOCHS = int32("epochs", t -> t.run().epochs());
    public static final Column<Trained, Boolean> INTERPOLATED = bool("interpolated", t -> t.run().interpolated());
    public static final Column<Trained, Double> LOSS = float64OrNull("loss", t -> t.run().loss());
    /** Interpolated and, for a cell with a loss bin, its normalized loss in the bin: counted as accepted. */
    public static final Column<Trained, Boolean> ACCEPTED = bool("accepted", t -> t.run().accepted());
    /** The final normalized training loss of a run of a cell with a loss bin; null without one. */
    public static final Column<Trained, Double> NORMALIZED_LOSS = float64OrNull("normalized_loss",
            t -> t.run().normalizedLoss());

    /** The samples of a sampled cell. */
    public static final TableSchema<Network> TABLE = TableSchema.of(Tables.SAMPLES,
            List.of(CANDIDATE_INDEX, TRAIN_ERRORS, TEST_MISTAKES, TEST_ERROR))
            .afterCellColumns();
    /** The samples of a trained baseline: the columns of {@link #TABLE}, then epochs, interpolated, loss. */
    public static final TableSchema<Trained> TRAINED = TableSchema.of(Tables.SAMPLES,
            TABLE.columnsFrom(Trained::network), List.of(EPOCHS, INTERPOLATED, LOSS, ACCEPTED, NORMALIZED_LOSS))
            .afterCellColumns();

    private SamplesTable() {
    }
}
