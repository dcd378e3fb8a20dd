package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gnc.model.Activation;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The student's {@code layers}, {@code input-shape}, {@code output} and {@code width-multiplier}: the
 * pinned syntax parses, fully connected students keep their cell ids, and every bad stack is refused
 * naming the layer and key (exit 2 before anything runs).
 */
class StudentLayersSpecTest {
    private static final String TABLE = "data = null\ndata { kind = table, train = a.csv, test = b.csv }\n";
    /** BASE's student (teacher-student data, dim = 20) as a conv stack on 1 x 4 x 5 inputs. */
    private static final String CONV = "student.widths = null\nstudent.input-shape = [1, 4, 5]\n";

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
        assertEquals(new NetworkSpec(List.of(new Layer.Conv(6, 3, 1, 1), new Layer.MaxPool(2), new Layer.Flatten(),
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
        SweepSpec spec = TestSpecs.base(CONV + """
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

    private static Arguments rule(String patch, String keyPath, String... fragments) {
        return Arguments.of(patch, keyPath, fragments);
    }

    static Stream<Arguments> badStudents() {
        return Stream.of(
                rule(CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 6 }, { kind = flatten }]",
                        "student.layers[0].kernel", "is 6, larger than this layer's input 1x4x5"),
                rule("student.widths = null\nstudent.layers = [{ kind = conv, channels = 2, kernel = 3 },"
                        + " { kind = flatten }]", "student.layers[0].kernel", "larger than this layer's input 1x1x20"),
                rule(CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = max-pool, size = 2 },"
                        + " { kind = flatten }]", "student.layers[1].size", "does not divide this layer's input 2x3x4"),
                rule(CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }]", "student.layers[0].kind",
                        "must end in a dense layer or a flatten"),
                rule(CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = dense, units = 3 }]",
                        "student.layers[1].kind", "put { kind = flatten } before it"),
                rule(CONV + "student.layers = [{ kind = dropout }]", "student.layers[0].kind",
                        "one of conv | max-pool | avg-pool | flatten | dense", "got \"dropout\""),
                rule(CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2, dilation = 2 }, { kind = flatten }]",
                        "student.layers[0].dilation", "unknown key", "a conv layer: channels, kernel, kind, padding,"
                        + " stride"),
                rule(CONV + "student.layers = [{ kind = conv, channels = 0, kernel = 2 }, { kind = flatten }]",
                        "student.layers[0].channels", "an integer >= 1"),
                rule(CONV + "student.layers = [3]", "student.layers[0]", "must be an object"),
                rule("student.layers = [{ kind = dense, units = 3 }]", "student.layers", "student.widths",
                        "give one of them"),
                rule("student.widths = null\nstudent.layers = [{ kind = dense, units = 3 }]\n"
                        + "student.input-shape = [1, 4, 4]", "student.input-shape", "data.dim = 20"),
                rule("student.input-shape = [4, 5]", "student.input-shape", "[channels, height, width]"),
                rule("student.output = three", "student.output", "one of single | two-logits"),
                rule("student.width-multiplier = 0", "student.width-multiplier", "a finite number > 0"),
                rule("data.teacher.layers = []", "data.teacher.layers", "unknown key"),
                rule(TABLE + CONV.replace("student.input-shape = [1, 4, 5]\n", "")
                        + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = flatten }]",
                        "student.input-shape", "missing required key for data.kind = table"));
    }

    @ParameterizedTest(name = "[{index}] -> {1}")
    @MethodSource("badStudents")
    void aBadStudentIsRefusedNamingTheLayerAndKey(String patch, String keyPath, String... fragments) {
        SpecException e = TestSpecs.failure(patch);
        assertEquals(keyPath, e.keyPath(), e.getMessage());
        String line = e.problems().get(0).render(e.origin());
        for (String f : fragments) {
            assertTrue(line.contains(f), "expected '" + f + "' in: " + line);
        }
    }
}
