package org.gnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gnc.bench.Bench;
import org.gnc.bench.BenchWorkload;
import org.gnc.bench.ReferenceBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * gnc bench: the options of a {@link Bench} run, whose report it prints (see {@link Bench} for the
 * figures). Exit code 2 when an option is bad or a requested workload cannot run here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the sampler on the workloads R1 (teacher-student, ternary), R2 and R2g (Fashion-MNIST, uniform and Gaussian priors)"
                + " against the numpy reference ../shared/bench/gnc_ref.py, run in the same invocation.",
            "Per workload: the filter alone (decisions, like the reference's figure) on 1 thread and all cores, the"
                + " sampler with test scoring on all cores, the Spark job on local[*] and local[1], acceptance and test"
                + " error with 95%% intervals, the reference's figures and the ratios.",
            "R1 runs on the reference's own data (gnc_ref.py r1 --dump-csv) when python3 with numpy is available,"
                + " else on gnc's generated R1 cell. The last line is a JSON object with all figures.",
            "R2 and R2g run on Fashion-MNIST (--fashion-mnist DIR); the reference has no Gaussian mode, so R2g's"
                + " ratio is against the reference's R2. Exit code 2 when a requested workload cannot run here."})
public final class BenchCommand extends SparkCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "R1", paramLabel = "WORKLOAD", description = "R1 | R2 | R2g | all (default R1).")
    String workload;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds per timed measurement (default 10).")
    double seconds;

    @Option(names = "--reference", paramLabel = "PATH", defaultValue = ReferenceBench.DEFAULT_PATH,
            description = "gnc_ref.py (default: ${DEFAULT-VALUE} from the repository root; a relative PATH is"
                    + " looked up from the working directory, then from the repository root).")
    Path reference;

    @Option(names = "--no-reference", description = "Do not run the numpy reference.")
    boolean noReference;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the all-cores kernel run (default: all cores).")
    int threads;

    @Option(names = "--fashion-mnist", paramLabel = "DIR",
            description = "Folder of the Fashion-MNIST IDX files for R2 and R2g (default: $FMNIST_DIR, else "
                    + BenchWorkload.DEFAULT_FASHION_MNIST + ").")
    Path fashionMnist;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || threads < 0) {
            throw new BadInputException("--seconds must be > 0 and --threads >= 0");
        }
        List<String> names = BenchWorkload.NAMES.stream()
                .filter(n -> workload.equalsIgnoreCase("all") || workload.equalsIgnoreCase(n)).toList();
        if (names.isEmpty()) {
            throw new BadInputException("unknown workload " + workload + ": use R1, R2, R2g or all");
        }
        Bench.Settings settings = new Bench.Settings(seconds, threads,
                noReference ? Optional.empty() : Optional.of(reference),
                BenchWorkload.fashionMnistFolder(fashionMnist), run.master, run.logLevel);
        return Bench.run(names, settings, out()) ? 0 : Gnc.BAD_INPUT;
    }
}
