package org.gnc.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.gnc.baseline.BaselineCell;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.BaselineJob;
import org.gnc.spark.Sessions;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** gnc baseline: train the student architecture of every cell with gradient descent, many seeds per cell. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Train the student architecture of every cell with gradient descent (double precision,"
                + " continuous weights: ND4J for fully connected students with one output, a reverse pass through the"
                + " layers for conv, pool and two-logit students; the baseline block of the config: seeds, optimizer,"
                + " learning-rate, epochs, batch-size, batch-limit, init, loss)"
                + " on Spark, one task per cell and seed, and write samples (one row per trained network) and cells"
                + " with method = sgd: attempts = seeds, accepted = runs that interpolated the training set.",
            "Budgets are ignored. The default output folder is out/<sweep name>-sgd."})
public final class BaselineCommand extends SparkCommand implements Callable<Integer> {
    @Mixin
    ConfigInput input;

    @Override
    public Integer call() {
        PreparedSweep prepared = input.prepareSweep();
        SweepSpec sweep = prepared.spec();
        Map<String, BaselineCell> cells = BaselineJob.cells(prepared);
        OutputFolder folder = input.folder(sweep, "-sgd");
        try (Sessions session = Sessions.start("gnc baseline " + sweep.name(), run.master, run.logLevel)) {
            BaselineJob.Outcome outcome = BaselineJob.run(session.spark(), prepared, cells, folder);
            SummaryTable table = new SummaryTable();
            outcome.cells().forEach(c -> table.add(c.spec(), CellsTable.Cell.trained(c.spec(),
                    prepared.cells().get(c.spec().id()).data(), c.result())));
            var out = out();
            table.print(out);
            out.println("tables (run " + outcome.runId() + "): " + outcome.folder() + "/{samples,cells,runs}");
            return 0;
        }
    }
}
