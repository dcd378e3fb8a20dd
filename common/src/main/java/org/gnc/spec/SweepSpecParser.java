package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gnc.model.Activation;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Prior;

/**
 * Reads a sweep config (HOCON) once into a validated, immutable {@link SweepSpec}.
 *
 * <p>Steps: parse the file or text; apply {@code key=value} overrides on top (later ones win; each
 * replaces the whole value at its path, objects included); resolve
 * substitutions; read {@code sweep} and the {@code grid} axes (sorted by path); then, for every grid
 * point, replace each axis setting by its value, merge the built-in defaults
 * ({@code org/gnc/spec/gnc-defaults.conf}) under it, and validate the whole cell. Every problem
 * found (unknown keys, wrong types, missing keys, bad values) is collected into one
 * {@link SpecException} naming the key paths and what is allowed; problems that only some grid cells
 * have name the first such cell. Stateless and thread-safe.
 */
public final class SweepSpecParser {

    /** Grids larger than this are rejected (one cell is one Spark sampling job's worth of work). */
    public static final long MAX_CELLS = 1_000_000;

    private static final Config DEFAULTS = ConfigFactory.parseResources(SweepSpecParser.class,
            "gnc-defaults.conf", ConfigParseOptions.defaults().setAllowMissing(false)).resolve();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String NAME_ALLOWED = "a non-empty name of letters, digits, '_', '.' and '-'"
            + " (matching [A-Za-z0-9_.-]+)";
    private static final String TEACHER_STUDENT = "teacher-student";
    private static final String TABLE = "table";
    private static final String IDX = "idx";
    private static final Map<String, String> DATA_KINDS = names(TEACHER_STUDENT, TABLE, IDX);
    private static final Map<String, String> TABLE_FORMATS = names("auto", "csv", "parquet");
    private static final Map<String, Boolean> SELECTIONS = new LinkedHashMap<>(Map.of("first", false));

    static {
        SELECTIONS.put("random", true);
    }
    private static final Map<String, DataSpec.Standardization> STANDARDIZATIONS = Arrays.stream(
            DataSpec.Standardization.values()).collect(Collectors.toMap(DataSpec.Standardization::configName,
                    k -> k, (a, b) -> a, LinkedHashMap::new));
    /** A URI scheme of two or more characters (so a Windows drive letter is not one). */
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final Map<String, String> PRIOR_KINDS = names("levels", "quantized", "uniform", "gaussian");
    private static final Map<String, InputKind> INPUT_KINDS = Arrays.stream(InputKind.values())
            .collect(Collectors.toMap(InputKind::configName, k -> k, (a, b) -> a, LinkedHashMap::new));
    private static final Map<String, Activation> ACTIVATIONS = Arrays.stream(Activation.values())
            .collect(Collectors.toMap(Activation::configName, a -> a, (a, b) -> a, LinkedHashMap::new));
    /** Top-level settings that apply to the whole sweep and so cannot be grid axes. */
    private static final Set<String> NOT_AXES = Set.of("sweep", "budget", "grid", "bounds", "baseline");
    private static final ConfigRenderOptions JSON = ConfigRenderOptions.concise().setJson(true).setFormatted(true);

    private SweepSpecParser() {
    }

    /**
     * Parses a sweep config file with {@code key=value} overrides applied on top (null or empty for
     * none). Table paths resolve against the file's directory.
     *
     * @throws SpecException naming the file, the override, or the key paths at fault
     */
    public static SweepSpec parse(Path file, List<String> overrides) {
        Path abs = file.toAbsolutePath().normalize();
        String origin = HoconFiles.origin(abs);
        Config user = HoconFiles.readFile(abs, "sweep config");
        return build(user, overrides, abs.getParent(), origin, abs);
    }

    /**
     * Parses sweep config text; table paths resolve against {@code baseDir} (the working directory
     * when null); {@code originName} names the text in messages.
     */
    public static SweepSpec parseText(String hocon, Path baseDir, String originName) {
        return parseText(hocon, baseDir, originName, List.of());
    }

