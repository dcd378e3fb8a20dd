package org.gnc.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.gnc.input.InputException;
import org.gnc.spark.FolderLock;
import org.gnc.spark.GncVersion;
import org.gnc.spark.ProcessStop;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gnc command line. Exit codes: 0 success; 2 bad input (config, data, output folder, usage),
 * reported before Spark starts wherever it can be; 1 any other failure, reported as one line (the
 * stack trace follows only with --verbose), also after a fatal error ({@code OutOfMemoryError}) in any
 * thread; 143 after SIGTERM and 130 after SIGINT (the run stops cleanly, see {@link ProcessStop}).
 * Commands add their own: {@code sweep} and {@code nightly} 3 (folder locked), {@code nightly} 4 (a
 * cell moved), {@code bench} 5 (the JIT guard caught a workload).
 */
@Command(name = "gnc", mixinStandardHelpOptions = true, versionProvider = Gnc.Version.class,
        description = "Guess & Check: sample random neural networks from a prior, keep the ones that fit the "
                + "training set, and record how they generalize.",
        subcommands = {SweepCommand.class, EnumerateCommand.class, BaselineCommand.class, ContinualCommand.class,
            ReconstructCommand.class,
            ShowCommand.class, ReportCommand.class, NightlyCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Gnc implements Runnable {
    /** Exit code for input the user must fix. */
    public static final int BAD_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int FAILURE = 1;
    /** Exit code when another process holds the output folder's lock ({@link FolderLock}): nothing was changed. */
    public static final int LOCKED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        ProcessStop.install(Thread.currentThread(), System.err);
        int code;
        try {
            code = run(System.out, System.err, args);
        } catch (Throwable e) {
            System.err.println("gnc: failed: " + ProcessStop.oneLine(e));
            code = FAILURE;
        }
        ProcessStop.exit(code);
    }

    /** Runs gnc with these streams and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new Gnc());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var stop = ProcessStop.requested();
            if (stop.isPresent()) {
                boolean resumes = commandLine.getCommand() instanceof SparkCommand c && c.resumes();
                err.println("gnc: " + stop.get().message() + ": the run is recorded as failed" + (resumes
                        ? "; finished shards are kept, run the same command again to resume" : ""));
                return stop.get().exitCode();
            }
            if (e instanceof InputException) {
                err.println("gnc: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof FolderLock.Held) {
                err.println("gnc: " + e.getMessage());
                return LOCKED;
            }
            err.println("gnc: failed: " + ProcessStop.oneLine(e));
            Object command = commandLine.getCommand();
            if (command instanceof SparkCommand c && c.runOptions().verbose) {
                e.printStackTrace(err);
            } else {
                err.println("gnc: (run again with --verbose for the stack trace)");
            }
            return FAILURE;
        });
        return cli.execute(args);
    }


    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            GncVersion v = GncVersion.current();
            return new String[] {"gnc " + v.version() + (v.gitCommit() == null ? "" : " (" + v.gitCommit() + ")")};
        }
    }
}
