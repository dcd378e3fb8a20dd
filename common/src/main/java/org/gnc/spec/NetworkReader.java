package org.gnc.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Output;
import org.gnc.model.Prior;

/**
 * Reads a network block ({@code student}, {@code data.teacher}): its hidden layers, activation, biases and
 * its prior of one of the kinds levels, quantized, uniform or gaussian. The hidden layers are either
 * {@code widths} (dense layers) or, for the student only, {@code layers} (conv, max-pool, avg-pool, flatten,
 * dense; not both), optionally scaled by {@code width-multiplier} (every conv's channels and dense layer's
 * units become max(1, floor(width x multiplier)), the peers' truncation); the student may also give
 * {@code input-shape} and {@code output} (single | two-logits). Returns null after recording every problem in the block, and
 * otherwise a network whose prior satisfies its kind's invariants (distinct sorted levels; 1..16 bits and a
 * scale &gt; 0; low &lt; high; std &gt; 0) and whose layers fit its input shape when that is given (a
 * problem names the layer and key, such as {@code student.layers[0].kernel}). Stateless.
 */
final class NetworkReader {

    private static final Map<String, String> PRIOR_KINDS = Node.choices("levels", "quantized", "uniform", "gaussian");
    private static final Map<String, Activation> ACTIVATIONS = Node.choices(Activation.values(), Activation::configName);
    private static final Map<String, Output> OUTPUTS = Node.choices(Output.values(), Output::configName);
    private static final Map<String, String> LAYER_KINDS = Node.choices("conv", "max-pool", "avg-pool", "flatten",
            "dense");
    private static final String LAYERS_ALLOWED = "a list of layers such as [{ kind = conv, channels = 6, kernel = 5 },"
            + " { kind = max-pool, size = 2 }, { kind = flatten }, { kind = dense, units = 16 }]";
    private static final String SHAPE_ALLOWED = "[channels, height, width], three integers >= 1, such as [1, 28, 28]";

    private NetworkReader() {
    }

    /** The teacher network in {@code n} ({@code widths} only); {@code what} names the block in unknown-key messages. */
    static NetworkSpec read(Node n, String what) {
        return read(n, what, false);
    }

    /** The student network in {@code n}, which may use every key. */
    static NetworkSpec readStudent(Node n) {
        return read(n, "the student network", true);
    }

    private static NetworkSpec read(Node n, String what, boolean student) {
        List<Layer> layers;
        if (student && n.has("layers")) {
            if (n.has("widths")) {
                n.problem("layers", "is set together with " + n.pathOf("widths") + "; give one of them (widths is"
                        + " the shorthand for a stack of dense layers)");
            }
            n.skip("widths");
            layers = layers(n);
        } else {
            List<Integer> widths = n.widths("widths");
            layers = widths == null ? null : Architecture.dense(widths);
            if (student) {
                n.skip("layers");
            }
        }
        InputShape inputShape = null;
        Output output = Output.SINGLE;
        Double multiplier = 1.0;
        if (student) {
            inputShape = n.optional("input-shape", null, k -> inputShape(n));
            output = n.optional("output", Output.SINGLE, k -> n.choice(k, OUTPUTS));
            multiplier = n.optional("width-multiplier", 1.0, k -> n.number(k, "a finite number > 0", x -> x > 0));
        }
        Activation activation = n.choice("activation", ACTIVATIONS);
        Boolean bias = n.bool("bias");
        Boolean outputBias = n.bool("output-bias");
        Node p = n.object("prior");
        Prior prior = p == null ? null : readPrior(p);
        n.finish(what);
        if (layers == null || activation == null || bias == null || outputBias == null || prior == null
                || output == null || multiplier == null || n.has("input-shape") && inputShape == null) {
            return null;
        }
        if (multiplier != 1) {
            double factor = multiplier;
            layers = layers.stream().map(l -> l.scaled(factor)).toList();
        }
        if (inputShape != null && !stackFits(n, inputShape, layers)) {
            return null;
        }
        return new NetworkSpec(layers, inputShape, activation, bias, outputBias, output, prior);
    }

