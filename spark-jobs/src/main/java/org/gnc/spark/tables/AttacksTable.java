package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.text;

import java.util.List;
import org.gnc.recon.Attack;

/**
 * The attacks table of {@code gnc reconstruct}: one row per restart of each model's network
 * ({@code trained}, or {@code untrained} for control b): its hyperparameters, iterations run, final loss
 * and KKT term, the loss at the true points, whether the final loss is below it (a restart that is not
 * is flagged and not counted), the last abort score (null when never scored) and its status
 * ({@value Attack#COMPLETED}, {@value Attack#ABORTED} or {@value Attack#DIVERGED}).
 */
public final class AttacksTable {
    /** One restart. */
    public record Restart(String runId, int model, String network, int restart, Attack.Result result) {
    }

    public static final Column<Restart, String> RUN_ID = text("run_id", Restart::runId);
    public static final Column<Restart, Integer> MODEL = int32("model", Restart::model);
    public static final Column<Restart, String> NETWORK = text("network", Restart::network);
    public static final Column<Restart, Integer> RESTART = int32("restart", Restart::restart);
    public static final Column<Restart, Double> INIT_SCALE = float64("init_scale", r -> r.result().hyper().initScale());
    public static final Column<Restart, Double> LEARNING_RATE_X = float64("learning_rate_x",
            r -> r.result().hyper().learningRateX());
    public static final Column<Restart, Double> LEARNING_RATE_LAMBDA = float64("learning_rate_lambda",
            r -> r.result().hyper().learningRateLambda());
    public static final Column<Restart, Double> LAMBDA_MIN = float64("lambda_min", r -> r.result().hyper().lambdaMin());
    public static final Column<Restart, Double> ALPHA = float64("alpha", r -> r.result().hyper().alpha());
    public static final Column<Restart, Integer> ITERATIONS = int32("iterations", r -> r.result().iterations());
    public static final Column<Restart, Double> LOSS = float64OrNull("loss", r -> r.result().loss());
    public static final Column<Restart, Double> KKT = float64OrNull("kkt", r -> r.result().kkt());
    public static final Column<Restart, Double> LOSS_AT_TRUTH = float64("loss_at_truth", r -> r.result().lossAtTruth());
    public static final Column<Restart, Boolean> BELOW_TRUTH = bool("below_truth", r -> r.result().belowTruth());
    public static final Column<Restart, Double> SCORE = float64OrNull("score", r -> r.result().score());
    public static final Column<Restart, String> STATUS = text("status", r -> r.result().status());
    public static final Column<Restart, Double> SECONDS = float64("seconds", r -> r.result().seconds());

    public static final TableSchema<Restart> TABLE = TableSchema.of(Tables.ATTACKS, List.of(RUN_ID, MODEL, NETWORK,
            RESTART, INIT_SCALE, LEARNING_RATE_X, LEARNING_RATE_LAMBDA, LAMBDA_MIN, ALPHA, ITERATIONS, LOSS, KKT,
            LOSS_AT_TRUTH, BELOW_TRUTH, SCORE, STATUS, SECONDS));

    private AttacksTable() {
    }
}
