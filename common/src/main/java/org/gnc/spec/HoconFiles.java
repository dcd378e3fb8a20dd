package org.gnc.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading HOCON configs (files, text, command-line overrides) with errors that name the file or key. */
final class HoconFiles {
    private static final ConfigRenderOptions JSON = ConfigRenderOptions.concise().setJson(true).setFormatted(true);

    private HoconFiles() {
    }

    /** The name config text goes by in messages: {@code originName}, or {@code <text>} when null. */
    static String textOrigin(String originName) {
        return originName == null ? "<text>" : originName;
    }

    /** The directory relative paths of config text resolve against: {@code baseDir}, or the working directory. */
    static Path textBaseDir(Path baseDir) {
        return (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
    }

    /** Resolves the substitutions of {@code config}, or a SpecException saying why it cannot. */
    static Config resolve(Config config, String origin) {
        try {
            return config.resolve();
        } catch (ConfigException e) {
            throw new SpecException(origin, "", "cannot resolve substitutions: " + e.getMessage(), e);
        }
    }

    /** A config as formatted JSON text (the resolved config that a run records). */
    static String json(Config config) {
        return config.root().render(JSON);
    }

    /** The name a file goes by in messages. */
    static String origin(Path abs) {
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }

    /** Parses a config file ({@code what} names the kind of config in messages). */
    static Config readFile(Path abs, String what) {
        String origin = origin(abs);
        if (!Files.isRegularFile(abs) || !Files.isReadable(abs)) {
            String why = !Files.exists(abs) ? "no such file" : Files.isDirectory(abs) ? "it is a directory" : "not readable";
            throw new SpecException(origin, "", "cannot read " + what + " file " + abs + ": " + why);
        }
        try {
            return ConfigFactory.parseFile(abs.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException.IO e) {
            throw new SpecException(origin, "", "cannot read " + what + " file " + abs + ": " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new SpecException(origin, "", "HOCON syntax error: " + e.getMessage(), e);
        }
    }

    /** Parses config text named {@code origin} in messages. */
    static Config readText(String hocon, String origin) {
        try {
            return ConfigFactory.parseString(hocon,
                    ConfigParseOptions.defaults().setOriginDescription(origin).setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            throw new SpecException(origin, "", "HOCON syntax error: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code key=value} overrides (HOCON values) on top of {@code user}, later ones winning;
     * each replaces the whole value at its path (an object is not merged into the old one), so
     * student.prior={kind=gaussian} works whatever prior kind the file had. {@code example} shows a
     * well-formed override in error messages.
     */
    static Config applyOverrides(Config user, List<String> overrides, String origin, String example) {
        Config out = user;
        if (overrides == null) {
            return out;
        }
        for (String o : overrides) {
            String text = o == null ? "" : o;
            int eq = firstSeparator(text);
            String key = eq < 0 ? text.trim() : text.substring(0, eq).trim();
            String malformed = "malformed override \"" + text + "\": expected key=value with a HOCON value,"
                    + " such as " + example;
            if (eq <= 0) {
                throw new SpecException(origin, key, malformed);
            }
            Config parsed;
            try {
                parsed = ConfigFactory.parseString(text,
                        ConfigParseOptions.defaults().setOriginDescription("override \"" + text + "\""));
            } catch (ConfigException e) {
                throw new SpecException(origin, key, malformed + " (" + e.getMessage() + ")", e);
            }
            if (parsed.isEmpty()) {
                throw new SpecException(origin, key, malformed);
            }
            List<String> elements;
            try {
                elements = ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                throw new SpecException(origin, key, malformed + " (" + e.getMessage() + ")", e);
            }
            ConfigValue value = parsed.root();
            for (String element : elements) {
                value = ((ConfigObject) value).get(element);
            }
            out = out.withValue(ConfigUtil.joinPath(elements), value);
        }
        return out;
    }

    private static int firstSeparator(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }
}
