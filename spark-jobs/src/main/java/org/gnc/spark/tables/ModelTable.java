package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64Array;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.text;

import java.util.List;
import org.gnc.recon.KktCheck;
import org.gnc.recon.ReluNet;
import org.gnc.recon.ReluNetTrainer;

/**
 * The model table of {@code gnc reconstruct}: one row per trained network (one per weight decay): its
 * shape, training summary, KKT report at the true points, and its parameters and initial parameters as
 * arrays (W row-major H x d, b, W2 row-major H x H or empty, V row-major C x H), so that
 * {@code --model DIR} can attack it again. A table written before {@code depth} and {@code outputs}
 * existed holds networks of depth 1 with one output.
 */
public final class ModelTable {
    /** A trained network, the network it started from, and its report. */
    public record Model(String runId, String name, int model, int rows, int cols, int trainSize,
                        ReluNetTrainer.Trained trained, ReluNet initial, KktCheck.Report report) {
    }

    public static final Column<Model, String> RUN_ID = text("run_id", Model::runId);
    public static final Column<Model, String> NAME = text("name", Model::name);
    public static final Column<Model, Integer> MODEL = int32("model", Model::model);
    public static final Column<Model, Double> WEIGHT_DECAY = float64("weight_decay", m -> m.trained().weightDecay());
    public static final Column<Model, Integer> ROWS = int32("rows", Model::rows);
    public static final Column<Model, Integer> COLS = int32("cols", Model::cols);
    public static final Column<Model, Integer> WIDTH = int32("width", m -> m.trained().net().width());
    public static final Column<Model, Integer> DEPTH = int32("depth", m -> m.trained().net().depth());
    public static final Column<Model, Integer> OUTPUTS = int32("outputs", m -> m.trained().net().outputs());
    public static final Column<Model, Integer> TRAIN_SIZE = int32("train_size", Model::trainSize);
    public static final Column<Model, Integer> EPOCHS = int32("epochs", m -> m.trained().epochs());
    public static final Column<Model, Double> LOSS = float64("loss", m -> m.trained().loss());
    public static final Column<Model, Double> MIN_NORMALIZED_MARGIN = float64("min_normalized_margin",
            m -> m.report().minNormalizedMargin());
    public static final Column<Model, Double> KKT_RESIDUAL = float64("kkt_residual", m -> m.report().kktResidual());
    public static final Column<Model, Double> KINK_FRACTION = float64("kink_fraction", m -> m.report().kinkFraction());
    /** ||grad J|| at the trained network (J the loss plus the decay term); read as NaN from older tables. */
    public static final Column<Model, Double> GRADIENT_NORM = float64("gradient_norm",
            m -> m.trained().gradientNorm());
    public static final Column<Model, Double> NORM = float64("norm", m -> m.trained().net().norm());
    public static final Column<Model, Double> SECONDS = float64("seconds", m -> m.trained().seconds());
    public static final Column<Model, List<Double>> W = float64Array("w", m -> m.trained().net().w());
    public static final Column<Model, List<Double>> B = float64Array("b", m -> m.trained().net().b());
    public static final Column<Model, List<Double>> W2 = float64Array("w2", m -> m.trained().net().w2());
    public static final Column<Model, List<Double>> V = float64Array("v", m -> m.trained().net().v());
    public static final Column<Model, List<Double>> INIT_W = float64Array("init_w", m -> m.initial().w());
    public static final Column<Model, List<Double>> INIT_B = float64Array("init_b", m -> m.initial().b());
    public static final Column<Model, List<Double>> INIT_W2 = float64Array("init_w2", m -> m.initial().w2());
    public static final Column<Model, List<Double>> INIT_V = float64Array("init_v", m -> m.initial().v());

    public static final TableSchema<Model> TABLE = TableSchema.of(Tables.MODEL, List.of(RUN_ID, NAME, MODEL,
            WEIGHT_DECAY, ROWS, COLS, WIDTH, DEPTH, OUTPUTS, TRAIN_SIZE, EPOCHS, LOSS, MIN_NORMALIZED_MARGIN,
            KKT_RESIDUAL, KINK_FRACTION, GRADIENT_NORM, NORM, SECONDS, W, B, W2, V, INIT_W, INIT_B, INIT_W2, INIT_V));

    private ModelTable() {
    }
}
