package org.gnc.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.gnc.data.IdxClassGroups;
import org.gnc.spark.Sessions;
import org.gnc.spark.data.HadoopDataSources;
import org.gnc.spark.recon.ReconstructJob;
import org.gnc.spark.FolderLock;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.ReconstructSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** gnc reconstruct: train networks, then recover their training images from the weights alone. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {"Training-data reconstruction (Haim et al. 2022; Buzaglo et al. 2023): train a ReLU network "
                + "with one or two hidden layers (model.depth) per weight decay on groups of IDX classes or a "
                + "table's labels (two groups: one output; more: one output per group), then run attack restarts (one Spark task each, "
                + "hyperparameters drawn from ranges) that solve the KKT equations for the training images, and "
                + "evaluate them against the nearest natural image (control a) and the untrained network "
                + "(control b). Writes the model, attacks, candidates, train_points and runs tables.",
            "See conf/reconstruct/. The default output folder is out/<reconstruct.name>."})
public final class ReconstructCommand extends SparkCommand implements Callable<Integer> {
    @Mixin
    ConfigInput input;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Attack the networks of the model table in DIR (an earlier reconstruct output folder) "
                    + "instead of training; their shape must match the config.")
    String model;

    @Option(names = "--no-progress", description = "Do not print the progress line (networks trained and attack "
            + "restarts done, on stderr: redrawn on a terminal, else a line a minute).")
    boolean noProgress;

    @Override
    public Integer call() {
        ReconstructSpec spec = input.parseReconstruct();
        IdxClassGroups.Loaded data = IdxClassGroups.load(spec.data(),
                HadoopDataSources.create(Sessions.hadoopConfiguration()));
        try (FolderLock lock = input.lockedFolder(spec.name(), "reconstruct");
             Sessions session = Sessions.start("gnc reconstruct " + spec.name(), run.master, run.logLevel)) {
            OutputFolder folder = lock.folder();
            List<ReconstructJob.TrainedModel> given = model == null ? null
                    : ReconstructJob.readModels(session.spark(), model, spec, data.train());
            ReconstructJob.Outcome outcome = ReconstructJob.run(session.spark(), spec, data, given, folder,
                    noProgress ? null : err(), System.console() != null);
            TextTable table = new TextTable("weight decay", "epochs", "loss", "min margin", "KKT residual", "kinks",
                    "restarts counted", "SSIM > 0.4", "beat control a", "control a > 0.4", "untrained beat a",
                    "median SSIM [a, b]");
            for (ReconstructJob.ModelOutcome m : outcome.models()) {
                table.add(String.valueOf(m.weightDecay()), String.valueOf(m.epochs()),
                        String.format("%.3g", m.report().loss()), String.format("%.3g", m.report().minNormalizedMargin()),
                        String.format("%.3g", m.report().kktResidual()), String.format("%.3g", m.report().kinkFraction()),
                        m.counted() + "/" + m.restarts(), String.valueOf(m.aboveThreshold()),
                        String.valueOf(m.reconstructed()), String.valueOf(m.controlAboveThreshold()),
                        m.untrainedReconstructed() < 0 ? "-" : String.valueOf(m.untrainedReconstructed()),
                        String.format("%.3f [%.3f, %.3f]", m.medianSsim(), m.medianControl(), m.medianUntrained()));
            }
            table.print(out());
            out().println("training images: " + data.train().size() + "; tables (run " + outcome.runId() + "): "
                    + outcome.folder() + "/{model,attacks,candidates,train_points,runs}");
            return 0;
        }
    }
}
