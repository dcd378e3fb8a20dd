package org.gnc.spec;

import java.util.Map;

/**
 * Reads the blocks that apply to the whole sweep and so are never grid axes: {@code sweep} (name and
 * seed, from the config as written), {@code bounds} and {@code baseline} (from the config with the
 * defaults merged). A field is null when its block had a problem, which is then in the issues of the
 * node it was read from. Stateless.
 */
final class SweepSettingsReader {

    /** The sweep-wide settings; any field null when its block had a problem. */
    record SweepSettings(String name, Long seed, BoundsSpec bounds, BaselineSpec baseline) {
    }

    private static final String NAME_ALLOWED = "a non-empty name of letters, digits, '_', '.' and '-'"
            + " (matching [A-Za-z0-9_.-]+)";
    private static final Map<String, BaselineSpec.Optimizer> OPTIMIZERS = Node.choices(
            BaselineSpec.Optimizer.values(), BaselineSpec::configName);
    private static final Map<String, BaselineSpec.Init> INITS = Node.choices(BaselineSpec.Init.values(),
            BaselineSpec::configName);
    private static final Map<String, BaselineSpec.BatchLimit> BATCH_LIMITS = Node.choices(
            BaselineSpec.BatchLimit.values(), BaselineSpec.BatchLimit::configName);
    private static final Map<String, BaselineSpec.Loss> LOSSES = Node.choices(BaselineSpec.Loss.values(),
            BaselineSpec::configName);

    private SweepSettingsReader() {
    }

    /** Reads {@code sweep} from {@code root} and {@code bounds} and {@code baseline} from {@code withDefaults}. */
    static SweepSettings read(Node root, Node withDefaults) {
        String name = null;
        Long seed = null;
        Node sweep = root.object("sweep");
        if (sweep != null) {
            name = sweep.name("name", NAME_ALLOWED);
            seed = sweep.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
            sweep.finish("sweep");
        }
        BoundsSpec bounds = readBounds(withDefaults.object("bounds"));
        BaselineSpec baseline = readBaseline(withDefaults.object("baseline"));
        return new SweepSettings(name, seed, bounds, baseline);
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
        BaselineSpec.Optimizer optimizer = n.choice("optimizer", OPTIMIZERS);
        Double rate = n.number("learning-rate", "a finite number > 0", x -> x > 0);
        Long epochs = n.integer("epochs", 1, 100_000_000, null);
        Long batch = n.integer("batch-size", 1, Integer.MAX_VALUE, null);
        BaselineSpec.Init init = n.choice("init", INITS);
        BaselineSpec.Loss loss = n.choice("loss", LOSSES);
        BaselineSpec.BatchLimit limit = n.choice("batch-limit", BATCH_LIMITS);
        n.finish("baseline");
        if (seeds == null || optimizer == null || rate == null || epochs == null || batch == null || init == null
                || loss == null || limit == null) {
            return null;
        }
        return new BaselineSpec(seeds.intValue(), optimizer, rate, epochs.intValue(), batch.intValue(), init, loss,
                limit);
    }
}
