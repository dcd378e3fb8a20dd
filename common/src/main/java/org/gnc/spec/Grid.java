package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gnc.model.Prior;

/**
 * The {@code grid} block of a sweep config while parsing: its axes sorted by path, each with its raw
 * values and their canonical texts, and the cells as the cartesian product of the axes, cell {@code c}
 * taking value {@code c} written in mixed radix (last axis fastest). The optional {@code linked} axis
 * ({@code grid { linked = [{...}, {...}] }}) is one axis of several settings that vary together: its
 * i-th value sets every setting of the i-th object; it takes its place among the axes by its first
 * setting's path. Guarantees, once read without issues: every axis has 1 to
 * {@link SweepSpecParser#MAX_CELLS} distinct values (distinct canonical texts; for the linked axis,
 * distinct tuples, each object naming the same settings), no setting is inside another or varied
 * twice, and none is a sweep-wide setting ({@link #NOT_AXES}). Immutable.
 */
final class Grid {

    /** Top-level settings that apply to the whole sweep and so cannot be grid axes. */
    static final Set<String> NOT_AXES = Set.of("sweep", "budget", "grid", "bounds", "baseline");

    /** The grid key of the linked axis. */
    static final String LINKED = "linked";

    /**
     * One setting varied by the grid: its path (split and joined), raw values and their canonical texts;
     * {@code linked} when it is a member of the linked axis (in messages: {@code grid.linked."path"}).
     */
    private record Axis(String path, List<String> elements, List<ConfigValue> values, List<String> texts,
                        boolean linked) {
        String key() {
            return "grid." + (linked ? LINKED + "." : "") + ConfigUtil.joinPath(path);
        }
    }

    /** The dimensions of the product: an ordinary axis alone, or the linked axis's settings together. */
    private final List<List<Axis>> dims;

    private Grid(List<List<Axis>> dims) {
        this.dims = dims.stream().map(List::copyOf).toList();
    }

    /** Every setting the grid varies, in dimension order. */
    private List<Axis> settings() {
        return dims.stream().flatMap(List::stream).toList();
    }

