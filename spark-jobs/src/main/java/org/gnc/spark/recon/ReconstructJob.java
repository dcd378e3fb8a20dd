package org.gnc.spark.recon;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.gnc.data.DataException;
import org.gnc.data.IdxClassGroups;
import org.gnc.recon.Attack;
import org.gnc.recon.Evaluation;
import org.gnc.recon.KktCheck;
import org.gnc.recon.ReluNet;
import org.gnc.recon.ReluNetTrainer;
import org.gnc.rng.CounterRng;
import org.gnc.spark.Progress;
import org.gnc.spark.RunWriter;
import org.gnc.spark.data.HadoopDataSources;
import org.gnc.spark.tables.AttacksTable;
import org.gnc.spark.tables.CandidatesTable;
import org.gnc.spark.tables.ModelTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.TrainPointsTable;
import org.gnc.spec.ReconstructSpec;
import org.gnc.spec.ReconstructSpecParser;

/**
 * Training-data reconstruction on Spark. Stage 1 trains one network per weight decay, one Spark task
 * each, all from the same initial network ({@code ReluNet.initial} from {@code CounterRng.of(seed,
 * "recon-init")}), or takes the networks of a model table ({@link #readModels}). Stage 2 runs every
 * (model, network, restart) as one Spark task: restart r draws its hyperparameters from
 * {@code CounterRng.of(seed, "recon-hyper", r)} and its starting point from {@code CounterRng.of(seed,
 * "recon-restart", r)}, the same for every model and for the untrained control network (the initial
 * network rescaled to the trained norm), so that they are compared on equal terms. The driver then
 * evaluates each model ({@link Evaluation}: only restarts that did not diverge and whose loss is below the
 * loss at the true points count) and stages the model, attacks, candidates and train_points tables and
 * the runs row through {@link RunWriter}. The networks and the training set reach the tasks as broadcasts.
 * A cancelled task (a cancelled job: SIGTERM, Ctrl-C) stops within one epoch or attack iteration
 * ({@code TaskContext.killTaskIfInterrupted}, run before each), not at the end of its training or restart.
 * The two stages are named {@value #TRAIN_STAGE} and {@value #ATTACK_STAGE} in Spark's UI.
 */
public final class ReconstructJob {
    /** The trained network's restarts. */
    public static final String TRAINED = "trained";
    /** Control (b): the untrained network rescaled to the trained norm. */
    public static final String UNTRAINED = "untrained";
    /** The training stage's name in Spark (its call site). */
    public static final String TRAIN_STAGE = "reconstruct: train";
    /** The attack stage's name in Spark (its call site). */
    public static final String ATTACK_STAGE = "reconstruct: attack";
    /** How often the progress line is logged when it is not on a terminal. */
    private static final long PROGRESS_LOG_MILLIS = 60_000;

    private ReconstructJob() {
    }

    /** A trained model: index, the trained network and its summary, the initial network. */
    public record TrainedModel(int model, ReluNetTrainer.Trained trained, ReluNet initial)
            implements java.io.Serializable {
    }

    /** One attack task. */
    record Unit(int model, String network, int restart) implements java.io.Serializable {
    }

    /** A task's result. */
    record UnitOutput(Unit unit, Attack.Result result) implements java.io.Serializable {
    }

    /**
     * What the attack tasks read, sent to each executor once as a broadcast rather than with every task:
     * per model its trained network and control (b)'s, and the training set.
     */
    record AttackInputs(java.util.Map<Integer, ReluNet> trained, java.util.Map<Integer, ReluNet> untrained,
                        double[] x, int[] y) implements java.io.Serializable {
    }

    /** What the training tasks read, broadcast as {@link AttackInputs} is: the initial network and the training set. */
    record TrainInputs(ReluNet init, double[] x, int[] y) implements java.io.Serializable {
    }

    /** The summary of one model, as the command prints it. */
    public record ModelOutcome(int model, double weightDecay, int epochs, KktCheck.Report report, int restarts,
                               int counted, int aboveThreshold, int reconstructed, int controlAboveThreshold,
                               int untrainedReconstructed, double medianSsim, double medianControl,
                               double medianUntrained) {
    }

    /** A finished run. */
    public record Outcome(String runId, String folder, List<ModelOutcome> models) {
    }

