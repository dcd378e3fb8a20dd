package org.gnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gnc.bench.Bench;
import org.gnc.bench.BenchWorkload;
import org.gnc.bench.ChildJvm;
import org.gnc.bench.ReferenceCpu;
import org.gnc.bench.ReferenceBench;
import org.gnc.bench.SweepBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * gnc bench: the options of a {@link Bench} run, whose report it prints (see {@link Bench} for the
 * figures), in this JVM or, with {@code --jvm-opts}, in a {@link ChildJvm} with those options. Exit
 * code 2 when an option is bad or a requested workload cannot run here, {@value #JIT_GUARD_FAILED}
 * when the JIT guard caught a workload (and all ran).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the sampler on the workloads R1 (teacher-student, ternary), R2 and R2g (Fashion-MNIST, uniform and Gaussian priors), LENET (the peers' LeNet)"
                + " against the numpy reference ../shared/bench/gnc_ref.py, run in the same invocation.",
            "Per workload: the filter alone (decisions, like the reference's figure) on 1 thread and all cores, the"
                + " sampler with test scoring on all cores, the Spark job on local[*] and local[1], acceptance and test"
                + " error with 95%% intervals, the reference's figures and the ratios.",
            "R1 runs on the reference's own data (gnc_ref.py r1 --dump-csv) when python3 with numpy is available,"
                + " else on gnc's generated R1 cell. The last line is a JSON object with all figures.",
            "R2 and R2g run on Fashion-MNIST (--fashion-mnist DIR); the reference has no Gaussian mode, so R2g's"
                + " ratio is against the reference's R2.",
            "LENET: the peers' LeNet at width 0.5 (conf/bench/lenet.conf: conv 3, conv 8, dense 60 and 42, two logits,"
                + " biases, U[-1, 1]) on Fashion-MNIST T-shirt/Trouser, n = 8; the reference has no conv student, so its"
                + " R2 figure is shown for scale only (benchmarks/peers_lenet.py times the peers' own code).",
            "With two workloads or more, each workload's filter on 1 thread is measured again at the end (a quarter"
                + " of --seconds) and must be at most 2x slower than its first figure (the JIT guard).",
            "The first line describes the machine: the CPU's vector features, HotSpot's UseAVX and MaxVectorSize,"
                + " the Vector API's preferred species.",
            "SMC (only on request, not in all: it takes minutes): sequential Monte Carlo against Guess & Check on the quickstart's"
                + " width-8 cell (conf/bench/smc.conf): Gibbs particle-sweeps and coordinate draws per second on 1"
                + " thread and all cores at n = 32; replicates on all cores until ln p-hat at n = 32 is within +-0.1"
                + " (95%%), against the time Guess & Check would need for that interval at its rate measured in the"
                + " same run (computed), with both estimates; one replicate to n = 512 with ln p-hat and ln p*.",
            "RECON (only on request): the reconstruction attack's iteration (loss and hand-derived gradients) at 14x14,"
                + " H = 1000, 200 candidates and 28x28, H = 1000, 1000 candidates on 1 thread: iterations per second and"
                + " GFLOP/s, beside the same loss in PyTorch CPU autograd (benchmarks/recon_torch.py, when python3-torch"
                + " is installed); restarts per second as Spark tasks on local[2] against local[1].",
            "SWEEP (only on request): the figure a user sees. gnc sweep on the R1 cell (the reference's R1 data, as R1)"
                + " with budget.max-seconds = --seconds (default here 120), no acceptance target, as a child process"
                + " with this JVM's options (--jvm-opts apply), then gnc_ref.py r1 for the sweep's whole wall time:"
                + " seconds from the command to the first candidate, of sampling and of tables, the whole wall, candidates per second over each"
                + " whole wall, start-up and tables included, and their ratio.",
            "SCALE (only on request, minutes): the sweeps of conf/scale/ by gnc sweep in child JVMs: grid-3000 (wall,"
                + " kernel share of the run's core-seconds, accepted scored over kept, candidates scanned over counted),"
                + " fashion-60 and easy-3m with a 1 GB driver heap (wall, driver peak heap from the GC log).",
            "Exit codes: 0 done; 2 bad input or a requested workload cannot run here; 5 the JIT guard caught a"
                + " workload."})
public final class BenchCommand extends SparkCommand implements Callable<Integer> {
    /** Exit code when every workload ran but the JIT guard caught one. */
    static final int JIT_GUARD_FAILED = 5;

    private static final String JVM_OPTS = "--jvm-opts";
    private static final String REFERENCE_CPU = "--reference-cpu";

