package org.gnc.cli;

import picocli.CommandLine.Option;

/** Options every Spark-running subcommand shares. */
public final class RunOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master. Default: the embedded Spark, local[*]. bin/gnc hands any non-local "
                    + "master to spark-submit (SPARK_HOME required).")
    String master;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "Spark's log level: ERROR, WARN, INFO, DEBUG (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--verbose", description = "Print the stack trace of a failure, not just its cause.")
    boolean verbose;
}
