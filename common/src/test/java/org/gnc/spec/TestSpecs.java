package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

/** Shared config texts and helpers for the spec tests. */
final class TestSpecs {

    /** The quickstart example without its grid: one valid cell. */
    static final String BASE = """
            sweep   { name = quickstart, seed = 1 }
            data    { kind = teacher-student, input = gaussian, dim = 20, train-size = 16, test-size = 10000, seed = 7
                      teacher { widths = [2], activation = relu, bias = false,
                                prior { kind = levels, levels = [-1, 0, 1] } } }
            student { widths = [8], activation = relu, bias = false, output-bias = false
                      prior { kind = levels, levels = [-1, 0, 1] } }
            accept  { max-train-errors = 0 }
            budget  { target-accepted = 200, max-candidates = 100000000, max-seconds = 600 }
            """;

    /** A patch making BASE's student (teacher-student data, dim = 20) a stack on 1 x 4 x 5 inputs: add its layers. */
    static final String CONV = "student.widths = null\nstudent.input-shape = [1, 4, 5]\n";

    static final Path DIR = Path.of("/tmp/gnc-spec-tests");

    private TestSpecs() {
    }

    /** BASE with {@code patch} appended (later HOCON keys win; objects merge). */
    static SweepSpec base(String patch) {
        return SweepSpecParser.parseText(BASE + "\n" + patch, DIR, "test.conf");
    }

    static SweepSpec text(String hocon) {
        return SweepSpecParser.parseText(hocon, DIR, "test.conf");
    }

    static SpecException failure(String patch) {
        return assertThrows(SpecException.class, () -> base(patch));
    }

    /** The single cell's id of BASE with {@code patch} appended. */
    static String id(String patch) {
        SweepSpec s = base(patch);
        if (s.cells().size() != 1) {
            throw new AssertionError("expected one cell, got " + s.cells().size());
        }
        return s.cells().get(0).id();
    }
}