    /**
     * Runs the reconstruction in config text {@code hocon} (relative paths resolve against the working
     * directory) into {@code outDir}, with the caller's session and its Hadoop configuration: what
     * {@code gnc reconstruct} does, for notebooks.
     */
    public static Outcome runText(SparkSession spark, String hocon, String outDir) {
        ReconstructSpec spec = ReconstructSpecParser.parseText(hocon, java.nio.file.Path.of("").toAbsolutePath(),
                "notebook");
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        IdxClassGroups.Loaded data = IdxClassGroups.load(spec.data(), HadoopDataSources.create(conf));
        return run(spark, spec, data, null, OutputFolder.prepare(outDir, false, conf), null, false);
    }

    /**
     * Runs the reconstruction; {@code given} are models to attack (null: train them). With {@code progress}
     * set, a line there tells how many networks are trained and how many attack restarts are done (redrawn
     * in place on a terminal, else a line a minute), counted by accumulators that each task adds to as it
     * ends: the closing line is exact unless Spark ran a task again after a failure.
     */
    public static Outcome run(SparkSession spark, ReconstructSpec spec, IdxClassGroups.Loaded data,
                              List<TrainedModel> given, OutputFolder out, PrintWriter progress,
                              boolean progressIsTerminal) {
        return RunWriter.record(spark, out, spec.name(), "reconstruct", spec.resolvedText(), writer -> {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            IdxClassGroups.Images train = data.train();
            int networks = given != null ? 0 : spec.train().weightDecays().length;
            int restarts = (given != null ? given.size() : networks) * spec.attack().restarts()
                    * (spec.attack().untrainedControl() ? 2 : 1);
            LongAccumulator trained = jsc.sc().longAccumulator("gnc reconstruct: networks trained");
            LongAccumulator attacked = jsc.sc().longAccumulator("gnc reconstruct: attack restarts done");
            Progress line = progress == null ? null : Progress.of(progress, progressIsTerminal,
                    () -> status(trained.value(), networks, attacked.value(), restarts), PROGRESS_LOG_MILLIS);
            try {
                List<TrainedModel> models = given != null ? given : train(jsc, spec, train, trained);
                List<UnitOutput> attacks = attack(jsc, spec, train, models, attacked);
                return write(writer, spec, data, models, attacks);
            } finally {
                if (line != null) {
                    line.close();
                }
            }
        });
    }

    /** The progress line's status: networks trained (when the run trains) and attack restarts done. */
    static String status(long trained, int networks, long attacked, int restarts) {
        return "reconstruct: " + (networks > 0 ? trained + "/" + networks + " networks trained, " : "")
                + attacked + "/" + restarts + " attack restarts done";
    }

