package org.gnc.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;

/**
 * A benchmark workload as {@code gnc bench} and the JMH benchmarks run it: one of the sweep configs
 * of {@code conf/bench/}, with its data files pointed at where they are on this machine.
 *
 * <p>Guarantees: the student, prior, acceptance rule and data settings are those of the config file;
 * only the data files' locations ({@link #dataFiles}), the budget ({@link #spec}) and the settings a
 * caller names ({@link #spec(long, double, List)}) are set from outside. The files are read from the
 * classpath ({@code org/gnc/bench/*.conf}, which the build copies from {@code conf/bench/}, their only
 * copy), so they are found wherever the gnc jar or the tests run.
 * Immutable.
 *
 * @param name        the workload's name: R1, R2, R2g, LENET or SMC
 * @param conf        the config's file name in {@code conf/bench/}
 * @param dataFiles   data keys (under {@code data}) set to these files, in the config's key order
 * @param dataNote    what the data is, as {@code gnc bench} prints it
 * @param comparable  whether acceptance and test error are comparable with the reference's
 * @param reference   the reference's workload it is timed against: {@code r1} or {@code r2} (for LENET,
 *                    which the reference cannot run, its dense R2 for scale only); null for SMC, which
 *                    is timed against gnc's own Guess &amp; Check ({@link SmcBench})
 */