    /** As {@link #parseText(String, Path, String)}, with {@code key=value} overrides applied on top. */
    public static SweepSpec parseText(String hocon, Path baseDir, String originName, List<String> overrides) {
        String origin = originName == null ? "<text>" : originName;
        Config user = HoconFiles.readText(hocon, origin);
        Path dir = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
        return build(user, overrides, dir, origin, null);
    }

    // ---------------------------------------------------------------------------------------------

    /** One grid axis while parsing: its path (split and joined), raw values and their canonical texts. */
    private record Axis(String path, List<String> elements, List<ConfigValue> values, List<String> texts) {
    }

    /** A validated data block, with its file paths as written, by key (for the cell id). */
    private record DataRead(DataSpec spec, Map<String, String> written) {
    }

    private static SweepSpec build(Config user, List<String> overrides, Path baseDir, String origin, Path source) {
        Config base;
        try {
            base = HoconFiles.applyOverrides(user, overrides, origin, "student.widths=[16]").resolve();
        } catch (ConfigException e) {
            throw new SpecException(origin, "", "cannot resolve substitutions: " + e.getMessage(), e);
        }

        Issues top = new Issues();
        Node root = Node.root(base.root(), top, new HashSet<>());
        String name = null;
        Long seed = null;
        Node sweep = root.object("sweep");
        if (sweep != null) {
            name = sweep.string("name", NAME_ALLOWED);
            if (name != null && !NAME.matcher(name).matches()) {
                sweep.problem("name", "must be " + NAME_ALLOWED + ", got \"" + name + "\"");
            }
            seed = sweep.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            sweep.finish("sweep");
        }
        Node withDefaults = Node.root(withDefaults(base).root(), top, new HashSet<>());
        BoundsSpec bounds = readBounds(withDefaults.object("bounds"));
        BaselineSpec baseline = readBaseline(withDefaults.object("baseline"));
        Issues gridIssues = new Issues();
        List<Axis> axes = readGrid(base.root().get("grid"), gridIssues);
        List<SpecException.Problem> problems = new ArrayList<>();
        top.list().forEach(i -> problems.add(i.problem()));
        if (!gridIssues.isEmpty()) {
            gridIssues.list().forEach(i -> problems.add(i.problem()));
            throw new SpecException(origin, problems);
        }

        long cellCount = 1;
        for (Axis a : axes) {
            cellCount *= a.values().size(); // each factor <= MAX_CELLS after the check in readGrid
            if (cellCount > MAX_CELLS) {
                throw new SpecException(origin, "grid", "must have at most " + MAX_CELLS + " cells, got more");
            }
        }

        Config cellBase = base.withoutPath("grid");
        Map<SpecException.Problem, List<Integer>> problemCells = new LinkedHashMap<>();
        List<CellSpec> cells = new ArrayList<>();
        Map<String, Integer> cellById = new HashMap<>();
        for (int c = 0; c < cellCount; c++) {
            int[] idx = indices(axes, c);
            Config cfg = cellBase;
            Map<String, String> axisValues = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                cfg = cfg.withValue(axis.path(), axis.values().get(idx[a]));
                axisValues.put(axis.path(), axis.texts().get(idx[a]));
            }
            Issues issues = new Issues();
            Set<String> requested = new HashSet<>();
            CellSpec cell = readCell(withDefaults(cfg), axisValues, baseDir, issues, requested);
            List<Issues.Issue> found = checkAxesNameSettings(axes, requested, issues.list());
            for (Issues.Issue i : found) {
                problemCells.computeIfAbsent(i.problem(), k -> new ArrayList<>()).add(c);
            }
            if (found.isEmpty() && cell != null) {
                Integer earlier = cellById.putIfAbsent(cell.id(), c);
                if (earlier != null) {
                    problemCells.computeIfAbsent(new SpecException.Problem("grid", "cells {" + label(axes, earlier)
                            + "} and {" + label(axes, c) + "} have identical settings (id " + cell.id()
                            + "); grid values must be distinct"), k -> new ArrayList<>()).add(c);
                }
                cells.add(cell);
            }
        }
        if (!problemCells.isEmpty() || !problems.isEmpty()) {
            final long total = cellCount;
            problemCells.forEach((p, where) -> {
                if (total == 1 || where.size() == total || p.keyPath().equals("grid")) {
                    problems.add(p);
                } else {
                    String in = " (in grid cell {" + label(axes, where.get(0)) + "}"
                            + (where.size() > 1 ? " and " + (where.size() - 1) + " more" : "") + ")";
                    problems.add(new SpecException.Problem(p.keyPath(), p.message() + in));
                }
            });
            throw new SpecException(origin, problems);
        }

