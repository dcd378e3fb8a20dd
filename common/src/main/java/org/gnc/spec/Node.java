package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.gnc.model.Prior;

/**
 * A reader over one config object that records every key it is asked for, so that unread keys can be
 * reported as unknown, and turns type and value errors into {@link Issues} naming the key path and
 * what is allowed. Every getter returns null after recording a problem.
 */
final class Node {

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    /** A sweep's or a continual run's name: it names output folders, so letters, digits, '_', '.', '-'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final ConfigObject obj;
    private final Config cfg;
    private final String path;
    private final Issues issues;
    private final Set<String> requested;
    private final Set<String> localKeys = new TreeSet<>();

    private Node(ConfigObject obj, String path, Issues issues, Set<String> requested) {
        this.obj = obj;
        this.cfg = obj.toConfig();
        this.path = path;
        this.issues = issues;
        this.requested = requested;
    }

    /** A reader over the root object; {@code requested} collects the full path of every key asked for. */
    static Node root(ConfigObject obj, Issues issues, Set<String> requested) {
        return new Node(obj, "", issues, requested);
    }

    String path() {
        return path;
    }

    /** The full path of a key of this object, quoted as HOCON needs. */
    String pathOf(String key) {
        String k = ConfigUtil.joinPath(key);
        return path.isEmpty() ? k : path + "." + k;
    }

    /** Marks a key as known without reading it. */
    void skip(String key) {
        localKeys.add(key);
        requested.add(pathOf(key));
    }

    void problem(String key, String message) {
        issues.add(pathOf(key), message);
    }