    @Parameters(index = "0", defaultValue = "R1", paramLabel = "WORKLOAD",
            description = "R1 | R2 | R2g | LENET | SMC | RECON | SWEEP | SCALE | all (default R1; all is R1, R2, R2g and LENET).")
    String workload;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds per timed measurement (default 10; for SMC, its throughput and Guess & Check rate runs;"
                    + " for SWEEP, the sweep's budget.max-seconds, default 120).")
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
            description = "Folder of the Fashion-MNIST IDX files for R2, R2g and LENET (default: $FMNIST_DIR, else "
                    + BenchWorkload.DEFAULT_FASHION_MNIST + ").")
    Path fashionMnist;

    @Option(names = JVM_OPTS, paramLabel = "OPTS",
            description = "Run bench in a child JVM with these extra JVM options (split at spaces), e.g."
                    + " \"-XX:UseAVX=2 -XX:MaxVectorSize=32\" for AVX2 code on an AVX-512 machine; same class path"
                    + " and arguments, and the child's output and exit code are bench's.")
    String jvmOpts;

    @Option(names = REFERENCE_CPU, paramLabel = "native|avx2",
            description = "CPU code the numpy reference may run: native (numpy's and OpenBLAS's own choice) or avx2"
                    + " (NPY_DISABLE_CPU_FEATURES set to numpy's AVX-512 targets, OPENBLAS_CORETYPE=Haswell)."
                    + " Default: avx2 when --jvm-opts sets -XX:UseAVX=2 or less, else native.")
    String referenceCpu;

    @Option(names = "--machine", description = "Only describe the machine (CPU vector features, HotSpot's UseAVX and"
            + " MaxVectorSize, the Vector API's species): one line, then one JSON object.")
    boolean machineOnly;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || threads < 0) {
            throw new BadInputException("--seconds must be > 0 and --threads >= 0");
        }
        ReferenceCpu cpu = referenceCpu();
        if (jvmOpts != null) {
            List<String> args = childArgs(spec.commandLine().getParseResult().originalArgs(), cpu);
            return ChildJvm.run(ChildJvm.commandLikeThisJvm(ChildJvm.splitOptions(jvmOpts), Gnc.class.getName(), args),
                    out());
        }
        if (machineOnly) {
            Bench.describeMachine(out());
            return 0;
        }
        List<String> names = workloads(workload);
        boolean sweepBudget = names.equals(List.of("SWEEP")) && !spec.commandLine().getParseResult()
                .hasMatchedOption("--seconds");
        Bench.Settings settings = new Bench.Settings(sweepBudget ? SweepBench.DEFAULT_SECONDS : seconds, threads,
                noReference ? Optional.empty() : Optional.of(reference),
                BenchWorkload.fashionMnistFolder(fashionMnist), run.master, run.logLevel, cpu);
        Bench.Outcome outcome = Bench.run(names, settings, out());
        return !outcome.allRan() ? Gnc.BAD_INPUT : outcome.slowedByOthers().isEmpty() ? 0 : JIT_GUARD_FAILED;
    }

    /**
     * The workloads {@code name} asks for, in order: {@code all} is {@link BenchWorkload#NAMES}; one name
     * (any case) of those or of {@link BenchWorkload#ON_REQUEST} is itself.
     */
    static List<String> workloads(String name) {
        if (name.equalsIgnoreCase("all")) {
            return BenchWorkload.NAMES;
        }
        List<String> known = new ArrayList<>(BenchWorkload.NAMES);
        known.addAll(BenchWorkload.ON_REQUEST);
        return known.stream().filter(name::equalsIgnoreCase).findFirst().map(List::of).orElseThrow(
                () -> new BadInputException("unknown workload " + name + ": use " + String.join(", ", known)
                        + " or all"));
    }

    /** {@code --reference-cpu}, or what {@code --jvm-opts} implies. */
    ReferenceCpu referenceCpu() {
        if (referenceCpu != null) {
            try {
                return ReferenceCpu.of(referenceCpu);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(REFERENCE_CPU + ": " + e.getMessage());
            }
        }
        return ReferenceCpu.impliedBy(jvmOpts == null ? List.of() : ChildJvm.splitOptions(jvmOpts));
    }

    /**
     * The child's arguments: gnc's arguments {@code original} without {@code --jvm-opts} (so the child
     * runs bench itself) and with {@code --reference-cpu} set to {@code cpu}.
     */
    static List<String> childArgs(List<String> original, ReferenceCpu cpu) {
        List<String> args = new ArrayList<>(ChildJvm.withoutOption(ChildJvm.withoutOption(original, JVM_OPTS),
                REFERENCE_CPU));
        args.add(REFERENCE_CPU);
        args.add(cpu.option());
        return args;
    }
}