    /** Reads the grid (null or a null value: no axes), adding its problems to {@code issues}. */
    static Grid read(ConfigValue grid, Issues issues) {
        if (grid == null || grid.valueType() == ConfigValueType.NULL) {
            return new Grid(List.of());
        }
        if (grid.valueType() != ConfigValueType.OBJECT) {
            issues.add("grid", "must be an object mapping setting paths to lists of values, such as"
                    + " grid { \"student.widths\" = [[2], [8]], \"data.seed\" = [1, 2] }, got " + Node.got(grid));
            return new Grid(List.of());
        }
        ConfigObject obj = (ConfigObject) grid;
        List<Axis> axes = new ArrayList<>();
        flatten(obj.withoutKey(LINKED), List.of(), axes, issues);
        List<List<Axis>> dims = new ArrayList<>(axes.stream().map(List::of).toList());
        List<Axis> linked = readLinked(obj.get(LINKED), issues);
        if (!linked.isEmpty()) {
            dims.add(linked);
        }
        dims.sort(Comparator.comparing(d -> d.get(0).path()));
        List<Axis> all = dims.stream().flatMap(List::stream).toList();
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                Axis a = all.get(i);
                Axis b = all.get(j);
                if (i != j && b.elements().size() > a.elements().size()
                        && b.elements().subList(0, a.elements().size()).equals(a.elements())) {
                    issues.add(b.key(), "overlaps the grid axis " + a.path()
                            + "; a grid may vary a setting or settings inside it, not both");
                } else if (i < j && a.path().equals(b.path())) {
                    Axis twice = b.linked() ? b : a;
                    issues.add(twice.key(), "varies the setting that " + (twice == b ? a : b).key()
                            + " varies; a grid varies each setting once");
                }
            }
        }
        return new Grid(dims);
    }

    /**
     * The linked axis, {@code linked = [{...}, ...]}: a non-empty list of objects, each naming the same
     * settings (nested objects are followed down to their settings, so {@code {student.widths = [2]}}
     * and {@code {"student.widths" = [2]}} are the same), with distinct tuples of values. Its members,
     * sorted by path, each with the values of that setting in list order; empty when absent or faulty.
     */
    private static List<Axis> readLinked(ConfigValue linked, Issues issues) {
        String where = "grid." + LINKED;
        if (linked == null) {
            return List.of();
        }
        String example = " such as linked = [{ \"student.widths\" = [2], \"sampler.moves\" = 5 },"
                + " { \"student.widths\" = [32], \"sampler.moves\" = 20 }] (settings that vary together,"
                + " one cell per object)";
        if (linked.valueType() != ConfigValueType.LIST || ((ConfigList) linked).isEmpty()) {
            issues.add(where, "must be a non-empty list of objects," + example + ", got " + Node.got(linked));
            return List.of();
        }
        ConfigList list = (ConfigList) linked;
        if (list.size() > SweepSpecParser.MAX_CELLS) {
            issues.add(where, "must have at most " + SweepSpecParser.MAX_CELLS + " values");
            return List.of();
        }
        List<Map<List<String>, ConfigValue>> tuples = new ArrayList<>();
        for (ConfigValue v : list) {
            if (v.valueType() != ConfigValueType.OBJECT || ((ConfigObject) v).isEmpty()) {
                issues.add(where, "must be a list of non-empty objects," + example + ", got " + Node.got(v));
                return List.of();
            }
            Map<List<String>, ConfigValue> tuple = new LinkedHashMap<>();
            if (!leaves((ConfigObject) v, List.of(), tuple, issues)) {
                return List.of();
            }
            tuples.add(tuple);
        }
        Set<List<String>> paths = tuples.get(0).keySet();
        for (Map<List<String>, ConfigValue> tuple : tuples) {
            if (!tuple.keySet().equals(paths)) {
                issues.add(where, "must name the same settings in every object, got " + names(paths)
                        + " and " + names(tuple.keySet()));
                return List.of();
            }
        }
        List<Axis> members = new ArrayList<>();
        for (List<String> elements : paths) {
            String path = ConfigUtil.joinPath(elements);
            List<ConfigValue> values = tuples.stream().map(t -> t.get(elements)).toList();
            List<String> texts = values.stream().map(v -> canonicalValue(elements, v)).toList();
            Axis member = new Axis(path, List.copyOf(elements), values, texts, true);
            if (NOT_AXES.contains(elements.get(0))) {
                issues.add(member.key(), NOT_AN_AXIS);
                return List.of();
            }
            members.add(member);
        }
        members.sort(Comparator.comparing(Axis::path));
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            final int v = i;
            String tuple = members.stream().map(m -> m.path() + "=" + m.texts().get(v))
                    .collect(Collectors.joining(", ", "{", "}"));
            if (!seen.add(tuple)) {
                issues.add(where, "must list distinct values, got " + tuple + " twice");
                return List.of();
            }
        }
        return members;
    }

    /**
     * The settings of a linked value, objects followed down to their non-object values; false after
     * recording a key that is not a setting path.
     */
    private static boolean leaves(ConfigObject obj, List<String> prefix, Map<List<String>, ConfigValue> out,
                                  Issues issues) {
        for (String key : new TreeSet<>(obj.keySet())) {
            List<String> elements = settingPath(prefix, key, "grid." + LINKED + ".", issues);
            if (elements == null) {
                return false;
            }
            ConfigValue v = obj.get(key);
            if (v.valueType() == ConfigValueType.OBJECT) {
                if (!leaves((ConfigObject) v, elements, out, issues)) {
                    return false;
                }
            } else {
                out.put(List.copyOf(elements), v);
            }
        }
        return true;
    }

    private static String names(Set<List<String>> paths) {
        return paths.stream().map(ConfigUtil::joinPath).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    private static final String NOT_AN_AXIS = "cannot be a grid axis: only data.*, student.* and accept.*"
            + " settings define a cell, and sampler.* settings how it is sampled (sweep and budget settings"
            + " apply to every cell)";

    /**
     * {@code prefix} and then {@code key} split as a setting path; null after recording that it is not one
     * (at {@code where} and the path's elements, such as {@code grid."a..b"}).
     */
    private static List<String> settingPath(List<String> prefix, String key, String where, Issues issues) {
        List<String> elements = new ArrayList<>(prefix);
        try {
            elements.addAll(ConfigUtil.splitPath(key));
            return elements;
        } catch (ConfigException e) {
            elements.add(key);
            issues.add(where + ConfigUtil.joinPath(elements),
                    "is not a setting path such as student.widths");
            return null;
        }
    }

    private static void flatten(ConfigObject obj, List<String> prefix, List<Axis> axes, Issues issues) {
        for (String key : new TreeSet<>(obj.keySet())) {
            List<String> elements = settingPath(prefix, key, "grid.", issues);
            if (elements == null) {
                continue;
            }
            String path = ConfigUtil.joinPath(elements);
            String where = key(path);
            ConfigValue v = obj.get(key);
            if (v.valueType() == ConfigValueType.OBJECT) {
                flatten((ConfigObject) v, elements, axes, issues);
            } else if (v.valueType() != ConfigValueType.LIST) {
                issues.add(where, "must be a list of values for " + path + ", such as [1, 2, 3] (for a list"
                        + " setting, a list of lists such as [[2], [8]]), got " + Node.got(v));
            } else if (((ConfigList) v).isEmpty()) {
                issues.add(where, "must be a non-empty list of values for " + path + ", got []");
            } else if (NOT_AXES.contains(elements.get(0))) {
                issues.add(where, NOT_AN_AXIS);
            } else if (((ConfigList) v).size() > SweepSpecParser.MAX_CELLS) {
                issues.add(where, "must have at most " + SweepSpecParser.MAX_CELLS + " values");
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
                    axes.add(new Axis(path, List.copyOf(elements), values, texts, false));
                }
            }
        }
    }

    /** The key path of a grid axis in messages: {@code grid."student.widths"}. */
    private static String key(String path) {
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

    /**
     * The number of cells, the product of the axis lengths (1 without axes).
     *
     * @throws SpecException naming {@code grid} when it exceeds {@link SweepSpecParser#MAX_CELLS}
     */
    long cellCount(String origin) {
        long cellCount = 1;
        for (List<Axis> d : dims) {
            cellCount *= d.get(0).values().size(); // each factor <= MAX_CELLS after the checks in read
            if (cellCount > SweepSpecParser.MAX_CELLS) {
                throw new SpecException(origin, "grid", "must have at most " + SweepSpecParser.MAX_CELLS
                        + " cells, got more");
            }
        }
        return cellCount;
    }

    /** {@code base} with each axis setting replaced by its value in cell {@code c}. */
    Config cellConfig(Config base, long c) {
        int[] idx = indices(c);
        Config cfg = base;
        for (int d = 0; d < dims.size(); d++) {
            for (Axis axis : dims.get(d)) {
                cfg = cfg.withValue(axis.path(), axis.values().get(idx[d]));
            }
        }
        return cfg;
    }

    /** The canonical text of each axis's value in cell {@code c}, by axis path in axis order. */
    Map<String, String> axisValues(long c) {
        int[] idx = indices(c);
        Map<String, String> axisValues = new LinkedHashMap<>();
        for (int d = 0; d < dims.size(); d++) {
            for (Axis axis : dims.get(d)) {
                axisValues.put(axis.path(), axis.texts().get(idx[d]));
            }
        }
        return axisValues;
    }

    /** Indices of cell c along each axis, last axis varying fastest. */
    private int[] indices(long c) {
        int[] idx = new int[dims.size()];
        long r = c;
        for (int d = dims.size() - 1; d >= 0; d--) {
            int n = dims.get(d).get(0).values().size();
            idx[d] = (int) (r % n);
            r /= n;
        }
        return idx;
    }

    /** Cell {@code c} in messages: {@code data.seed=1, student.widths=8}. */
    String label(long c) {
        return axisValues(c).entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "\"\"" : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * Adds a problem for each axis whose path the cell reader never asked for (it names no setting),
     * replacing the unknown-key problems that the same mistake caused.
     */
    List<Issues.Issue> checkAxesNameSettings(Set<String> requested, List<Issues.Issue> issues) {
        List<Issues.Issue> out = new ArrayList<>(issues);
        for (Axis axis : settings()) {
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
            out.add(0, new Issues.Issue(axis.key(), "names no setting: there is no " + el.get(known) + " " + where
                    + " (settings there: " + String.join(", ", siblings) + ")", false));
        }
        return out;
    }

    /**
     * The varied settings as the parsed sweep keeps them: path and value texts, in dimension order (the
     * linked axis's settings one after another, each with its values in cell order).
     */
    List<GridAxis> axes() {
        return settings().stream().map(a -> new GridAxis(a.path(), a.texts())).toList();
    }
}
