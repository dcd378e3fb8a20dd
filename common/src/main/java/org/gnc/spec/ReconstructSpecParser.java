package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a reconstruction config (HOCON) into a validated {@link ReconstructSpec}, one reader per block
 * ({@code reconstruct}, {@code data}, {@code model}, {@code train}), with the sweep's machinery: every
 * problem (unknown key, wrong type, missing key, value out of range, class groups that are empty or
 * overlap, a range with low &gt; high, fewer than one iteration) is collected into one
 * {@link SpecException} naming the key path, before anything runs. IDX files and tables are only
 * located here (paths relative to the config file); their contents are checked when they are read. Stateless.
 * Every key is documented in {@code conf/all-keys.conf}.
 */
public final class ReconstructSpecParser {
    private static final String NAME_ALLOWED = "a non-empty name of letters, digits, '_', '.' and '-'";
    private static final Map<String, Boolean> VARIANTS = Node.choices(new Boolean[] {false, true},
            signed -> signed ? "general" : "kkt");
    private static final Map<String, ReconstructSpec.Step> STEPS = Node.choices(ReconstructSpec.Step.values(),
            ReconstructSpec.Step::configName);
    private static final Map<String, ReconstructSpec.InitLayers> INIT_LAYERS = Node.choices(
            ReconstructSpec.InitLayers.values(), ReconstructSpec.InitLayers::configName);

    private ReconstructSpecParser() {
    }

    /** Parses a config file with {@code key=value} overrides (null or empty for none). */
    public static ReconstructSpec parse(Path file, List<String> overrides) {
        Path abs = file.toAbsolutePath().normalize();
        String origin = HoconFiles.origin(abs);
        Config user = HoconFiles.readFile(abs, "reconstruct config");
        return build(HoconFiles.applyOverrides(user, overrides, origin, "reconstruct.restarts=4"), abs.getParent(),
                origin, abs);
    }

    /** Parses config text; IDX files resolve against {@code baseDir}. */
    public static ReconstructSpec parseText(String hocon, Path baseDir, String originName) {
        String origin = HoconFiles.textOrigin(originName);
        return build(HoconFiles.readText(hocon, origin), HoconFiles.textBaseDir(baseDir), origin, null);
    }

    private static ReconstructSpec build(Config raw, Path baseDir, String origin, Path source) {
        Config base = HoconFiles.resolve(raw, origin);
        Issues issues = new Issues();
        Node root = Node.root(base.root(), issues, new HashSet<>());
        String name = null;
        Long seed = null;
        ReconstructSpec.Attack attack = null;
        Node r = root.object("reconstruct");
        if (r != null) {
            name = r.name("name", NAME_ALLOWED);
            seed = r.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            attack = readAttack(r);
            r.finish("reconstruct");
        }
        Node d = root.object("data");
        ReconstructSpec.Data data = d == null ? null : readData(d, baseDir);
        Node m = root.object("model");
        ReconstructSpec.Model model = m == null ? null : readModel(m);
        Node t = root.object("train");
        ReconstructSpec.Train train = t == null ? null : readTrain(t);
        root.finish("the top level");
        if (attack != null && data != null && attack.signed() && data.groups() != 2) {
            issues.add("reconstruct.variant", "general needs two class groups (one output), but data.classes has "
                    + data.groups());
        }
        if (!issues.isEmpty() || name == null || seed == null || attack == null || data == null || model == null
                || train == null) {
            throw new SpecException(origin, issues.list().stream().map(Issues.Issue::problem).toList());
        }
        return new ReconstructSpec(name, seed, data, model, train, attack, HoconFiles.json(base), source);
    }

    private static ReconstructSpec.Attack readAttack(Node r) {
        Integer restarts = r.intAtLeast("restarts", 1);
        Integer iterations = r.intAtLeast("iterations", 1);
        Double momentum = r.number("momentum", "a number in [0, 1)", x -> x >= 0 && x < 1);
        ReconstructSpec.Range box = range(r, "box", false);
        Boolean signed = r.choice("variant", VARIANTS);
        Boolean control = r.bool("untrained-control");
        Node h = r.object("ranges");
        ReconstructSpec.Range init = null;
        ReconstructSpec.Range lrX = null;
        ReconstructSpec.Range lrL = null;
        ReconstructSpec.Range lambdaMin = null;
        ReconstructSpec.Range alpha = null;
        if (h != null) {
            init = range(h, "init-scale", true);
            lrX = range(h, "learning-rate-x", true);
            lrL = range(h, "learning-rate-lambda", true);
            lambdaMin = range(h, "lambda-min", false);
            alpha = range(h, "alpha", false);
            if (alpha != null && !(alpha.low() > 0)) {
                h.problem("alpha", "must be a range [low, high] with low > 0, got [" + alpha.low() + ", "
                        + alpha.high() + "]");
                alpha = null;
            }
            h.finish("reconstruct.ranges");
        }
        Node a = r.object("abort");
        Integer after = null;
        Integer every = null;
        Double score = null;
        if (a != null) {
            after = a.intAtLeast("after", 0);
            every = a.intAtLeast("every", 1);
            score = a.number("score-above", "a number > 0", x -> x > 0);
            a.finish("reconstruct.abort");
        }
        if (restarts == null || iterations == null || momentum == null || box == null || signed == null
                || control == null || init == null || lrX == null || lrL == null || lambdaMin == null || alpha == null
                || after == null || every == null || score == null) {
            return null;
        }
        return new ReconstructSpec.Attack(restarts, iterations, momentum, box.low(), box.high(), signed, init, lrX,
                lrL, lambdaMin, alpha, after, every, score, control);
    }

