package org.gnc.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that runs Spark: the shared run options and the command's output streams. */
abstract class SparkCommand {
    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    RunOptions runOptions() {
        return run;
    }

    /** Whether the same command, run again, resumes an interrupted run from its checkpoint (sweep, nightly). */
    boolean resumes() {
        return false;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
