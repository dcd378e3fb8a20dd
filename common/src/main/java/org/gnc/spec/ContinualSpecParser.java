package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gnc.spec.ContinualSpec.InputKind;
import org.gnc.spec.ContinualSpec.OrderingKind;

/**
 * Reads a continual-learning config (HOCON) into a validated {@link ContinualSpec}, with the same
 * machinery as {@link SweepSpecParser}: every problem (unknown key, wrong type, missing key, value out
 * of range, unknown ordering, a fixed order naming a task that does not exist) is collected into one
 * {@link SpecException} naming the key path and what is allowed, before anything runs. Task files are
 * only located here (paths relative to the config file); their contents are checked when they are
 * read ({@code org.gnc.continual.TaskFamily#read}), naming the file and line. Stateless.
 *
 * <pre>
 * continual { name = demo, seed = 1, seeds = 20, steps = 60
 *             orderings = [cyclic, random, permutation, fixed], fixed-order = [0, 1, 0, 2] }
 * tasks     { kind = generated, count = 3, dim = 10, size = 8, input = subspace, subspace-dim = 4 }
 *           # or tasks { kind = files, files = ["a.csv", "b.csv"] }
 * solver    { tolerance = 1e-10, max-sweeps = 1000000 }   # optional; these are the defaults
 * </pre>
 */
public final class ContinualSpecParser {
    /** Default KKT tolerance of the projections. */
    public static final double DEFAULT_TOLERANCE = 1e-10;
    /** Default cap on the dual coordinate-ascent sweeps of one projection. */
    public static final long DEFAULT_MAX_SWEEPS = 1_000_000;
    /** Upper bound on seeds x orderings x steps (rows of the steps table). */
    public static final long MAX_STEP_ROWS = 20_000_000;

    private static final String NAME_ALLOWED = "a non-empty name of letters, digits, '_', '.' and '-'";
    private static final Map<String, OrderingKind> ORDERINGS = Node.choices(OrderingKind.values(),
            OrderingKind::configName);
    private static final Map<String, InputKind> INPUTS = Node.choices(InputKind.values(), InputKind::configName);
    private static final Map<String, String> TASK_KINDS = Node.choices("generated", "files");

    private ContinualSpecParser() {
    }

    /** Parses a config file with {@code key=value} overrides (null or empty for none). */
    public static ContinualSpec parse(Path file, List<String> overrides) {
        Path abs = file.toAbsolutePath().normalize();
        String origin = HoconFiles.origin(abs);
        Config user = HoconFiles.readFile(abs, "continual config");
        return build(HoconFiles.applyOverrides(user, overrides, origin, "continual.steps=100"), abs.getParent(), origin, abs);
    }

    /** Parses config text; task files resolve against {@code baseDir}. */
    public static ContinualSpec parseText(String hocon, Path baseDir, String originName) {
        String origin = HoconFiles.textOrigin(originName);
        Config user = HoconFiles.readText(hocon, origin);
        return build(user, HoconFiles.textBaseDir(baseDir), origin, null);
    }

    private static ContinualSpec build(Config raw, Path baseDir, String origin, Path source) {
        Config base = HoconFiles.resolve(raw, origin);
        Issues issues = new Issues();
        Node root = Node.root(base.root(), issues, new HashSet<>());

        String name = null;
        Long seed = null;
        Integer seeds = null;
        Integer steps = null;
        List<OrderingKind> orderings = new ArrayList<>();
        List<Integer> fixedOrder = new ArrayList<>();
        ConfigList fixedRaw = null;
        Node c = root.object("continual");
        if (c != null) {
            name = c.name("name", NAME_ALLOWED);
            seed = c.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            seeds = c.intAtLeast("seeds", 1);
            steps = c.intAtLeast("steps", 1);
            String allowed = "a non-empty list of distinct orderings, each one of "
                    + String.join(" | ", ORDERINGS.keySet());
            ConfigList list = c.list("orderings", allowed);
            if (list != null && list.isEmpty()) {
                c.problem("orderings", "must be " + allowed + ", got []");
            } else if (list != null) {
                Set<OrderingKind> seen = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    ConfigValue v = list.get(i);
                    OrderingKind k = v.valueType() == ConfigValueType.STRING ? ORDERINGS.get((String) v.unwrapped()) : null;
                    if (k == null) {
                        issues.add(c.pathOf("orderings") + "[" + i + "]", "unknown ordering; must be one of "
                                + String.join(" | ", ORDERINGS.keySet()) + ", got " + Node.got(v));
                    } else if (!seen.add(k)) {
                        issues.add(c.pathOf("orderings") + "[" + i + "]", "lists " + k.configName() + " twice");
                    }
                }
                orderings.addAll(seen);
            }
            if (base.hasPath("continual.fixed-order") || orderings.contains(OrderingKind.FIXED)) {
                fixedRaw = c.list("fixed-order", "a non-empty list of task indices (0-based), such as [0, 1, 0, 2]"
                        + (orderings.contains(OrderingKind.FIXED) ? " (required because orderings lists fixed)" : ""));
            }
            c.finish("continual");
        }