    private static List<TrainedModel> train(JavaSparkContext jsc, ReconstructSpec spec, IdxClassGroups.Images train,
                                            LongAccumulator done) {
        double[] decays = spec.train().weightDecays();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < decays.length; i++) {
            indices.add(i);
        }
        ReluNet init = ReluNet.initial(train.dim(), spec.data().outputs(), spec.model(),
                CounterRng.of(spec.seed(), "recon-init"));
        ReconstructSpec.Train t = spec.train();
        Broadcast<TrainInputs> in = jsc.broadcast(new TrainInputs(init, train.features(), train.labels()));
        try {
            jsc.setCallSite(TRAIN_STAGE);
            return jsc.parallelize(indices, indices.size()).map(i -> {
                TaskContext task = TaskContext.get();
                TrainedModel m = new TrainedModel(i, ReluNetTrainer.train(in.value().init(), in.value().x(),
                        in.value().y(), t, decays[i], task::killTaskIfInterrupted), in.value().init());
                done.add(1);
                return m;
            }).collect();
        } finally {
            jsc.clearCallSite();
            in.destroy();
        }
    }

    private static List<UnitOutput> attack(JavaSparkContext jsc, ReconstructSpec spec, IdxClassGroups.Images train,
                                           List<TrainedModel> models, LongAccumulator done) {
        ReconstructSpec.Attack a = spec.attack();
        List<Unit> units = new ArrayList<>();
        for (TrainedModel m : models) {
            for (int r = 0; r < a.restarts(); r++) {
                units.add(new Unit(m.model(), TRAINED, r));
                if (a.untrainedControl()) {
                    units.add(new Unit(m.model(), UNTRAINED, r));
                }
            }
        }
        java.util.HashMap<Integer, ReluNet> trained = new java.util.HashMap<>();
        java.util.HashMap<Integer, ReluNet> untrained = new java.util.HashMap<>();
        for (TrainedModel m : models) {
            trained.put(m.model(), m.trained().net());
            untrained.put(m.model(), m.initial().scaled(m.trained().net().norm() / m.initial().norm()));
        }
        long seed = spec.seed();
        Broadcast<AttackInputs> in = jsc.broadcast(new AttackInputs(trained, untrained, train.features(),
                train.labels()));
        try {
            jsc.setCallSite(ATTACK_STAGE);
            return jsc.parallelize(units, units.size()).map(u -> {
                TaskContext task = TaskContext.get();
                AttackInputs v = in.value();
                ReluNet net = (TRAINED.equals(u.network()) ? v.trained() : v.untrained()).get(u.model());
                Attack.Hyper h = Attack.Hyper.draw(a, CounterRng.of(seed, "recon-hyper", u.restart()));
                UnitOutput o = new UnitOutput(u, Attack.run(net, v.x(), v.y(), a, h,
                        CounterRng.of(seed, "recon-restart", u.restart()), task::killTaskIfInterrupted));
                done.add(1);
                return o;
            }).collect();
        } finally {
            jsc.clearCallSite();
            in.destroy();
        }
    }

    private static Outcome write(RunWriter writer, ReconstructSpec spec, IdxClassGroups.Loaded data,
                                 List<TrainedModel> models, List<UnitOutput> attacks) {
        String runId = writer.runId();
        IdxClassGroups.Images train = data.train();
        double[] x = train.features();
        int d = train.dim();
        double[] mean = train.mean();
        double[] control = Evaluation.naturalControl(x, data.control().features(), mean, train.rows(), train.cols());
        int[] candidateLabels = Attack.candidateLabels(train.labels());
        List<ModelTable.Model> modelRows = new ArrayList<>();
        List<AttacksTable.Restart> attackRows = new ArrayList<>();
        List<CandidatesTable.Candidate> candidateRows = new ArrayList<>();
        List<TrainPointsTable.Point> pointRows = new ArrayList<>();
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (TrainedModel m : models.stream().sorted(Comparator.comparingInt(TrainedModel::model)).toList()) {
            KktCheck.Report report = KktCheck.report(m.trained().net(), x, train.labels());
            modelRows.add(new ModelTable.Model(runId, spec.name(), m.model(), train.rows(), train.cols(), train.size(),
                    m.trained(), m.initial(), report));
            List<Evaluation.Candidates> counted = new ArrayList<>();
            List<Evaluation.Candidates> untrained = new ArrayList<>();
            for (UnitOutput o : attacks.stream().filter(o -> o.unit().model() == m.model())
                    .sorted(Comparator.comparing((UnitOutput o) -> o.unit().network())
                            .thenComparingInt(o -> o.unit().restart())).toList()) {
                Unit u = o.unit();
                Attack.Result r = o.result();
                attackRows.add(new AttacksTable.Restart(runId, u.model(), u.network(), u.restart(), r));
                double[] lambda = r.lambda();
                for (int c = 0; c < lambda.length; c++) {
                    candidateRows.add(new CandidatesTable.Candidate(runId, u.model(), u.network(), u.restart(), c,
                            spec.attack().signed() ? 0 : candidateLabels[c], lambda[c],
                            java.util.Arrays.copyOfRange(r.x(), c * d, (c + 1) * d)));
                }
                if (!Attack.DIVERGED.equals(r.status()) && r.belowTruth()) {
                    (TRAINED.equals(u.network()) ? counted : untrained).add(new Evaluation.Candidates(u.restart(), r.x()));
                }
            }
            Evaluation.Nearest[] best = Evaluation.nearest(x, mean, train.rows(), train.cols(), counted);
            Evaluation.Nearest[] chance = spec.attack().untrainedControl()
                    ? Evaluation.nearest(x, mean, train.rows(), train.cols(), untrained) : null;
            double[] bestSsim = new double[best.length];
            double[] chanceSsim = new double[best.length];
            for (int t = 0; t < best.length; t++) {
                Evaluation.Nearest b = best[t];
                Evaluation.Nearest c = chance == null ? Evaluation.Nearest.NONE : chance[t];
                bestSsim[t] = b.ssim();
                chanceSsim[t] = c.ssim();
                pointRows.add(new TrainPointsTable.Point(runId, m.model(), t, train.labels()[t], report.margins()[t],
                        report.lambdas()[t], b, control[t], c, java.util.Arrays.copyOfRange(x, t * d, (t + 1) * d),
                        mean));
            }
            outcomes.add(new ModelOutcome(m.model(), m.trained().weightDecay(), m.trained().epochs(), report,
                    spec.attack().restarts(), counted.size(), Evaluation.countAbove(bestSsim, Evaluation.PAPER_SSIM),
                    Evaluation.reconstructed(best, control), Evaluation.countAbove(control, Evaluation.PAPER_SSIM),
                    chance == null ? -1 : Evaluation.reconstructed(chance, control), Evaluation.median(bestSsim),
                    Evaluation.median(control), Evaluation.median(chanceSsim)));
        }
        writer.stage(ModelTable.TABLE, modelRows);
        writer.stage(AttacksTable.TABLE, attackRows);
        writer.stage(CandidatesTable.TABLE, candidateRows);
        writer.stage(TrainPointsTable.TABLE, pointRows);
        return new Outcome(runId, writer.folder().root(), outcomes);
    }

    /**
     * The networks of the model table in {@code dir}, checked against the config: a folder without a
     * model table, or whose networks have another input size, width or training-set size, is a
     * {@link DataException} naming the folder and what differs (input size, width, depth, outputs,
     * training-set size).
     */
    public static List<TrainedModel> readModels(SparkSession spark, String dir, ReconstructSpec spec,
                                                IdxClassGroups.Images train) {
        String table = dir.replaceAll("/+$", "") + "/" + ModelTable.TABLE.name();
        List<Row> rows;
        try {
            rows = spark.read().parquet(table).collectAsList();
        } catch (RuntimeException e) {
            throw new DataException("--model " + dir + ": no model table to read at " + table + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new DataException("--model " + dir + ": the model table " + table + " is empty");
        }
        List<TrainedModel> out = new ArrayList<>();
        for (Row r : rows) {
            int rowsPx = ModelTable.ROWS.read(r);
            int cols = ModelTable.COLS.read(r);
            int width = ModelTable.WIDTH.read(r);
            int depth = orOne(ModelTable.DEPTH.read(r));
            int outputs = orOne(ModelTable.OUTPUTS.read(r));
            int m = ModelTable.TRAIN_SIZE.read(r);
            if (rowsPx != train.rows() || cols != train.cols() || width != spec.model().width()
                    || depth != spec.model().depth() || outputs != spec.data().outputs() || m != train.size()) {
                throw new DataException("--model " + dir + ": its networks are for " + rowsPx + " x " + cols
                        + " images, width " + width + ", depth " + depth + ", " + outputs + " output(s) and " + m
                        + " training images, but the config asks for " + train.rows() + " x " + train.cols()
                        + " (data.downsample), model.width = " + spec.model().width() + ", model.depth = "
                        + spec.model().depth() + ", " + spec.data().outputs() + " output(s) (data.classes) and "
                        + train.size() + " (data.train-per-class x groups)");
            }
            int dim = rowsPx * cols;
            ReluNet net = new ReluNet(dim, width, depth, outputs, doubles(ModelTable.W.read(r)),
                    doubles(ModelTable.B.read(r)), doubles(ModelTable.W2.read(r)), doubles(ModelTable.V.read(r)));
            ReluNet init = new ReluNet(dim, width, depth, outputs, doubles(ModelTable.INIT_W.read(r)),
                    doubles(ModelTable.INIT_B.read(r)), doubles(ModelTable.INIT_W2.read(r)),
                    doubles(ModelTable.INIT_V.read(r)));
            ReluNetTrainer.Trained t = new ReluNetTrainer.Trained(net, ModelTable.WEIGHT_DECAY.readNumber(r),
                    ModelTable.EPOCHS.read(r), ModelTable.LOSS.readNumber(r), ModelTable.GRADIENT_NORM.readNumber(r), true,
                    ModelTable.SECONDS.readNumber(r));
            out.add(new TrainedModel(ModelTable.MODEL.read(r), t, init));
        }
        out.sort(Comparator.comparingInt(TrainedModel::model));
        return out;
    }

    /** The values of an array column; none where the table has no such column. */
    private static double[] doubles(List<Double> values) {
        return values == null ? new double[0] : values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A shape column's value; 1 where the table was written before the column existed. */
    private static int orOne(Integer value) {
        return value == null ? 1 : value;
    }
}
