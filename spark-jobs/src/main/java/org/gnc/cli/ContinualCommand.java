package org.gnc.cli;

import java.util.concurrent.Callable;
import org.gnc.continual.TaskFamily;
import org.gnc.spark.ContinualJob;
import org.gnc.spark.Sessions;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.ContinualSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** gnc continual: sequential max-margin on a family of separable linear tasks, over seeds and orderings. */
@Command(name = "continual", mixinStandardHelpOptions = true,
        description = {"Run sequential max-margin (each task's step projects the previous weights onto "
                + "{w : y_i w.x_i >= 1}) on a family of jointly separable linear tasks, under each ordering and seed "
                + "of the config, on Spark, and write the steps, step_quantiles and continual_cells tables.",
            "See conf/continual/cyclic-vs-random.conf. The default output folder is out/<continual.name>."})
public final class ContinualCommand extends SparkCommand implements Callable<Integer> {
    @Mixin
    ConfigInput input;

    @Override
    public Integer call() {
        ContinualSpec spec = input.parseContinual();
        TaskFamily files = ContinualJob.filesFamily(spec);
        OutputFolder folder = input.folder(spec.name());
        try (Sessions session = Sessions.start("gnc continual " + spec.name(), run.master, run.logLevel)) {
            ContinualJob.Outcome outcome = ContinualJob.run(session.spark(), spec, files, folder);
            TextTable table = new TextTable("ordering", "seeds", "steps", "forgetting q50 [q05, q95]",
                    "||w_k - w*|| q50", "||w*|| q50", "feasible at end");
            for (ContinualJob.CellOutcome c : outcome.cells()) {
                var s = c.cell();
                table.add(c.ordering().configName(), String.valueOf(s.runs()), String.valueOf(s.steps()),
                        String.format("%.3g [%.3g, %.3g]", s.finalForgetting().q50(), s.finalForgetting().q05(),
                                s.finalForgetting().q95()),
                        String.format("%.4f", s.finalDistanceToOptimum().q50()),
                        String.format("%.4f", s.optimumNorm().q50()), s.runsFeasibleAtEnd() + "/" + s.runs());
            }
            table.print(out());
            out().println("tables (run " + outcome.runId() + "): " + outcome.folder()
                    + "/{steps,step_quantiles,continual_cells,runs}");
            return 0;
        }
    }
}