public record BenchWorkload(String name, String conf, Map<String, Path> dataFiles, String dataNote,
                            boolean comparable, String reference) {
    /**
     * The workloads {@code gnc bench all} runs, in order. LENET is among them, last: it is the only conv
     * kernel's workload, and the JIT guard is there to catch a kernel slowed by the others' compiled code
     * in one JVM, as a Spark executor runs them.
     */
    public static final List<String> NAMES = List.of("R1", "R2", "R2g", "LENET");

    /**
     * The workloads {@code gnc bench} runs only when named: SMC ({@link SmcBench}), whose runs to an
     * interval and to n = 512 do not scale with {@code --seconds} and take longer than {@code all} should,
     * RECON ({@link ReconBench}), the reconstruction attack, not the sampler, SWEEP ({@link SweepBench}),
     * a whole sweep of two minutes' budget by default, and SCALE ({@link ScaleBench}), the sweeps of
     * {@code conf/scale/}, run by {@code gnc sweep} in child JVMs (minutes).
     */
    public static final List<String> ON_REQUEST = List.of("SMC", "RECON", "SWEEP", "SCALE");

    /**
     * Where the Fashion-MNIST IDX files are when neither {@code --fashion-mnist} nor
     * {@code FMNIST_DIR} says otherwise: where Debian's dataset-fashion-mnist package installs them
     * (gnc_ref.py's default too).
     */
    public static final String DEFAULT_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

    /** The data keys of an {@code idx} data block that name files, in the order they are checked. */
    private static final List<String> IDX_FILE_KEYS = List.of("train-images", "train-labels", "test-images",
            "test-labels");

    /** A sweep that no acceptance count stops: only its candidate or time budget does. */
    static final long NEVER_ENOUGH_ACCEPTED = 1_000_000_000L;

    /** A candidate budget no bench run reaches, so the time budget decides. */
    private static final long UNLIMITED_CANDIDATES = 8_000_000_000_000L;

    public BenchWorkload {
        dataFiles = Collections.unmodifiableMap(new LinkedHashMap<>(dataFiles));
    }

    /** R1 on the numpy reference's own data, as written by {@code gnc_ref.py r1 --dump-csv dir}. */
    public static BenchWorkload r1OnReferenceData(Path dir) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("train", dir.resolve("train.csv"));
        files.put("test", dir.resolve("test.csv"));
        return new BenchWorkload("R1", "r1-table.conf", files, "reference R1 data (gnc_ref.py r1 --dump-csv)", true,
                "r1");
    }

    /** R1 on gnc's generated teacher-student cell, for when the reference cannot dump its data. */
    public static BenchWorkload r1Generated() {
        return new BenchWorkload("R1", "r1.conf", Map.of(), "gnc's generated R1 cell (no reference available:"
                + " acceptance and test error are not comparable to the reference's data)", false, "r1");
    }

    /** R2, R2g or LENET (by {@code name}) on the Fashion-MNIST IDX files in {@code dir}. */
    public static BenchWorkload fashionMnist(String name, Path dir) {
        String conf = switch (name) {
            case "R2" -> "r2.conf";
            case "R2g" -> "r2g.conf";
            case "LENET" -> "lenet.conf";
            default -> throw new IllegalArgumentException("not a Fashion-MNIST workload: " + name);
        };
        Config data = ConfigFactory.parseString(text(conf)).getConfig("data");
        Map<String, Path> files = new LinkedHashMap<>();
        for (String key : IDX_FILE_KEYS) {
            files.put(key, dir.resolve(Path.of(data.getString(key)).getFileName()));
        }
        String note = switch (name) {
            case "R2" -> "same data and prior as gnc_ref.py r2 (which rounds the standardized features to float32;"
                    + " gnc keeps doubles)";
            case "R2g" -> "gnc_ref.py has no Gaussian mode: the speed ratio is against its R2 (uniform prior);"
                    + " acceptance and test error are not comparable and are not compared";
            default -> "the peers' LeNet at width 0.5 on the same images as R2's training set, n = 8; gnc_ref.py"
                    + " has no conv student: its dense R2 figure is beside gnc's for scale only (the peers' own code"
                    + " is measured by benchmarks/peers_lenet.py)";
        };
        return new BenchWorkload(name, conf, files, note, name.equals("R2"), "r2");
    }

    /**
     * SMC: sequential Monte Carlo against Guess &amp; Check on the quickstart's width-8 cell
     * ({@code conf/bench/smc.conf}, gnc's generated data).
     */
    public static BenchWorkload smc() {
        return new BenchWorkload("SMC", "smc.conf", Map.of(), "the quickstart's width-8 cell (d = 20, a width-2"
                + " ternary teacher, data seed 7, a width-8 ternary student)", false, null);
    }

    /**
     * The Fashion-MNIST folder: {@code explicit} if given, else {@code $FMNIST_DIR}, else
     * {@link #DEFAULT_FASHION_MNIST}.
     */
    public static Path fashionMnistFolder(Path explicit) {
        return explicit != null ? explicit
                : Path.of(Optional.ofNullable(System.getenv("FMNIST_DIR")).orElse(DEFAULT_FASHION_MNIST));
    }

    /** The file names among {@link #dataFiles} that are not regular files here. */
    public List<String> missingFiles() {
        return dataFiles.values().stream().filter(f -> !Files.isRegularFile(f)).map(f -> f.getFileName().toString())
                .toList();
    }

    /**
     * The workload as a sweep of one cell that stops after {@code candidates} candidates or
     * {@code seconds} of sampling, whichever comes first.
     */
    public SweepSpec spec(long candidates, double seconds) {
        return spec(candidates, seconds, List.of());
    }

    /**
     * As {@link #spec(long, double)}, with {@code more} settings ({@code key=value}, as {@code --set} takes
     * them) applied last.
     */
    public SweepSpec spec(long candidates, double seconds, List<String> more) {
        List<String> settings = new ArrayList<>();
        dataFiles.forEach((key, file) -> settings.add("data." + key + "=" + ConfigUtil.quoteString(file.toString())));
        settings.add("budget.target-accepted=" + NEVER_ENOUGH_ACCEPTED);
        settings.add("budget.max-candidates=" + candidates);
        settings.add("budget.max-seconds=" + seconds);
        settings.addAll(more);
        return SweepSpecParser.parseText(text(conf), null, "conf/bench/" + conf, settings);
    }

    /** The workload's cell with its data loaded, for a sweep of {@code seconds} (the budget only ends sweeps). */
    public CellSampler cell(double seconds) {
        return prepared(seconds, List.of()).cells().values().iterator().next();
    }

    /**
     * The workload with {@code more} settings ({@link #spec(long, double, List)}) as a prepared sweep, its
     * data loaded, for a sweep of {@code seconds}.
     */
    public PreparedSweep prepared(double seconds, List<String> more) {
        return PreparedSweep.of(spec(UNLIMITED_CANDIDATES, seconds, more));
    }

    /** The text of {@code conf/bench/<conf>}, from the classpath. */
    static String text(String conf) {
        try (InputStream in = BenchWorkload.class.getResourceAsStream(conf)) {
            if (in == null) {
                throw new IllegalStateException("conf/bench/" + conf + " is not on the classpath as org/gnc/bench/"
                        + conf + " (the build copies conf/bench/ there)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
