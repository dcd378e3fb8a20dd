package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in defaults of a sweep config ({@code org/gnc/spec/gnc-defaults.conf}) and how they are
 * merged under a user's config: the {@code top} block under the whole config, {@code network} under
 * {@code student} and {@code data.teacher}, the block of the data kind under {@code data} and the block
 * of each prior kind under its prior, each only where the user's value is an object. A key the user
 * set is never replaced. Immutable after class loading.
 */
final class SpecDefaults {

    private static final Config DEFAULTS = ConfigFactory.parseResources(SpecDefaults.class,
            "gnc-defaults.conf", ConfigParseOptions.defaults().setAllowMissing(false)).resolve();

    private SpecDefaults() {
    }

    /** The defaults of a table data block (format, label-column, feature-columns, label-values). */
    static Config table() {
        return DEFAULTS.getConfig("data-kind.table");
    }

    /** The defaults of a data block of kind generated. */
    static Config generated() {
        return DEFAULTS.getConfig("data-kind.generated");
    }

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
}