    /**
     * The student checked against what the data kind fixes at parse time (null after recording a problem
     * in {@code n}, the student block): for teacher-student data its points are flat vectors of data.dim
     * values, which the layers must fit (and a given input-shape must have data.dim values); table data
     * carries no shape, so a stack with conv or pool layers needs input-shape. IDX images have their
     * shape once read: {@link org.gnc.sample.PreparedSweep} checks them before any work starts.
     */
    static NetworkSpec checkAgainstData(Node n, NetworkSpec student, DataSpec data) {
        if (data instanceof DataSpec.TeacherStudent ts) {
            if (student.inputShape() == null) {
                return stackFits(n, InputShape.flat(ts.dim()), student.layers()) ? student : null;
            }
            if (student.inputShape().size() != ts.dim()) {
                n.problem("input-shape", "is " + student.inputShape().label() + " (" + student.inputShape().size()
                        + " values), but the data's points have data.dim = " + ts.dim() + " values");
                return null;
            }
        } else if (data instanceof DataSpec.Table && student.inputShape() == null && !student.isDenseStack()) {
            n.problem("input-shape", "missing required key for data.kind = table, whose points carry no shape: a"
                    + " stack with conv or pool layers needs " + SHAPE_ALLOWED);
            return null;
        }
        return student;
    }

    /**
     * Whether the layers fit inputs of {@code shape} as the student reads them; otherwise records the
     * problem at the layer and key ({@code student.layers[0].kernel}) and returns false.
     */
    private static boolean stackFits(Node n, InputShape shape, List<Layer> layers) {
        Architecture.StackProblem problem = Architecture.problem(NetworkSpec.readShape(shape, layers), layers);
        if (problem == null) {
            return true;
        }
        String where = problem.where().substring("layers".length());
        n.problem("layers", where, problem.message());
        return false;
    }

    private static InputShape inputShape(Node n) {
        List<Long> dims = n.integers("input-shape", SHAPE_ALLOWED);
        if (dims == null) {
            return null;
        }
        if (dims.size() != 3 || dims.stream().anyMatch(d -> d < 1 || d > Integer.MAX_VALUE)) {
            n.problem("input-shape", "must be " + SHAPE_ALLOWED + ", got " + dims);
            return null;
        }
        try {
            return new InputShape(dims.get(0).intValue(), dims.get(1).intValue(), dims.get(2).intValue());
        } catch (IllegalArgumentException e) {
            n.problem("input-shape", e.getMessage());
            return null;
        }
    }

    private static List<Layer> layers(Node n) {
        List<Node> nodes = n.objects("layers", LAYERS_ALLOWED);
        if (nodes == null) {
            return null;
        }
        List<Layer> layers = new ArrayList<>();
        boolean ok = true;
        for (Node l : nodes) {
            Layer layer = layer(l);
            ok &= layer != null;
            layers.add(layer);
        }
        return ok ? layers : null;
    }

    private static Layer layer(Node l) {
        String kind = l.choice("kind", LAYER_KINDS);
        if (kind == null) {
            return null;
        }
        Layer layer = switch (kind) {
            case "conv" -> {
                Integer channels = l.intAtLeast("channels", 1);
                Integer kernel = l.intAtLeast("kernel", 1);
                Integer stride = l.optional("stride", 1, k -> l.intAtLeast(k, 1));
                Long padding = l.optional("padding", 0L, k -> l.integer(k, 0, Integer.MAX_VALUE, null));
                yield channels == null || kernel == null || stride == null || padding == null ? null
                        : new Layer.Conv(channels, kernel, stride, padding.intValue());
            }
            case "max-pool", "avg-pool" -> {
                Integer size = l.intAtLeast("size", 1);
                yield size == null ? null : kind.equals("max-pool") ? Layer.Pool.max(size) : Layer.Pool.avg(size);
            }
            case "flatten" -> new Layer.Flatten();
            default -> {
                Integer units = l.intAtLeast("units", 1);
                yield units == null ? null : new Layer.Dense(units);
            }
        };
        l.finish("a " + kind + " layer");
        return layer;
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
