package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.model.Activation;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;

/**
 * The student's {@code layers}, {@code input-shape}, {@code output} and {@code width-multiplier}: the
 * pinned syntax parses, fully connected students keep their cell ids, and a width multiplier scales and can be
 * a grid axis. (The bad stacks, refused naming the layer and key, are rules of {@link ValidationTest}.)
 */
class StudentLayersSpecTest {

    @Test
    void thePinnedSyntaxParses() {
        SweepSpec spec = TestSpecs.base("""
                data.dim = 16
                student.widths = null
                student.prior = null
                student { input-shape = [1, 4, 4]
                          layers = [ { kind = conv, channels = 6, kernel = 3, stride = 1, padding = 1 },
                                     { kind = max-pool, size = 2 }, { kind = flatten }, { kind = dense, units = 16 } ]
                          activation = relu, bias = false, output-bias = false, output = two-logits
                          prior { kind = uniform, low = -1, high = 1 } }
                """);
        NetworkSpec s = spec.cells().get(0).student();
        assertEquals(new NetworkSpec(List.of(new Layer.Conv(6, 3, 1, 1), Layer.Pool.max(2), new Layer.Flatten(),
                new Layer.Dense(16)), new InputShape(1, 4, 4), Activation.RELU, false, false, Output.TWO_LOGITS,
                new Prior.Uniform(-1, 1)), s);
    }

    @Test
    void fullyConnectedStudentsKeepTheirIds() {
        String widths8 = TestSpecs.id("");
        // The id pinned by CellIdTest for BASE is unchanged by the new keys' defaults.
        assertEquals(widths8, TestSpecs.id("student.output = single\nstudent.width-multiplier = 1"));
        assertEquals(widths8, TestSpecs.id("student.widths = null\nstudent.layers = [{ kind = dense, units = 8 }]"));
        assertEquals(widths8, TestSpecs.id("student.widths = [4]\nstudent.width-multiplier = 2"));
        assertNotEquals(widths8, TestSpecs.id("student.output = two-logits"));
        assertNotEquals(widths8, TestSpecs.id("student.input-shape = [1, 4, 5]"));
    }

    @Test
    void aWidthMultiplierScalesEveryConvAndDenseLayerAndCanBeAGridAxis() {
        SweepSpec spec = TestSpecs.base(TestSpecs.CONV + """
                student.layers = [ { kind = conv, channels = 2, kernel = 2 }, { kind = flatten },
                                   { kind = dense, units = 3 } ]
                grid { "student.width-multiplier" = [1, 2.5] }
                """);
        assertEquals(2, spec.cells().size());
        assertEquals(List.of(new Layer.Conv(2, 2, 1, 0), new Layer.Flatten(), new Layer.Dense(3)),
                spec.cells().get(0).student().layers());
        assertEquals(List.of(new Layer.Conv(5, 2, 1, 0), new Layer.Flatten(), new Layer.Dense(7)),
                spec.cells().get(1).student().layers());
        assertEquals("c5k2xfx7", spec.cells().get(1).student().widthsLabel());
    }
}