    /** The value of a required key, or null after recording it as missing. */
    private ConfigValue required(String key, String allowed) {
        skip(key);
        ConfigValue v = obj.get(key);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            issues.add(pathOf(key), "missing required key; must be " + allowed);
            return null;
        }
        return v;
    }

    /** Reads a key through a Typesafe getter, translating its exceptions into a problem. */
    private <T> T typed(String key, String allowed, java.util.function.BiFunction<Config, String, T> getter) {
        ConfigValue v = required(key, allowed);
        if (v == null) {
            return null;
        }
        try {
            return getter.apply(cfg, ConfigUtil.joinPath(key));
        } catch (ConfigException.Missing e) {
            issues.add(pathOf(key), "missing required key; must be " + allowed);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            issues.add(pathOf(key), "must be " + allowed + ", got " + got(v));
        }
        return null;
    }

    Node object(String key) {
        ConfigObject o = typed(key, "an object { ... }", Config::getObject);
        return o == null ? null : new Node(o, pathOf(key), issues, requested);
    }

    String string(String key, String allowed) {
        return typed(key, allowed, Config::getString);
    }

    /** A name matching [A-Za-z0-9_.-]+ ({@code allowed} says so in messages); returned even when it does not. */
    String name(String key, String allowed) {
        String name = string(key, allowed);
        if (name != null && !NAME.matcher(name).matches()) {
            problem(key, "must be " + allowed + ", got \"" + name + "\"");
        }
        return name;
    }

    Boolean bool(String key) {
        return typed(key, "true or false", Config::getBoolean);
    }

    /** One of the names in {@code choices} (in the order given, for the message). */
    <E> E choice(String key, Map<String, E> choices) {
        String allowed = "one of " + String.join(" | ", choices.keySet());
        ConfigValue v = required(key, allowed);
        if (v == null) {
            return null;
        }
        E e = v.valueType() == ConfigValueType.STRING ? choices.get((String) v.unwrapped()) : null;
        if (e == null) {
            issues.add(pathOf(key), "must be " + allowed + ", got " + got(v));
        }
        return e;
    }

    /** The choices for {@link #choice} that are these names themselves, in this order. */
    static Map<String, String> choices(String... names) {
        return choices(names, n -> n);
    }

    /** The choices for {@link #choice}: each value under its config name, in the order given. */
    static <E> Map<String, E> choices(E[] values, Function<E, String> configName) {
        Map<String, E> m = new LinkedHashMap<>();
        for (E e : values) {
            m.putIfAbsent(configName.apply(e), e);
        }
        return Collections.unmodifiableMap(m);
    }

    /** An integer in min..max; {@code allowed} describes the range (null: derived from min and max). */
    Long integer(String key, long min, long max, String allowed) {
        String text = allowed != null ? allowed : integerText(min, max);
        Number n = typed(key, text, Config::getNumber);
        if (n == null) {
            return null;
        }
        Long l = toLong(n);
        if (l == null || l < min || l > max) {
            issues.add(pathOf(key), "must be " + text + ", got " + got(obj.get(key)));
            return null;
        }
        return l;
    }

    Integer intAtLeast(String key, int min) {
        Long l = integer(key, min, Integer.MAX_VALUE, null);
        return l == null ? null : l.intValue();
    }

    /** A finite number satisfying {@code ok}, described by {@code allowed}. */
    Double number(String key, String allowed, DoublePredicate ok) {
        Number n = typed(key, allowed, Config::getNumber);
        if (n == null) {
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || !ok.test(d)) {
            issues.add(pathOf(key), "must be " + allowed + ", got " + got(obj.get(key)));
            return null;
        }
        return d + 0.0; // -0.0 -> 0.0
    }

    /** A positive number of seconds: a number, or a HOCON duration such as "10 minutes". */
    Double seconds(String key) {
        String allowed = "a number of seconds > 0, or a duration such as \"10 minutes\"";
        ConfigValue v = required(key, allowed);
        if (v == null) {
            return null;
        }
        Double s = null;
        try {
            if (v.valueType() == ConfigValueType.NUMBER) {
                s = ((Number) v.unwrapped()).doubleValue();
            } else if (v.valueType() == ConfigValueType.STRING) {
                Duration d = cfg.getDuration(ConfigUtil.joinPath(key));
                s = d.getSeconds() + d.getNano() / 1e9;
            }
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            s = null;
        }
        if (s == null || !Double.isFinite(s) || !(s > 0)) {
            issues.add(pathOf(key), "must be " + allowed + ", got " + got(v));
            return null;
        }
        return s;
    }

    /** A list of any values ({@code allowed} describes what the list must hold). */
    ConfigList list(String key, String allowed) {
        return typed(key, allowed, Config::getList);
    }

    /** Hidden-layer widths: a list of integers >= 1, possibly empty. */
    List<Integer> widths(String key) {
        ConfigList list = typed(key, "a list of integers >= 1 such as [8] or [16, 16] ([] for a perceptron;"
                + " in a grid, a list of such lists)", Config::getList);
        if (list == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            ConfigValue e = list.get(i);
            Long l = toLong(numberOf(e));
            if (l == null || l < 1 || l > Integer.MAX_VALUE) {
                issues.add(pathOf(key) + "[" + i + "]", "must be an integer >= 1, got " + got(e));
                ok = false;
            } else {
                out.add(l.intValue());
            }
        }
        return ok ? out : null;
    }

    /**
     * A list of objects, each as a reader whose path is {@code key[i]} (so its problems name
     * {@code key[i].sub}); {@code allowed} describes the list.
     */
    List<Node> objects(String key, String allowed) {
        return elements(key, allowed, (where, e) -> {
            if (e.valueType() != ConfigValueType.OBJECT) {
                issues.add(where, "must be an object { kind = ... }, got " + got(e));
                return null;
            }
            return new Node((ConfigObject) e, where, issues, requested);
        });
    }

    /** An optional key read by {@code read}, or {@code absent} when the key is absent (it is marked as known). */
    <T> T optional(String key, T absent, Function<String, T> read) {
        if (!has(key)) {
            skip(key);
            return absent;
        }
        return read.apply(key);
    }

    /** Records a problem at {@code key} followed by {@code suffix}, such as {@code layers} and {@code [0].kernel}. */
    void problem(String key, String suffix, String message) {
        issues.add(pathOf(key) + suffix, message);
    }

    /** A non-empty list of distinct finite numbers, sorted increasingly. */
    double[] levels(String key) {
        String allowed = "a non-empty list of distinct finite numbers, such as [-1, 0, 1]";
        ConfigList list = typed(key, allowed, Config::getList);
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            issues.add(pathOf(key), "must be " + allowed + ", got []");
            return null;
        }
        double[] out = new double[list.size()];
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            Number n = numberOf(list.get(i));
            if (n == null || !Double.isFinite(n.doubleValue())) {
                issues.add(pathOf(key) + "[" + i + "]", "must be a finite number, got " + got(list.get(i)));
                ok = false;
            } else {
                out[i] = n.doubleValue() + 0.0;
            }
        }
        if (!ok) {
            return null;
        }
        Arrays.sort(out);
        Set<Double> seen = new HashSet<>();
        for (double d : out) {
            if (!seen.add(d)) {
                issues.add(pathOf(key), "must be " + allowed + ", got " + Prior.formatNumber(d)
                        + " more than once in " + got(list));
                return null;
            }
        }
        return out;
    }

    /** Whether the key is present with a non-null value (does not mark it as known). */
    boolean has(String key) {
        ConfigValue v = obj.get(key);
        return v != null && v.valueType() != ConfigValueType.NULL;
    }

    /** The raw value of a key, marking it as known (null when absent). */
    ConfigValue value(String key) {
        skip(key);
        return obj.get(key);
    }

    /** A list of integers (in the long range), possibly empty. */
    List<Long> integers(String key, String allowed) {
        return elements(key, allowed, (where, e) -> {
            Long l = toLong(numberOf(e));
            if (l == null) {
                issues.add(where, "must be an integer, got " + got(e));
            }
            return l;
        });
    }

    /** A list of strings, numbers or booleans, each as its canonical text; possibly empty. */
    List<String> strings(String key, String allowed) {
        return elements(key, allowed, (where, e) -> {
            if (e.valueType() == ConfigValueType.LIST || e.valueType() == ConfigValueType.OBJECT
                    || e.valueType() == ConfigValueType.NULL) {
                issues.add(where, "must be a string or a number, got " + got(e));
                return null;
            }
            return Grid.canonicalValue(List.of(), e);
        });
    }

    /**
     * The elements of a list key, each read by {@code element} from its path ({@code key[i]}) and value;
     * null as soon as one element is null (its reader recorded the problem). Possibly empty.
     */
    private <T> List<T> elements(String key, String allowed, BiFunction<String, ConfigValue, T> element) {
        ConfigList list = typed(key, allowed, Config::getList);
        if (list == null) {
            return null;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            T t = element.apply(pathOf(key) + "[" + i + "]", list.get(i));
            if (t == null) {
                return null;
            }
            out.add(t);
        }
        return out;
    }

    /** {@code all} (returned as -1) or an integer &gt;= 1. */
    Integer countOrAll(String key) {
        String allowed = "all, or an integer >= 1";
        ConfigValue v = required(key, allowed);
        if (v == null) {
            return null;
        }
        if (v.valueType() == ConfigValueType.STRING && "all".equals(v.unwrapped())) {
            return -1;
        }
        Long l = toLong(numberOf(v));
        if (l == null || l < 1 || l > Integer.MAX_VALUE) {
            issues.add(pathOf(key), "must be " + allowed + ", got " + got(v));
            return null;
        }
        return l.intValue();
    }

    /** Reports every key of this object that was not asked for; {@code where} names the object. */
    void finish(String where) {
        for (String key : new TreeSet<>(obj.keySet())) {
            if (!localKeys.contains(key)) {
                issues.unknown(pathOf(key), "unknown key; allowed keys in " + where + ": "
                        + String.join(", ", localKeys));
            }
        }
    }

    /** The integer value of a number, or null when it is not an integer in the long range. */
    static Long toLong(Number n) {
        if (n == null) {
            return null;
        }
        if (n instanceof Integer || n instanceof Long) {
            return n.longValue();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) {
            return null;
        }
        return (long) d;
    }

    /** A value as a number with Typesafe's conversions (numeric strings count), or null. */
    static Number numberOf(ConfigValue v) {
        if (v == null) {
            return null;
        }
        try {
            return v.atKey("v").getNumber("v");
        } catch (ConfigException e) {
            return null;
        }
    }

    static String integerText(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "a 64-bit integer";
        }
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "an integer >= " + min;
        }
        return "an integer in " + min + ".." + max;
    }

    /** A short rendering of a value for messages. */
    static String got(ConfigValue v) {
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        String r = v.render(CONCISE);
        return r.length() > 80 ? r.substring(0, 77) + "..." : r;
    }
}
