package org.gnc.spec;

import java.util.List;
import java.util.Map;
import org.gnc.model.Activation;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Prior;

/**
 * Reads a network block ({@code student}, {@code data.teacher}): widths, activation, biases and its
 * prior of one of the kinds levels, quantized, uniform or gaussian. Returns null after recording every
 * problem in the block, and otherwise a network whose prior satisfies its kind's invariants (distinct
 * sorted levels; 1..16 bits and a scale &gt; 0; low &lt; high; std &gt; 0). Stateless.
 */
final class NetworkReader {

    private static final Map<String, String> PRIOR_KINDS = Node.choices("levels", "quantized", "uniform", "gaussian");
    private static final Map<String, Activation> ACTIVATIONS = Node.choices(Activation.values(), Activation::configName);

    private NetworkReader() {
    }

    /** The network in {@code n}; {@code what} names the block in unknown-key messages. */
    static NetworkSpec read(Node n, String what) {
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
}
