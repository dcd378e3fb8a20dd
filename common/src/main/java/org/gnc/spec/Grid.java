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
 * taking value {@code c} written in mixed radix (last axis fastest). Guarantees, once read without
 * issues: every axis has 1 to {@link SweepSpecParser#MAX_CELLS} distinct values (distinct canonical
 * texts), no axis is inside another, and none is a sweep-wide setting ({@link #NOT_AXES}). Immutable.
 */
final class Grid {

    /** Top-level settings that apply to the whole sweep and so cannot be grid axes. */
    static final Set<String> NOT_AXES = Set.of("sweep", "budget", "grid", "bounds", "baseline");

    /** One grid axis: its path (split and joined), raw values and their canonical texts. */
    private record Axis(String path, List<String> elements, List<ConfigValue> values, List<String> texts) {
    }

    private final List<Axis> axes;

    private Grid(List<Axis> axes) {
        this.axes = List.copyOf(axes);
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
        List<Axis> axes = new ArrayList<>();
        flatten((ConfigObject) grid, List.of(), axes, issues);
        axes.sort(Comparator.comparing(Axis::path));
        for (int i = 0; i < axes.size(); i++) {
            for (int j = 0; j < axes.size(); j++) {
                Axis a = axes.get(i);
                Axis b = axes.get(j);
                if (i != j && b.elements().size() > a.elements().size()
                        && b.elements().subList(0, a.elements().size()).equals(a.elements())) {
                    issues.add(key(b.path()), "overlaps the grid axis " + a.path()
                            + "; a grid may vary a setting or settings inside it, not both");
                }
            }
        }
        return new Grid(axes);
    }

    private static void flatten(ConfigObject obj, List<String> prefix, List<Axis> axes, Issues issues) {
        for (String key : new TreeSet<>(obj.keySet())) {
            List<String> elements = new ArrayList<>(prefix);
            try {
                elements.addAll(ConfigUtil.splitPath(key));
            } catch (ConfigException e) {
                elements.add(key);
                issues.add(key(ConfigUtil.joinPath(elements)), "is not a setting path such as student.widths");
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
                issues.add(where, "cannot be a grid axis: only data.*, student.* and accept.* settings"
                        + " define a cell, and sampler.* settings how it is sampled (sweep and budget settings"
                        + " apply to every cell)");
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
                    axes.add(new Axis(path, List.copyOf(elements), values, texts));
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
        for (Axis a : axes) {
            cellCount *= a.values().size(); // each factor <= MAX_CELLS after the check in read
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
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            cfg = cfg.withValue(axis.path(), axis.values().get(idx[a]));
        }
        return cfg;
    }

    /** The canonical text of each axis's value in cell {@code c}, by axis path in axis order. */
    Map<String, String> axisValues(long c) {
        int[] idx = indices(c);
        Map<String, String> axisValues = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            axisValues.put(axis.path(), axis.texts().get(idx[a]));
        }
        return axisValues;
    }

    /** Indices of cell c along each axis, last axis varying fastest. */
    private int[] indices(long c) {
        int[] idx = new int[axes.size()];
        long r = c;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int n = axes.get(a).values().size();
            idx[a] = (int) (r % n);
            r /= n;
        }
        return idx;
    }

    /** Cell {@code c} in messages: {@code data.seed=1, student.widths=8}. */
    String label(long c) {
        int[] idx = indices(c);
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
    List<Issues.Issue> checkAxesNameSettings(Set<String> requested, List<Issues.Issue> issues) {
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
            out.add(0, new Issues.Issue(key(p), "names no setting: there is no " + el.get(known) + " " + where
                    + " (settings there: " + String.join(", ", siblings) + ")", false));
        }
        return out;
    }

    /** The axes as the parsed sweep keeps them: path and value texts. */
    List<GridAxis> axes() {
        return axes.stream().map(a -> new GridAxis(a.path(), a.texts())).toList();
    }
}
