package org.gnc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.FolderCheckpoint;
import org.gnc.spark.FolderLock;
import org.gnc.spark.Sessions;
import org.gnc.spark.SweepJob;
import org.gnc.spark.Timeline;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** gnc sweep: sample every cell of a sweep on Spark and write its tables. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a Guess & Check sweep: sample every cell of the grid on Spark until its budget is spent"
                + " (cells with sampler.kind = smc by sequential Monte Carlo), and write the Parquet tables samples,"
                + " shards, cells, path, checkpoints and runs into the output folder.",
            "An interrupted sweep (crash, kill, SIGTERM, Ctrl-C) resumes from the finished shards checkpointed in the"
                + " output folder when the same command runs again, with the tables of an uninterrupted run; --fresh"
                + " starts over.",
            "Exit codes: 0 done; 2 bad input (config errors, bad data, unusable output folders, a resume with another"
                + " config than the checkpoint's, budget aside), before Spark starts; 3 another process holds the output"
                + " folder's lock (nothing is changed); 143 / 130 stopped by SIGTERM / SIGINT (the checkpoint is kept, a"
                + " failed runs row written); 1 any other failure, fatal errors included."})
public final class SweepCommand extends SparkCommand implements Callable<Integer> {
    @Mixin
    ConfigInput input;

    @Option(names = "--shard-size", paramLabel = "N",
            description = "Candidates per shard (default: per cell, about 2^34 / parameters, within 2^12..2^24).")
    long shardSize;

    @Option(names = "--slots", paramLabel = "N",
            description = "Shards per round over all open cells (default: twice Spark's default parallelism).")
    int slots;

    @Option(names = "--no-progress", description = "Do not print the progress line, nor the timeline at the end (seconds"
            + " from the command to: the JVM, config parsed, data loaded, output folder locked, Spark up, first"
            + " candidate, sampling ended, tables written, Spark stopped).")
    boolean noProgress;

    @Option(names = "--fresh", description = "Start over: delete the checkpoint an interrupted sweep left in the output "
            + "folder instead of resuming from it.")
    boolean fresh;

    @Override
    public Integer call() {
        if (shardSize < 0 || slots < 0) {
            throw new BadInputException("--shard-size and --slots must be positive");
        }
        Timeline timeline = Timeline.ofThisCommand();
        SweepSpec sweep = input.parseSweep();
        timeline = timeline.mark("config");
        PreparedSweep prepared = ConfigInput.prepare(sweep);
        timeline = timeline.mark("data");
        var out = out();
        int exit;
        try (FolderLock lock = input.lockedFolder(sweep.name(), "sweep")) {
            FolderCheckpoint checkpoint = FolderCheckpoint.resume(lock.folder(), sweep.resolvedText(), fresh,
                    Sessions.hadoopConfiguration());
            timeline = timeline.mark("folder");
            Timeline.SamplingWatch watch;
            Sessions started;
            // The kernels compile on the other core while the embedded Spark starts (its tasks run in this JVM).
            boolean embedded = Sessions.mastersChoosable() && (run.master == null || run.master.startsWith("local"));
            try (KernelWarmUp warmUp = embedded ? KernelWarmUp.start(prepared) : null) {
                started = Sessions.start("gnc sweep " + sweep.name(), run.master, run.logLevel);
            }
            try (Sessions session = started) {
                timeline = timeline.mark("spark");
                session.interpretingSql();
                watch = Timeline.SamplingWatch.on(session.spark().sparkContext());
                try {
                    exit = sweep(session.spark(), prepared, lock.folder(), checkpoint, out);
                    timeline = timeline.mark("tables");
                } catch (RuntimeException | Error e) {
                    watch.close();
                    throw e;
                }
            }
            // The session has stopped (its listener bus drained, when it was this command's): the watch has
            // seen every sampling job.
            timeline = watch.addTo(timeline).mark("spark-stopped");
            watch.close();
        }
        if (!noProgress) {
            err().println(timeline.line());
            err().flush();
        }
        return exit;
    }

    /** Samples into {@code folder}, resuming from {@code checkpoint}, which is cleared once the tables are published. */
    private int sweep(SparkSession spark, PreparedSweep prepared, OutputFolder folder, FolderCheckpoint checkpoint,
                      PrintWriter out) {
        SweepJob.Outcome outcome = SweepJob.run(spark, prepared, folder, new SweepJob.Options(shardSize, slots,
                noProgress ? null : err(), System.console() != null, checkpoint));
        checkpoint.clear();
        SummaryTable table = new SummaryTable();
        outcome.rows().forEach((id, row) -> table.add(prepared.cellSpec(id), row));
        table.print(out);
        out.println("tables (run " + outcome.runId() + "): " + outcome.folder()
                + (outcome.smcCells().isEmpty() ? "/{samples,shards,cells,runs}" : "/{samples,shards,cells,path,checkpoints,runs}"));
        return 0;
    }

    @Override
    boolean resumes() {
        return true;
    }
}