    /** A range [low, high] of finite numbers with low <= high (and low > 0 when {@code log}). */
    private static ReconstructSpec.Range range(Node n, String key, boolean log) {
        String allowed = "a range [low, high] of finite numbers with low <= high" + (log ? " and low > 0"
                + " (drawn log-uniformly)" : " (drawn uniformly)") + "; [v, v] fixes the value";
        ConfigList list = n.list(key, allowed);
        if (list == null) {
            return null;
        }
        Number lo = list.size() == 2 ? Node.numberOf(list.get(0)) : null;
        Number hi = list.size() == 2 ? Node.numberOf(list.get(1)) : null;
        if (lo == null || hi == null || !Double.isFinite(lo.doubleValue()) || !Double.isFinite(hi.doubleValue())
                || !(lo.doubleValue() <= hi.doubleValue()) || log && !(lo.doubleValue() > 0)) {
            n.problem(key, "must be " + allowed + ", got " + Node.got(list));
            return null;
        }
        return new ReconstructSpec.Range(lo.doubleValue() + 0.0, hi.doubleValue() + 0.0, log);
    }

    private static ReconstructSpec.Data readData(Node d, Path baseDir) {
        String kind = d.choice("kind", Node.choices("idx", "table"));
        if ("table".equals(kind)) {
            return readTable(d, baseDir);
        }
        Map<String, String> written = new LinkedHashMap<>();
        String trainImages = DataReader.location(d, "train-images", baseDir, true, written);
        String trainLabels = DataReader.location(d, "train-labels", baseDir, true, written);
        String testImages = DataReader.location(d, "test-images", baseDir, true, written);
        String testLabels = DataReader.location(d, "test-labels", baseDir, true, written);
        int[][] classes = readClasses(d);
        Integer trainPerClass = d.intAtLeast("train-per-class", 1);
        Integer testPerClass = d.intAtLeast("test-per-class", 1);
        Integer downsample = d.intAtLeast("downsample", 1);
        Boolean subtractMean = d.bool("subtract-mean");
        d.finish("data");
        if (kind == null || trainImages == null || trainLabels == null || testImages == null || testLabels == null
                || classes == null || trainPerClass == null || testPerClass == null || downsample == null
                || subtractMean == null) {
            return null;
        }
        return new ReconstructSpec.Data(trainImages, trainLabels, testImages, testLabels, classes, trainPerClass,
                testPerClass, downsample, subtractMean, null);
    }

    /**
     * A table: files {@code train} and {@code test} (both CSV, or both ending in .parquet), the image
     * shape {@code rows} x {@code cols}, and the per-class counts and mean subtraction of IDX data.
     */
    private static ReconstructSpec.Data readTable(Node d, Path baseDir) {
        Map<String, String> written = new LinkedHashMap<>();
        String train = DataReader.location(d, "train", baseDir, true, written);
        String test = DataReader.location(d, "test", baseDir, true, written);
        Integer rows = d.intAtLeast("rows", 1);
        Integer cols = d.intAtLeast("cols", 1);
        Integer trainPerClass = d.intAtLeast("train-per-class", 1);
        Integer testPerClass = d.intAtLeast("test-per-class", 1);
        Boolean subtractMean = d.bool("subtract-mean");
        boolean classLabels = d.has("classes");
        int[][] classes = classLabels ? readClasses(d) : new int[][] {{-1}, {1}};
        if (train != null && test != null && train.endsWith(".parquet") != test.endsWith(".parquet")) {
            d.problem("test", "must be a Parquet table (a name ending in .parquet) exactly when data.train is one, got "
                    + test + " beside " + train);
            test = null;
        }
        d.finish("data of kind table");
        if (train == null || test == null || rows == null || cols == null || trainPerClass == null
                || testPerClass == null || subtractMean == null || classes == null) {
            return null;
        }
        return new ReconstructSpec.Data(null, null, null, null, classes, trainPerClass, testPerClass, 1, subtractMean,
                new ReconstructSpec.Table(train, test, train.endsWith(".parquet"), rows, cols, classLabels));
    }

