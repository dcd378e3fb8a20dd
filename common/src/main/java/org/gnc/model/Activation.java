package org.gnc.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Hidden-layer activations. {@code sign} follows the project's label rule: +1 if z &gt; 0, else -1
 * (so sign(0) = -1).
 */
public enum Activation {
    RELU {
        @Override public double apply(double z) { return z > 0 ? z : 0.0; }
    },
    SIGN {
        @Override public double apply(double z) { return z > 0 ? 1.0 : -1.0; }
    },
    TANH {
        @Override public double apply(double z) { return Math.tanh(z); }
    },
    IDENTITY {
        @Override public double apply(double z) { return z; }
    };

    /** The activation applied to one pre-activation value. */
    public abstract double apply(double z);

    /** The name used in sweep configs: relu, sign, tanh, identity. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation with this config name, or empty. */
    public static java.util.Optional<Activation> fromConfigName(String name) {
        return Arrays.stream(values()).filter(a -> a.configName().equals(name)).findFirst();
    }

    /** "relu | sign | tanh | identity", for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Activation::configName).collect(Collectors.joining(" | "));
    }
}
