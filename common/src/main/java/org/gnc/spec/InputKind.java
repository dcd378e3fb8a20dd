package org.gnc.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How teacher-student inputs are drawn: i.i.d. standard Gaussian entries, or i.i.d. uniform +-1 entries. */
public enum InputKind {
    GAUSSIAN,
    RADEMACHER;

    /** The name used in sweep configs: {@code gaussian}, {@code rademacher}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The input kind with this config name, or empty. */
    public static Optional<InputKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName().equals(name)).findFirst();
    }

    /** "gaussian | rademacher", for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(InputKind::configName).collect(Collectors.joining(" | "));
    }
}
