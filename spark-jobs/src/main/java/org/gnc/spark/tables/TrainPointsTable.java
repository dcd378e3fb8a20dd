package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.bool;
import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64Array;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.text;

import java.util.List;
import org.gnc.recon.Evaluation;

/**
 * The train_points table of {@code gnc reconstruct}: one row per training image and model: its label,
 * margin y Phi(x), multiplier lambda at the truth (from the KKT residual's NNLS), the nearest candidate
 * of the trained network's counted restarts by NCC (restart and candidate null when there is none) and
 * its SSIM, control (a) (the best SSIM of a natural test image of the same classes), the SSIM gain over
 * it, whether the image counts as reconstructed (gain &gt; 0), control (b) (the SSIM of the nearest
 * candidate of the untrained network's restarts; null without that control), and its pixels (the
 * mean-subtracted features) and the training mean, for pictures.
 */
public final class TrainPointsTable {
    /** One training image under one model. */
    public record Point(String runId, int model, int index, int label, double margin, double lambda,
                        Evaluation.Nearest nearest, double control, Evaluation.Nearest untrained, double[] pixels,
                        double[] mean) {
        double gain() {
            return nearest.ssim() - control;
        }
    }

    public static final Column<Point, String> RUN_ID = text("run_id", Point::runId);
    public static final Column<Point, Integer> MODEL = int32("model", Point::model);
    public static final Column<Point, Integer> INDEX = int32("index", Point::index);
    public static final Column<Point, Integer> LABEL = int32("label", Point::label);
    public static final Column<Point, Double> MARGIN = float64("margin", Point::margin);
    public static final Column<Point, Double> LAMBDA = float64("lambda", Point::lambda);
    public static final Column<Point, Double> BEST_SSIM = float64OrNull("best_ssim", p -> p.nearest().ssim());
    public static final Column<Point, Integer> BEST_RESTART = Column.int32OrNull("best_restart",
            p -> p.nearest().restart() < 0 ? null : Integer.valueOf(p.nearest().restart()));
    public static final Column<Point, Integer> BEST_CANDIDATE = Column.int32OrNull("best_candidate",
            p -> p.nearest().restart() < 0 ? null : Integer.valueOf(p.nearest().candidate()));
    public static final Column<Point, Double> CONTROL_SSIM = float64("control_ssim", Point::control);
    public static final Column<Point, Double> SSIM_GAIN = float64OrNull("ssim_gain", Point::gain);
    public static final Column<Point, Boolean> RECONSTRUCTED = bool("reconstructed", p -> p.gain() > 0);
    public static final Column<Point, Double> UNTRAINED_SSIM = float64OrNull("untrained_ssim",
            p -> p.untrained().ssim());
    public static final Column<Point, List<Double>> PIXELS = float64Array("pixels", Point::pixels);
    public static final Column<Point, List<Double>> MEAN = float64Array("mean", Point::mean);

    public static final TableSchema<Point> TABLE = TableSchema.of(Tables.TRAIN_POINTS, List.of(RUN_ID, MODEL, INDEX,
            LABEL, MARGIN, LAMBDA, BEST_SSIM, BEST_RESTART, BEST_CANDIDATE, CONTROL_SSIM, SSIM_GAIN, RECONSTRUCTED,
            UNTRAINED_SSIM, PIXELS, MEAN));

    private TrainPointsTable() {
    }
}
