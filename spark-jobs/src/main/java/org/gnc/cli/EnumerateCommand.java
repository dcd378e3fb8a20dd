package org.gnc.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.ExhaustiveEnumerator;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.EnumerateJob;
import org.gnc.spark.Sessions;
import org.gnc.spark.tables.CellsTable;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** gnc enumerate: the exact acceptance probability and posterior of every cell, by enumeration. */
@Command(name = "enumerate", mixinStandardHelpOptions = true,
        description = {"Enumerate every student of every cell exactly (finite-level priors, at most 2^26 "
                + "configurations per cell), on Spark, and write the cells table with method = exact: attempts is "
                + "the size of the space, accepted the number of interpolators.",
            "Budgets are ignored. The default output folder is out/<sweep name>-exact."})
public final class EnumerateCommand extends SparkCommand implements Callable<Integer> {
    @Mixin
    ConfigInput input;

    @Override
    public Integer call() {
        PreparedSweep prepared = input.prepareSweep();
        SweepSpec sweep = prepared.spec();
        Map<String, ExhaustiveEnumerator> enumerators = EnumerateJob.enumerators(prepared);
        OutputFolder folder = input.folder(sweep, "-exact");
        try (Sessions session = Sessions.start("gnc enumerate " + sweep.name(), run.master, run.logLevel)) {
            SparkSession spark = session.spark();
            EnumerateJob.Outcome outcome = EnumerateJob.run(spark, prepared, enumerators, folder);
            SummaryTable table = new SummaryTable();
            outcome.cells().forEach(c -> table.add(c.spec(), CellsTable.Cell.exact(c.spec(),
                    prepared.cells().get(c.spec().id()).data(), c.result(), c.seconds())));
            var out = out();
            table.print(out);
            out.println("tables (run " + outcome.runId() + "): " + outcome.folder() + "/{shards,cells,runs}");
            return 0;
        }
    }
}
