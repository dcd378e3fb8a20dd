package org.gnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.FolderLock;
import org.gnc.spark.Sessions;
import org.gnc.spark.data.HadoopDataSources;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spec.ContinualSpec;
import org.gnc.spec.ContinualSpecParser;
import org.gnc.spec.ReconstructSpec;
import org.gnc.spec.ReconstructSpecParser;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The config file, its overrides and the output folder, as given on the command line. */
public final class ConfigInput {
    @Parameters(index = "0", paramLabel = "CONFIG",
            description = "The config (HOCON); every key is documented in conf/all-keys.conf (continual: conf/continual/; reconstruct: its section there).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (local path or any Hadoop URI). Default: out/<name>.")
    String out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key (HOCON value), e.g. --set student.widths=[16]. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--force",
            description = "Write into an existing folder that gnc did not make (its files are never deleted).")
    boolean force;

    /**
     * The parsed and validated sweep (a SpecException names the key at fault) with every cell's data
     * loaded and checked (a DataException names the file), before Spark starts, through
     * {@link HadoopDataSources#prepare} with the Hadoop configuration of the session to come
     * ({@link Sessions#hadoopConfiguration}), which the output folder uses too.
     */
    PreparedSweep prepareSweep() {
        return prepare(parseSweep());
    }

    /** The parsed and validated sweep (a SpecException names the key at fault), its data not yet loaded. */
    SweepSpec parseSweep() {
        return SweepSpecParser.parse(config, overrides);
    }

    /** {@code spec} with every cell's data loaded and checked, as {@link #prepareSweep} says. */
    static PreparedSweep prepare(SweepSpec spec) {
        return HadoopDataSources.prepare(spec, Sessions.hadoopConfiguration());
    }

    /** The parsed and validated continual-learning config. */
    ContinualSpec parseContinual() {
        return ContinualSpecParser.parse(config, overrides);
    }

    /** The parsed and validated reconstruction config. */
    ReconstructSpec parseReconstruct() {
        return ReconstructSpecParser.parse(config, overrides);
    }

    /** The output folder, created or adopted (an OutputFolderException says why it cannot be). */
    OutputFolder folder(SweepSpec spec, String defaultSuffix) {
        return folder(spec.name() + defaultSuffix);
    }

    /** The output folder (default out/NAME), created or adopted. */
    OutputFolder folder(String name) {
        return OutputFolder.prepare(dir(name), force, Sessions.hadoopConfiguration());
    }

    /** The output folder (default out/NAME), created or adopted, with its lock taken for {@code command}. */
    FolderLock lockedFolder(String name, String command) {
        return FolderLock.take(dir(name), force, Sessions.hadoopConfiguration(), command);
    }

    private String dir(String name) {
        return out != null ? out : "out/" + name;
    }
}