        ContinualSpec.Tasks tasks = null;
        Node t = root.object("tasks");
        if (t != null) {
            String kind = t.choice("kind", TASK_KINDS);
            if ("generated".equals(kind)) {
                Integer count = t.intAtLeast("count", 1);
                Integer dim = t.intAtLeast("dim", 1);
                Integer size = t.intAtLeast("size", 1);
                InputKind input = t.choice("input", INPUTS);
                int r = 0;
                if (input == InputKind.SUBSPACE) {
                    Integer rr = t.intAtLeast("subspace-dim", 1);
                    if (rr != null && dim != null && rr > dim) {
                        t.problem("subspace-dim", "must be at most tasks.dim = " + dim + ", got " + rr);
                    } else if (rr != null) {
                        r = rr;
                    }
                }
                if (count != null && dim != null && size != null && input != null && (r > 0 || input != InputKind.SUBSPACE)) {
                    tasks = new ContinualSpec.Tasks.Generated(count, dim, size, input, r);
                }
            } else if ("files".equals(kind)) {
                String allowed = "a non-empty list of table files (features..., label +1/-1; no header), one per task";
                ConfigList files = t.list("files", allowed);
                if (files != null && files.isEmpty()) {
                    t.problem("files", "must be " + allowed + ", got []");
                } else if (files != null) {
                    List<Path> paths = new ArrayList<>();
                    for (int i = 0; i < files.size(); i++) {
                        ConfigValue v = files.get(i);
                        String key = t.pathOf("files") + "[" + i + "]";
                        if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
                            issues.add(key, "must be a file path, got " + Node.got(v));
                            continue;
                        }
                        try {
                            Path p = baseDir.resolve((String) v.unwrapped()).normalize();
                            if (!Files.isRegularFile(p)) {
                                issues.add(key, "no such file: " + p);
                            } else {
                                paths.add(p);
                            }
                        } catch (InvalidPathException e) {
                            issues.add(key, "is not a valid path: " + e.getMessage());
                        }
                    }
                    if (paths.size() == files.size()) {
                        tasks = new ContinualSpec.Tasks.Files(paths);
                    }
                }
            }
            t.finish("tasks");
        }

        double tolerance = DEFAULT_TOLERANCE;
        long maxSweeps = DEFAULT_MAX_SWEEPS;
        if (base.hasPath("solver")) {
            Node s = root.object("solver");
            if (s != null) {
                if (base.hasPath("solver.tolerance")) {
                    Double tol = s.number("tolerance", "a number in (0, 0.01]", d -> d > 0 && d <= 0.01);
                    tolerance = tol == null ? tolerance : tol;
                }
                if (base.hasPath("solver.max-sweeps")) {
                    Long m = s.integer("max-sweeps", 1, Long.MAX_VALUE, null);
                    maxSweeps = m == null ? maxSweeps : m;
                }
                s.finish("solver");
            }
        }
        root.finish("the top level");

        if (fixedRaw != null) {
            String key = "continual.fixed-order";
            if (fixedRaw.isEmpty()) {
                issues.add(key, "must be a non-empty list of task indices (0-based), got []");
            }
            for (int i = 0; i < fixedRaw.size(); i++) {
                Long l = Node.toLong(Node.numberOf(fixedRaw.get(i)));
                int count = tasks == null ? Integer.MAX_VALUE : tasks.count();
                if (l == null || l < 0 || l >= count) {
                    issues.add(key + "[" + i + "]", "must be a task index in 0.." + (count == Integer.MAX_VALUE
                            ? "T-1" : String.valueOf(count - 1)) + ", got " + Node.got(fixedRaw.get(i)));
                } else {
                    fixedOrder.add(l.intValue());
                }
            }
        }
        if (seeds != null && steps != null && !orderings.isEmpty()
                && (long) seeds * orderings.size() * steps > MAX_STEP_ROWS) {
            issues.add("continual.steps", "seeds x orderings x steps must be at most " + MAX_STEP_ROWS
                    + " (rows of the steps table), got " + (long) seeds * orderings.size() * steps);
        }
        if (!issues.isEmpty()) {
            throw new SpecException(origin, issues.list().stream().map(Issues.Issue::problem).toList());
        }
        return new ContinualSpec(name, seed, seeds, steps, orderings, fixedOrder, tasks, tolerance, maxSweeps,
                HoconFiles.json(base), source);
    }
}
