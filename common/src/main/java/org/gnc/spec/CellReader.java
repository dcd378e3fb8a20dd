package org.gnc.spec;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.gnc.model.NetworkSpec;

/**
 * Reads one grid cell's settings (its config with the axis values in place and the defaults merged):
 * {@code data}, {@code student}, {@code accept}, {@code sampler} and {@code budget}, skipping the
 * sweep-wide blocks. Every key asked for is added to {@code requested} (so that a grid axis naming no
 * setting can be told apart), and every problem to {@code issues}. Returns the cell, whose id is the hash
 * of its canonical settings ({@link CellIds}; the sampler's only when a grid axis lies in it), or null
 * when any problem was found. {@code accept.loss-bin} is optional (absent or null: no bin) and not allowed
 * with {@code sampler.kind = smc}. {@code accept.max-train-errors} and {@code sampler.checkpoints} are bounded
 * by the training-set size where the data kind fixes it; the SMC engine takes every student and prior, and
 * only a rejection cell needs the budget's candidate limits. Stateless.
 */
final class CellReader {

    private static final Map<String, SamplerSpec.Kind> SAMPLER_KINDS = Node.choices(SamplerSpec.Kind.values(),
            SamplerSpec.Kind::configName);

    private CellReader() {
    }

    static CellSpec read(Config cfg, Map<String, String> axisValues, Path baseDir, Issues issues,
                         Set<String> requested) {
        Node root = Node.root(cfg.root(), issues, requested);
        root.skip("sweep");
        root.skip("grid");
        root.skip("bounds");
        root.skip("baseline");
        Node d = root.object("data");
        DataReader.DataRead data = d == null ? null : DataReader.read(d, baseDir);
        Node s = root.object("student");
        NetworkSpec student = s == null ? null : NetworkReader.readStudent(s);
        if (student != null && data != null) {
            student = NetworkReader.checkAgainstData(s, student, data.spec());
        }
        // The training-set size and what fixes it, where the data kind fixes it (null otherwise).
        OptionalInt known = data == null ? OptionalInt.empty() : data.spec().knownTrainSize();
        Integer n = known.isPresent() ? known.getAsInt() : null;
        String nFrom = data != null && data.spec() instanceof DataSpec.Idx
                ? "the training-set size, 2 x data.train-per-class" : "data.train-size";

        Long maxTrainErrors = null;
        LossBin lossBin = null;
        boolean lossBinOk = true;
        Node a = root.object("accept");
        if (a != null) {
            maxTrainErrors = a.integer("max-train-errors", 0, n == null ? Integer.MAX_VALUE : n, n == null ? null
                    : "an integer in 0.." + n + " (0 = interpolation; at most " + nFrom + ")");
            if (a.has("loss-bin")) {
                lossBin = readLossBin(a);
                lossBinOk = lossBin != null;
            } else {
                a.skip("loss-bin");
            }
            a.finish("accept");
        }

        Node sm = root.object("sampler");
        SamplerSpec.Kind kind = sm == null ? null : sm.choice("kind", SAMPLER_KINDS);
        if (lossBin != null && kind == SamplerSpec.Kind.SMC) {
            a.problem("loss-bin", "is not supported with sampler.kind = smc (sample a cell with a loss bin with"
                    + " sampler.kind = rejection)");
        }
        SamplerSpec sampler = sm == null ? null : readSampler(sm, kind, n, nFrom);

        Budget budget = null;
        Node b = root.object("budget");
        if (b != null) {
            // An SMC cell's budget is its time: it may leave out the candidate limits (0 = not set).
            boolean optional = kind == SamplerSpec.Kind.SMC;
            Long target = candidateLimit(b, "target-accepted", 1, Long.MAX_VALUE, null, optional);
            Long maxCandidates = candidateLimit(b, "max-candidates", 1, Budget.MAX_CANDIDATES, "an integer in 1.."
                    + Budget.MAX_CANDIDATES + " (2^43: the RNG reserves 2^20 words per candidate in a 64-bit counter)",
                    optional);
            Double maxSeconds = b.seconds("max-seconds");
            b.finish("budget");
            if (target != null && maxCandidates != null && maxSeconds != null) {
                budget = new Budget(target, maxCandidates, maxSeconds);
            }
        }
        root.finish("a sweep config");
        if (!issues.isEmpty() || data == null || student == null || maxTrainErrors == null || !lossBinOk
                || sampler == null || budget == null) {
            return null;
        }
        int mte = maxTrainErrors.intValue();
        boolean samplerAxis = axisValues.keySet().stream().anyMatch(p -> p.equals("sampler") || p.startsWith("sampler."));
        String text = CellIds.canonicalText(data.spec(), data.written(), student, mte, lossBin,
                samplerAxis ? sampler : null);
        return new CellSpec(CellIds.idOf(text), data.spec(), student, mte, budget, sampler, axisValues, lossBin);
    }

