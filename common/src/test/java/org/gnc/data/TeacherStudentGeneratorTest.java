package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gnc.model.Activation;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Prior;
import org.gnc.spec.DataSpec;
import org.gnc.spec.InputKind;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

class TeacherStudentGeneratorTest {
    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});
    private static final NetworkSpec TEACHER = new NetworkSpec(List.of(2), Activation.RELU, false, false, TERNARY);

    private static DataSpec.TeacherStudent spec(InputKind input, int n, int nTest, long seed, NetworkSpec teacher) {
        return new DataSpec.TeacherStudent(input, 20, n, nTest, seed, teacher);
    }

    @Test
    void dataIsAPureFunctionOfTheSpecAndTrainingSetsAreNested() {
        CellData a = TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 16, 1000, 7, TEACHER));
        CellData b = TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 16, 1000, 7, TEACHER));
        assertEquals(a, b);
        CellData small = TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 4, 1000, 7, TEACHER));
        assertEquals(a.train().head(4), small.train());
        assertEquals(a.test(), small.test());
        CellData other = TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 16, 1000, 8, TEACHER));
        assertNotEquals(a.train(), other.train());
    }

    @Test
    void inputsHaveTheirDistribution() {
        CellData g = TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 10, 5000, 3, TEACHER));
        double[] x = g.test().features();
        double s1 = 0;
        double s2 = 0;
        for (double v : x) {
            s1 += v;
            s2 += v * v;
        }
        // 100,000 N(0, 1) values: mean SE 0.0032, variance SE 0.0045; tolerances are 6 SE.
        assertEquals(0, s1 / x.length, 0.02);
        assertEquals(1, s2 / x.length, 0.027);

        CellData r = TeacherStudentGenerator.generate(spec(InputKind.RADEMACHER, 10, 5000, 3, TEACHER));
        double[] z = r.test().features();
        assertTrue(Arrays.stream(z).allMatch(v -> v == 1 || v == -1));
        // Fraction of +1 among 100,000 fair signs: SE 0.0016, tolerance 6 SE.
        assertEquals(0.5, Arrays.stream(z).filter(v -> v > 0).count() / (double) z.length, 0.01);
    }

    @Test
    void unbalancedTeachersAreRedrawnAndCounted() {
        // A 1-d ternary perceptron teacher w*x: w = 0 labels everything -1 and is redrawn; w = +-1
        // splits Gaussian inputs in half. Over seeds some first draws must be w = 0.
        NetworkSpec perceptron = new NetworkSpec(List.of(), Activation.RELU, false, false, TERNARY);
        int redrawn = 0;
        for (long seed = 0; seed < 30; seed++) {
            CellData d = TeacherStudentGenerator.generate(
                    new DataSpec.TeacherStudent(InputKind.GAUSSIAN, 1, 8, 2000, seed, perceptron));
            double majority = Math.max(d.test().positiveFraction(), 1 - d.test().positiveFraction());
            assertTrue(majority <= 0.9, "seed " + seed + ": majority " + majority);
            redrawn += d.teacherRedraws() > 0 ? 1 : 0;
        }
        // Each seed redraws with probability 1/3; 30 seeds without one would have probability 5e-6.
        assertTrue(redrawn > 0);
    }

    @Test
    void aTeacherThatCannotSplitTheDataIsAClearError() {
        NetworkSpec constant = new NetworkSpec(List.of(2), Activation.RELU, false, false,
                new Prior.Levels(new double[] {0}));
        DataException e = assertThrows(DataException.class,
                () -> TeacherStudentGenerator.generate(spec(InputKind.GAUSSIAN, 4, 100, 1, constant)));
        assertTrue(e.getMessage().startsWith("data.teacher: 1001 teachers drawn with data.seed = 1"), e.getMessage());
    }

    @Test
    void theQuickstartCellsLoad() {
        var sweep = SweepSpecParser.parseText("""
                sweep { name = t, seed = 1 }
                data { kind = teacher-student, dim = 20, train-size = 16, test-size = 10000, seed = 7
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [8], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 10, max-candidates = 1000 }
                """, Path.of("."), "t.conf");
        CellData d = DataLoader.load(sweep.cells().get(0).data());
        assertEquals(16, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(20, d.train().dim());
        assertArrayEquals(d.train().labels(), DataLoader.load(sweep.cells().get(0).data()).train().labels());
    }
}