    /**
     * {@code data.classes}: two or more non-empty, disjoint lists of class indices in 0..255, or null (a
     * problem recorded).
     */
    private static int[][] readClasses(Node d) {
        String allowed = "two or more non-empty, disjoint lists of class indices in 0..255, [[a, ...], [b, ...], ...]:"
                + " with two groups the first gets label -1 and the second +1 (one output), with C >= 3 group g"
                + " gets label g (C outputs)";
        ConfigList groups = d.list("classes", allowed);
        if (groups == null) {
            return null;
        }
        int[][] classes = classGroups(groups);
        if (classes == null) {
            d.problem("classes", "must be " + allowed + ", got " + Node.got(groups));
            return null;
        }
        Set<Integer> seen = new HashSet<>();
        for (int[] group : classes) {
            for (int c : group) {
                if (!seen.add(c)) {
                    d.problem("classes", "the groups overlap: class " + c + " is in two; " + allowed);
                    return null;
                }
            }
        }
        return classes;
    }

    /** Two or more non-empty lists of distinct classes in 0..255, or null. */
    private static int[][] classGroups(ConfigList groups) {
        if (groups.size() < 2) {
            return null;
        }
        int[][] out = new int[groups.size()][];
        for (int g = 0; g < out.length; g++) {
            ConfigValue v = groups.get(g);
            if (v.valueType() != ConfigValueType.LIST || ((ConfigList) v).isEmpty()) {
                return null;
            }
            ConfigList list = (ConfigList) v;
            List<Integer> cs = new ArrayList<>();
            for (ConfigValue e : list) {
                Long l = Node.toLong(Node.numberOf(e));
                if (l == null || l < 0 || l > 255 || cs.contains(l.intValue())) {
                    return null;
                }
                cs.add(l.intValue());
            }
            out[g] = cs.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static ReconstructSpec.Model readModel(Node m) {
        Integer width = m.intAtLeast("width", 1);
        Long depth = m.integer("depth", 1, 2, null);
        Double init = m.number("init-scale", "a number > 0", x -> x > 0);
        ReconstructSpec.InitLayers layers = m.optional("init-layers", ReconstructSpec.InitLayers.ALL,
                k -> m.choice(k, INIT_LAYERS));
        m.finish("model");
        return width == null || depth == null || init == null || layers == null ? null
                : new ReconstructSpec.Model(width, depth.intValue(), init, layers);
    }

    private static ReconstructSpec.Train readTrain(Node t) {
        Integer epochs = t.intAtLeast("epochs", 1);
        Double lr = t.number("learning-rate", "a number > 0", x -> x > 0);
        Double threshold = t.number("loss-threshold", "a number >= 0 (0: train for every epoch)", x -> x >= 0);
        ReconstructSpec.Step step = t.optional("step", ReconstructSpec.Step.CONSTANT, k -> t.choice(k, STEPS));
        Double gradientThreshold = t.optional("gradient-threshold", 0.0,
                k -> t.number(k, "a number >= 0 (0: no gradient stop)", x -> x >= 0));
        double[] decays = null;
        String allowed = "a number >= 0 or a non-empty list of distinct numbers >= 0 (one model each)";
        ConfigValue v = t.value("weight-decay");
        if (v == null) {
            t.problem("weight-decay", "is missing; it must be " + allowed);
        } else {
            List<ConfigValue> values = v.valueType() == ConfigValueType.LIST ? new ArrayList<>((ConfigList) v)
                    : List.of(v);
            decays = new double[values.size()];
            Set<Double> seen = new HashSet<>();
            for (int i = 0; i < values.size() && decays != null; i++) {
                Number n = Node.numberOf(values.get(i));
                if (n == null || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
                        || !seen.add(n.doubleValue() + 0.0)) {
                    decays = null;
                } else {
                    decays[i] = n.doubleValue() + 0.0;
                }
            }
            if (decays == null || decays.length == 0) {
                t.problem("weight-decay", "must be " + allowed + ", got " + Node.got(v));
                decays = null;
            }
        }
        t.finish("train");
        return epochs == null || lr == null || threshold == null || decays == null || step == null
                || gradientThreshold == null ? null
                : new ReconstructSpec.Train(epochs, lr, decays, threshold, step, gradientThreshold);
    }
}