        List<GridAxis> gridAxes = axes.stream().map(a -> new GridAxis(a.path(), a.texts())).toList();
        String resolvedText = withDefaults(base).root().render(JSON);
        return new SweepSpec(name, seed, gridAxes, cells, resolvedText, source, bounds, baseline);
    }


    // ---------------------------------------------------------------------------------------------
    // Grid

    private static List<Axis> readGrid(ConfigValue grid, Issues issues) {
        if (grid == null || grid.valueType() == ConfigValueType.NULL) {
            return List.of();
        }
        if (grid.valueType() != ConfigValueType.OBJECT) {
            issues.add("grid", "must be an object mapping setting paths to lists of values, such as"
                    + " grid { \"student.widths\" = [[2], [8]], \"data.seed\" = [1, 2] }, got " + Node.got(grid));
            return List.of();
        }
        List<Axis> axes = new ArrayList<>();
        flattenGrid((ConfigObject) grid, List.of(), axes, issues);
        axes.sort(Comparator.comparing(Axis::path));
        for (int i = 0; i < axes.size(); i++) {
            for (int j = 0; j < axes.size(); j++) {
                Axis a = axes.get(i);
                Axis b = axes.get(j);
                if (i != j && b.elements().size() > a.elements().size()
                        && b.elements().subList(0, a.elements().size()).equals(a.elements())) {
                    issues.add(gridKey(b.path()), "overlaps the grid axis " + a.path()
                            + "; a grid may vary a setting or settings inside it, not both");
                }
            }
        }
        return axes;
    }

    private static void flattenGrid(ConfigObject obj, List<String> prefix, List<Axis> axes, Issues issues) {
        for (String key : new TreeSet<>(obj.keySet())) {
            List<String> elements = new ArrayList<>(prefix);
            try {
                elements.addAll(ConfigUtil.splitPath(key));
            } catch (ConfigException e) {
                elements.add(key);
                issues.add(gridKey(ConfigUtil.joinPath(elements)), "is not a setting path such as student.widths");
                continue;
            }
            String path = ConfigUtil.joinPath(elements);
            String where = gridKey(path);
            ConfigValue v = obj.get(key);
            if (v.valueType() == ConfigValueType.OBJECT) {
                flattenGrid((ConfigObject) v, elements, axes, issues);
            } else if (v.valueType() != ConfigValueType.LIST) {
                issues.add(where, "must be a list of values for " + path + ", such as [1, 2, 3] (for a list"
                        + " setting, a list of lists such as [[2], [8]]), got " + Node.got(v));
            } else if (((ConfigList) v).isEmpty()) {
                issues.add(where, "must be a non-empty list of values for " + path + ", got []");
            } else if (NOT_AXES.contains(elements.get(0))) {
                issues.add(where, "cannot be a grid axis: only data.*, student.* and accept.* settings"
                        + " define a cell (sweep and budget settings apply to every cell)");
            } else if (((ConfigList) v).size() > MAX_CELLS) {
                issues.add(where, "must have at most " + MAX_CELLS + " values");
            } else {
                List<ConfigValue> values = List.copyOf((ConfigList) v);
                List<String> texts = new ArrayList<>();
                boolean distinct = true;
                for (ConfigValue value : values) {
                    String t = canonicalValue(elements, value);
                    if (texts.contains(t)) {
                        issues.add(where, "must list distinct values, got " + (t.isEmpty() ? "[]" : t) + " twice");
                        distinct = false;
                        break;
                    }
                    texts.add(t);
                }
                if (distinct) {
                    axes.add(new Axis(path, List.copyOf(elements), values, texts));
                }
            }
        }
    }

    private static String gridKey(String path) {
        return "grid." + ConfigUtil.joinPath(path);
    }

    /**
     * Canonical text of a grid value: widths lists as "8", "16x16" or ""; integral numbers without a
     * fraction; strings and booleans as they are; other lists as [a,b]; objects as {k=v,...} by key.
     */
    static String canonicalValue(List<String> path, ConfigValue v) {
        switch (v.valueType()) {
            case NUMBER: {
                Object n = v.unwrapped();
                if (n instanceof Integer || n instanceof Long) {
                    return n.toString();
                }
                return Prior.formatNumber(((Number) n).doubleValue());
            }
            case LIST: {
                ConfigList list = (ConfigList) v;
                boolean widths = !path.isEmpty() && path.get(path.size() - 1).equals("widths")
                        && list.stream().allMatch(e -> e.valueType() == ConfigValueType.NUMBER);
                String inner = list.stream().map(e -> canonicalValue(List.of(), e))
                        .collect(Collectors.joining(widths ? "x" : ","));
                return widths ? inner : "[" + inner + "]";
            }
            case OBJECT: {
                ConfigObject o = (ConfigObject) v;
                return new TreeSet<>(o.keySet()).stream()
                        .map(k -> k + "=" + canonicalValue(List.of(k), o.get(k)))
                        .collect(Collectors.joining(",", "{", "}"));
            }
            case NULL:
                return "null";
            default:
                return String.valueOf(v.unwrapped());
        }
    }

    /** Indices of cell c along each axis, last axis varying fastest. */
    private static int[] indices(List<Axis> axes, long c) {
        int[] idx = new int[axes.size()];
        long r = c;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int n = axes.get(a).values().size();
            idx[a] = (int) (r % n);
            r /= n;
        }
        return idx;
    }

    private static String label(List<Axis> axes, long c) {
        int[] idx = indices(axes, c);
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < axes.size(); a++) {
            String t = axes.get(a).texts().get(idx[a]);
            sb.append(a == 0 ? "" : ", ").append(axes.get(a).path()).append('=').append(t.isEmpty() ? "\"\"" : t);
        }
        return sb.toString();
    }

    /**
     * Adds a problem for each axis whose path the cell reader never asked for (it names no setting),
     * replacing the unknown-key problems that the same mistake caused.
     */
    private static List<Issues.Issue> checkAxesNameSettings(List<Axis> axes, Set<String> requested,
                                                           List<Issues.Issue> issues) {
        List<Issues.Issue> out = new ArrayList<>(issues);
        for (Axis axis : axes) {
            if (requested.contains(axis.path())) {
                continue;
            }
            String p = axis.path();
            out.removeIf(i -> i.unknownKey() && (i.keyPath().equals(p) || i.keyPath().startsWith(p + ".")
                    || p.startsWith(i.keyPath() + ".")));
            List<String> el = axis.elements();
            int known = 0;
            while (known < el.size() && requested.contains(ConfigUtil.joinPath(el.subList(0, known + 1)))) {
                known++;
            }
            List<String> parent = el.subList(0, known);
            Set<String> siblings = new TreeSet<>();
            for (String r : requested) {
                List<String> re = ConfigUtil.splitPath(r);
                if (re.size() == known + 1 && re.subList(0, known).equals(parent)
                        && !(known == 0 && NOT_AXES.contains(re.get(0)))) {
                    siblings.add(re.get(known));
                }
            }
            String where = known == 0 ? "at the top level" : "in " + ConfigUtil.joinPath(parent);
            out.add(0, new Issues.Issue(gridKey(p), "names no setting: there is no " + el.get(known) + " " + where
                    + " (settings there: " + String.join(", ", siblings) + ")", false));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Defaults

    /** Merges the built-in defaults under a cell's (or the base) config; see gnc-defaults.conf. */
    static Config withDefaults(Config c) {
        Config out = fillMissing(c.root(), DEFAULTS.getObject("top")).toConfig();
        ConfigObject network = DEFAULTS.getObject("network");
        out = mergeUnder(out, List.of("student"), network);
        out = mergeUnder(out, List.of("data", "teacher"), network);
        ConfigValue dataKind = valueAt(out, List.of("data", "kind"));
        ConfigObject dataDefaults = DEFAULTS.getObject("data-kind");
        if (dataKind != null && dataKind.valueType() == ConfigValueType.STRING
                && dataDefaults.get((String) dataKind.unwrapped()) instanceof ConfigObject d) {
            out = mergeUnder(out, List.of("data"), d);
        }
        ConfigObject priorDefaults = DEFAULTS.getObject("prior-kind");
        for (List<String> prior : List.of(List.of("student", "prior"), List.of("data", "teacher", "prior"))) {
            List<String> kindPath = new ArrayList<>(prior);
            kindPath.add("kind");
            ConfigValue kind = valueAt(out, kindPath);
            if (kind != null && kind.valueType() == ConfigValueType.STRING
                    && priorDefaults.get((String) kind.unwrapped()) instanceof ConfigObject d) {
                out = mergeUnder(out, prior, d);
            }
        }
        return out;
    }

    private static ConfigValue valueAt(Config c, List<String> path) {
        ConfigValue v = c.root();
        for (String e : path) {
            if (!(v instanceof ConfigObject o)) {
                return null;
            }
            v = o.get(e);
        }
        return v;
    }

    private static Config mergeUnder(Config c, List<String> path, ConfigObject defaults) {
        ConfigValue v = valueAt(c, path);
        if (v instanceof ConfigObject o) {
            return c.withValue(ConfigUtil.joinPath(path), fillMissing(o, defaults));
        }
        return c;
    }

    /**
     * Adds the keys of {@code defaults} that {@code o} lacks, recursively into objects both have.
     * (Not {@code withFallback}: an object that replaced a null, as in {@code prior = null, prior {...}},
     * ignores all fallbacks in Typesafe Config.)
     */
    private static ConfigObject fillMissing(ConfigObject o, ConfigObject defaults) {
        ConfigObject out = o;
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            ConfigValue mine = o.get(e.getKey());
            if (mine == null) {
                out = out.withValue(e.getKey(), e.getValue());
            } else if (mine instanceof ConfigObject m && e.getValue() instanceof ConfigObject d) {
                out = out.withValue(e.getKey(), fillMissing(m, d));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Cells

    private static CellSpec readCell(Config cfg, Map<String, String> axisValues, Path baseDir, Issues issues,
                                     Set<String> requested) {
        Node root = Node.root(cfg.root(), issues, requested);
        root.skip("sweep");
        root.skip("grid");
        root.skip("bounds");
        root.skip("baseline");
        Node d = root.object("data");
        DataRead data = d == null ? null : readData(d, baseDir);
        Node s = root.object("student");
        NetworkSpec student = s == null ? null : readNetwork(s, "the student network");

        Long maxTrainErrors = null;
        Node a = root.object("accept");
        if (a != null) {
            if (data != null && data.spec() instanceof DataSpec.TeacherStudent ts) {
                maxTrainErrors = a.integer("max-train-errors", 0, ts.trainSize(),
                        "an integer in 0.." + ts.trainSize() + " (0 = interpolation; at most data.train-size)");
            } else if (data != null && data.spec() instanceof DataSpec.Idx idx) {
                int n = 2 * idx.train().perClass();
                maxTrainErrors = a.integer("max-train-errors", 0, n, "an integer in 0.." + n
                        + " (0 = interpolation; at most the training-set size, 2 x data.train-per-class)");
            } else {
                maxTrainErrors = a.integer("max-train-errors", 0, Integer.MAX_VALUE, null);
            }
            a.finish("accept");
        }

        Budget budget = null;
        Node b = root.object("budget");
        if (b != null) {
            Long target = b.integer("target-accepted", 1, Long.MAX_VALUE, null);
            Long maxCandidates = b.integer("max-candidates", 1, Budget.MAX_CANDIDATES, "an integer in 1.."
                    + Budget.MAX_CANDIDATES + " (2^43: the RNG reserves 2^20 words per candidate in a 64-bit counter)");
            Double maxSeconds = b.seconds("max-seconds");
            b.finish("budget");
            if (target != null && maxCandidates != null && maxSeconds != null) {
                budget = new Budget(target, maxCandidates, maxSeconds);
            }
        }
        root.finish("a sweep config");
        if (!issues.isEmpty() || data == null || student == null || maxTrainErrors == null || budget == null) {
            return null;
        }
        int mte = maxTrainErrors.intValue();
        String text = CellIds.canonicalText(data.spec(), data.written(), student, mte);
        return new CellSpec(CellIds.idOf(text), data.spec(), student, mte, budget, axisValues);
    }

    private static BoundsSpec readBounds(Node n) {
        if (n == null) {
            return null;
        }
        Double delta = n.number("delta", "a number strictly between 0 and 1, such as 0.05", x -> x > 0 && x < 1);
        n.finish("bounds");
        return delta == null ? null : new BoundsSpec(delta);
    }

    private static BaselineSpec readBaseline(Node n) {
        if (n == null) {
            return null;
        }
        Long seeds = n.integer("seeds", 1, 1_000_000, null);
        BaselineSpec.Optimizer optimizer = n.choice("optimizer", enumNames(BaselineSpec.Optimizer.values()));
        Double rate = n.number("learning-rate", "a finite number > 0", x -> x > 0);
        Long epochs = n.integer("epochs", 1, 100_000_000, null);
        Long batch = n.integer("batch-size", 1, Integer.MAX_VALUE, null);
        BaselineSpec.Init init = n.choice("init", enumNames(BaselineSpec.Init.values()));
        BaselineSpec.Loss loss = n.choice("loss", enumNames(BaselineSpec.Loss.values()));
        n.finish("baseline");
        if (seeds == null || optimizer == null || rate == null || epochs == null || batch == null || init == null
                || loss == null) {
            return null;
        }
        return new BaselineSpec(seeds.intValue(), optimizer, rate, epochs.intValue(), batch.intValue(), init, loss);
    }

    private static <E extends Enum<E>> Map<String, E> enumNames(E[] values) {
        Map<String, E> m = new LinkedHashMap<>();
        for (E e : values) {
            m.put(BaselineSpec.configName(e), e);
        }
        return m;
    }

    private static DataRead readData(Node d, Path baseDir) {
        String kind = d.choice("kind", DATA_KINDS);
        if (kind == null) {
            return null;
        }
        if (kind.equals(TEACHER_STUDENT)) {
            InputKind input = d.choice("input", INPUT_KINDS);
            Integer dim = d.intAtLeast("dim", 1);
            Integer trainSize = d.intAtLeast("train-size", 1);
            Integer testSize = d.intAtLeast("test-size", 1);
            Long seed = d.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            Node t = d.object("teacher");
            NetworkSpec teacher = t == null ? null : readNetwork(t, "the teacher network");
            d.finish("data of kind teacher-student");
            if (input == null || dim == null || trainSize == null || testSize == null || seed == null
                    || teacher == null) {
                return null;
            }
            return new DataRead(new DataSpec.TeacherStudent(input, dim, trainSize, testSize, seed, teacher), Map.of());
        }
        return kind.equals(TABLE) ? readTable(d, baseDir) : readIdx(d, baseDir);
    }

    private static final String PATH_ALLOWED =
            "a non-empty file path (relative paths resolve against the config file's directory)";

    /**
     * A required file key: its local path resolved against {@code baseDir} (absolute, normalized), or
     * with {@code uris} a URI with a scheme kept as written; records the form as written in
     * {@code written}. Null after recording a problem.
     */
    private static String location(Node d, String key, Path baseDir, boolean uris, Map<String, String> written) {
        String allowed = uris ? PATH_ALLOWED + ", or a URI such as hdfs://host/dir/file" : PATH_ALLOWED;
        String s = d.string(key, allowed);
        if (s == null) {
            return null;
        }
        if (uris && URI_SCHEME.matcher(s).matches()) {
            written.put(key, s);
            return s;
        }
        try {
            if (s.isBlank()) {
                throw new InvalidPathException(s, "empty");
            }
            Path p = Path.of(s);
            written.put(key, p.normalize().toString().replace('\\', '/'));
            return baseDir.resolve(p).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            d.problem(key, "must be " + allowed + ", got \"" + s + "\"");
            return null;
        }
    }

    private static DataRead readTable(Node d, Path baseDir) {
        Map<String, String> written = new LinkedHashMap<>();
        String train = location(d, "train", baseDir, false, written);
        String test = location(d, "test", baseDir, false, written);
        String format = d.choice("format", TABLE_FORMATS);
        String label = d.string("label-column", "a column name");
        List<String> features = d.strings("feature-columns", "a list of column names ([] for every numeric column "
                + "other than the label, in order)");
        List<String> labelValues = d.strings("label-values", "[] (labels are -1 and +1) or two values [v, w], "
                + "v mapped to -1 and w to +1");
        if (train == null || test == null || format == null || label == null || features == null
                || labelValues == null) {
            d.finish("data of kind table");
            return null;
        }
        DataSpec.TableFormat f = switch (format) {
            case "csv" -> DataSpec.TableFormat.CSV;
            case "parquet" -> DataSpec.TableFormat.PARQUET;
            default -> train.endsWith(".parquet") && test.endsWith(".parquet") ? DataSpec.TableFormat.PARQUET
                    : !train.endsWith(".parquet") && !test.endsWith(".parquet") ? DataSpec.TableFormat.CSV : null;
        };
        boolean ok = true;
        if (f == null) {
            d.problem("format", "is auto, but one of train and test ends in .parquet and the other does not;"
                    + " set format = csv or format = parquet");
            ok = false;
        } else if (f == DataSpec.TableFormat.CSV) {
            Config defaults = DEFAULTS.getConfig("data-kind.table");
            for (String key : List.of("label-column", "feature-columns", "label-values")) {
                if (!d.value(key).equals(defaults.getValue(key))) {
                    d.problem(key, "applies only to Parquet tables (format = parquet, or paths ending in .parquet);"
                            + " a CSV table has its label in the last column");
                    ok = false;
                }
            }
        } else {
            if (label.isBlank()) {
                d.problem("label-column", "must be a non-empty column name");
                ok = false;
            }
            if (features.contains(label) || new HashSet<>(features).size() != features.size()) {
                d.problem("feature-columns", "must list distinct columns other than the label column \""
                        + label + "\", got " + features);
                ok = false;
            }
            if (!labelValues.isEmpty() && (labelValues.size() != 2 || labelValues.get(0).equals(labelValues.get(1)))) {
                d.problem("label-values", "must be [] (labels are -1 and +1) or two distinct values [v, w], v mapped"
                        + " to -1 and w to +1, got " + labelValues);
                ok = false;
            }
        }
        d.finish("data of kind table");
        if (!ok) {
            return null;
        }
        if (f == DataSpec.TableFormat.CSV) {
            return new DataRead(new DataSpec.Table(Path.of(train), Path.of(test)), written);
        }
        written.put("format", "parquet");
        written.put("label-column", label);
        written.put("feature-columns", "[" + String.join(",", features) + "]");
        written.put("label-values", "[" + String.join(",", labelValues) + "]");
        return new DataRead(new DataSpec.Table(Path.of(train), Path.of(test), f,
                new DataSpec.ParquetColumns(label, features, labelValues)), written);
    }

    private static DataRead readIdx(Node d, Path baseDir) {
        Map<String, String> written = new LinkedHashMap<>();
        String trainImages = location(d, "train-images", baseDir, true, written);
        String trainLabels = location(d, "train-labels", baseDir, true, written);
        String testImages = location(d, "test-images", baseDir, true, written);
        String testLabels = location(d, "test-labels", baseDir, true, written);
        List<Long> classes = d.integers("classes", "two distinct class indices in 0..255, [a, b]: class a gets"
                + " label -1 and class b label +1");
        if (classes != null && (classes.size() != 2 || classes.get(0).equals(classes.get(1))
                || classes.stream().anyMatch(c -> c < 0 || c > 255))) {
            d.problem("classes", "must be two distinct class indices in 0..255, [a, b] (class a gets label -1 and"
                    + " class b label +1), got " + classes);
            classes = null;
        }
        Integer trainPerClass = d.intAtLeast("train-per-class", 1);
        Boolean random = d.choice("train-select", SELECTIONS);
        Long seed = null;
        if (Boolean.TRUE.equals(random)) {
            seed = d.integer("train-seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
        } else if (d.has("train-seed")) {
            d.skip("train-seed");
            d.problem("train-seed", "applies only with train-select = random (the first images need no seed)");
        }
        Integer testPerClass = d.countOrAll("test-per-class");
        Boolean divide = d.bool("divide-by-255");
        Integer downsample = d.intAtLeast("downsample", 1);
        DataSpec.Standardization standardize = d.choice("standardize", STANDARDIZATIONS);
        d.finish("data of kind idx");
        if (trainImages == null || trainLabels == null || testImages == null || testLabels == null || classes == null
                || trainPerClass == null || random == null || (random && seed == null) || testPerClass == null
                || divide == null || downsample == null || standardize == null) {
            return null;
        }
        DataSpec.Subset train = random ? DataSpec.Subset.random(trainPerClass, seed) : DataSpec.Subset.first(trainPerClass);
        DataSpec.Subset test = testPerClass == DataSpec.Subset.ALL ? DataSpec.Subset.all()
                : DataSpec.Subset.first(testPerClass);
        return new DataRead(new DataSpec.Idx(trainImages, trainLabels, testImages, testLabels,
                classes.get(0).intValue(), classes.get(1).intValue(), train, test, divide, downsample, standardize),
                written);
    }

    private static NetworkSpec readNetwork(Node n, String what) {
        List<Integer> widths = n.widths("widths");
        Activation activation = n.choice("activation", ACTIVATIONS);
        Boolean bias = n.bool("bias");
        Boolean outputBias = n.bool("output-bias");
        Node p = n.object("prior");
        Prior prior = p == null ? null : readPrior(p);
        n.finish(what);
        if (widths == null || activation == null || bias == null || outputBias == null || prior == null) {
            return null;
        }
        return new NetworkSpec(widths, activation, bias, outputBias, prior);
    }

    private static Prior readPrior(Node p) {
        String kind = p.choice("kind", PRIOR_KINDS);
        if (kind == null) {
            return null;
        }
        Prior prior = null;
        switch (kind) {
            case "levels" -> {
                double[] levels = p.levels("levels");
                prior = levels == null ? null : new Prior.Levels(levels);
            }
            case "quantized" -> {
                Long bits = p.integer("bits", 1, 16, null);
                Double scale = p.number("scale", "a finite number > 0", x -> x > 0);
                prior = bits == null || scale == null ? null : new Prior.Quantized(bits.intValue(), scale);
            }
            case "uniform" -> {
                Double low = p.number("low", "a finite number", x -> true);
                Double high = p.number("high", "a finite number", x -> true);
                if (low != null && high != null) {
                    if (low < high) {
                        prior = new Prior.Uniform(low, high);
                    } else {
                        p.problem("high", "must be a finite number > low (" + Prior.formatNumber(low) + "), got "
                                + Prior.formatNumber(high));
                    }
                }
            }
            default -> {
                Double std = p.number("std", "a finite number > 0", x -> x > 0);
                prior = std == null ? null : new Prior.Gaussian(std);
            }
        }
        p.finish("a " + kind + " prior");
        return prior;
    }

    private static Map<String, String> names(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return Collections.unmodifiableMap(m);
    }
}