    /**
     * The {@code accept.loss-bin} block: finite low &lt; high and a layer scale (default
     * {@link LossBin#PEERS_LAYER_SCALE}); null after recording a problem.
     */
    private static LossBin readLossBin(Node a) {
        Node lb = a.object("loss-bin");
        if (lb == null) {
            return null;
        }
        Double low = lb.number("low", "a finite number (the bin is [low, high) of the normalized training"
                + " cross-entropy)", v -> true);
        Double high = lb.number("high", "a finite number above low", v -> true);
        Double scale = LossBin.PEERS_LAYER_SCALE;
        if (lb.has("layer-scale")) {
            scale = lb.number("layer-scale", "a finite number > 0 (each weight tensor's norm is divided by it;"
                    + " the peers' LeNet: 3)", v -> v > 0);
        } else {
            lb.skip("layer-scale");
        }
        lb.finish("accept.loss-bin");
        if (low != null && high != null && !(low < high)) {
            a.problem("loss-bin", "must have low < high, got low = " + org.gnc.model.Prior.formatNumber(low)
                    + " and high = " + org.gnc.model.Prior.formatNumber(high));
            return null;
        }
        return low == null || high == null || scale == null ? null : new LossBin(low, high, scale);
    }

    /** A budget's candidate limit; with {@code optional}, 0 when absent. */
    private static Long candidateLimit(Node b, String key, long min, long max, String allowed, boolean optional) {
        if (optional && !b.has(key)) {
            b.skip(key);
            return 0L;
        }
        return b.integer(key, min, max, allowed);
    }

    /**
     * The rest of the sampler block of this {@code kind} (null when it was bad), its checkpoints resolved
     * against {@code n} when known (from {@code nFrom}).
     */
    private static SamplerSpec readSampler(Node sm, SamplerSpec.Kind kind, Integer n, String nFrom) {
        Long particles = sm.integer("particles", SamplerSpec.MIN_PARTICLES, Integer.MAX_VALUE,
                "an integer >= " + SamplerSpec.MIN_PARTICLES + " (particles per replicate)");
        Long replicates = sm.integer("replicates", 1, Integer.MAX_VALUE, null);
        Long moves = sm.integer("moves", 0, Integer.MAX_VALUE, null);
        String allowed = "a strictly increasing list of integers in 1.." + (n == null ? "n" : n) + " (n = "
                + (n == null ? "the training-set size" : nFrom) + ", always added as the last checkpoint; [] = [n])";
        List<Long> checkpoints = sm.integers("checkpoints", allowed);
        if (checkpoints != null) {
            String problem = SamplerSpec.checkpointsProblem(checkpoints, n == null ? Integer.MAX_VALUE : n);
            if (problem != null) {
                sm.problem("checkpoints", "must be " + allowed + ", got " + checkpoints + ", which " + problem);
                checkpoints = null;
            }
        }
        sm.finish("sampler");
        if (kind == null || particles == null || replicates == null || moves == null || checkpoints == null) {
            return null;
        }
        SamplerSpec sampler = new SamplerSpec(kind, particles.intValue(), replicates.intValue(), moves.intValue(),
                checkpoints.stream().map(Long::intValue).toList());
        return n == null ? sampler : sampler.resolve(n);
    }
}
