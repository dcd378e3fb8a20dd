package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.float64Array;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.text;

import java.util.List;

/**
 * The candidates table of {@code gnc reconstruct}: one row per final candidate of each restart: its
 * model, network, restart, index, label (-1 or +1; 0 in the general variant), multiplier lambda and its
 * pixels in the mean-subtracted space of the training data (row-major), as an array.
 */
public final class CandidatesTable {
    /** One candidate. */
    public record Candidate(String runId, int model, String network, int restart, int candidate, int label,
                            double lambda, double[] pixels) {
    }

    public static final Column<Candidate, String> RUN_ID = text("run_id", Candidate::runId);
    public static final Column<Candidate, Integer> MODEL = int32("model", Candidate::model);
    public static final Column<Candidate, String> NETWORK = text("network", Candidate::network);
    public static final Column<Candidate, Integer> RESTART = int32("restart", Candidate::restart);
    public static final Column<Candidate, Integer> CANDIDATE = int32("candidate", Candidate::candidate);
    public static final Column<Candidate, Integer> LABEL = int32("label", Candidate::label);
    public static final Column<Candidate, Double> LAMBDA = float64OrNull("lambda", Candidate::lambda);
    public static final Column<Candidate, List<Double>> PIXELS = float64Array("pixels", Candidate::pixels);

    public static final TableSchema<Candidate> TABLE = TableSchema.of(Tables.CANDIDATES, List.of(RUN_ID, MODEL,
            NETWORK, RESTART, CANDIDATE, LABEL, LAMBDA, PIXELS));

    private CandidatesTable() {
    }
}
