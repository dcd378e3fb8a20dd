package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gnc.model.Activation;
import org.gnc.model.NetworkSpec;
import org.gnc.model.Prior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SweepSpecParserTest {

    private static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});
    private static final NetworkSpec TEACHER = new NetworkSpec(List.of(2), Activation.RELU, false, false, TERNARY);
    private static final Budget BUDGET = new Budget(200, 100_000_000, 600);

    static Path quickstart() throws URISyntaxException {
        return Path.of(SweepSpecParserTest.class.getResource("quickstart.conf").toURI());
    }

    private static void assertCell(CellSpec cell, long dataSeed, int trainSize, int width) {
        assertEquals(new DataSpec.TeacherStudent(InputKind.GAUSSIAN, 20, trainSize, 10000, dataSeed, TEACHER), cell.data());
        assertEquals(new NetworkSpec(List.of(width), Activation.RELU, false, false, TERNARY), cell.student());
        assertEquals(0, cell.maxTrainErrors());
        assertEquals(BUDGET, cell.budget());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("data.seed", Long.toString(dataSeed));
        expected.put("data.train-size", Integer.toString(trainSize));
        expected.put("student.widths", Integer.toString(width));
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(cell.axisValues().entrySet()));
        assertEquals(Long.parseUnsignedLong(cell.id(), 16), cell.idBits());
    }

    @Test
    void quickstartExpandsIntoThirtySixCellsInAxisOrder() throws Exception {
        SweepSpec spec = SweepSpecParser.parse(quickstart(), List.of());
        assertEquals("quickstart", spec.name());
        assertEquals(1L, spec.seed());
        assertEquals(quickstart().toAbsolutePath().normalize(), spec.source());
        assertEquals(List.of(
                new GridAxis("data.seed", List.of("1", "2", "3")),
                new GridAxis("data.train-size", List.of("4", "8", "16", "32")),
                new GridAxis("student.widths", List.of("2", "8", "32"))), spec.axes());
        assertEquals(36, spec.cells().size());
        // The last axis varies fastest.
        assertCell(spec.cells().get(0), 1, 4, 2);
        assertCell(spec.cells().get(1), 1, 4, 8);
        assertCell(spec.cells().get(3), 1, 8, 2);
        assertCell(spec.cells().get(12), 2, 4, 2);
        assertCell(spec.cells().get(35), 3, 32, 32);
        Set<String> ids = new HashSet<>();
        spec.cells().forEach(c -> ids.add(c.id()));
        assertEquals(36, ids.size());
    }

    @Test
    void resolvedTextIsTheEffectiveConfigAndParsesBack() throws Exception {
        SweepSpec spec = SweepSpecParser.parse(quickstart(), List.of("student.activation=tanh"));
        Config back = ConfigFactory.parseString(spec.resolvedText());
        assertEquals("quickstart", back.getString("sweep.name"));
        assertEquals("tanh", back.getString("student.activation"));
        assertEquals(List.of(4, 8, 16, 32), back.getIntList("grid.\"data.train-size\""));
        assertEquals("relu", back.getString("data.teacher.activation"));
        assertEquals(false, back.getBoolean("data.teacher.output-bias")); // a default, filled in
    }

    @Test
    void referenceConfParses() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conf/all-keys.conf"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "conf/all-keys.conf not found above the working directory");
        SweepSpec spec = SweepSpecParser.parse(dir.resolve("conf/all-keys.conf"), null);
        assertEquals("reference", spec.name());
        assertEquals(8, spec.cells().size());
        assertEquals(List.of("data.seed", "data.train-size", "student.widths"),
                spec.axes().stream().map(GridAxis::path).toList());
    }

    @Test
    void defaultsFillWhatAResearcherWouldLeaveOut() {
        SweepSpec spec = TestSpecs.text("""
                sweep { name = d, seed = 0 }
                data { kind = teacher-student, dim = 3, train-size = 2, test-size = 5, seed = 1
                       teacher { widths = [], prior { kind = gaussian } } }
                student { widths = [4, 4], prior { kind = quantized, bits = 2 } }
                budget { target-accepted = 1, max-candidates = 10 }
                """);
        CellSpec cell = spec.cells().get(0);
        assertEquals(new DataSpec.TeacherStudent(InputKind.GAUSSIAN, 3, 2, 5, 1,
                new NetworkSpec(List.of(), Activation.RELU, false, false, new Prior.Gaussian(1))), cell.data());
        assertEquals(new NetworkSpec(List.of(4, 4), Activation.RELU, false, false, new Prior.Quantized(2, 1)),
                cell.student());
        assertEquals(0, cell.maxTrainErrors());
        assertEquals(new Budget(1, 10, 3600), cell.budget());
        assertEquals(List.of(), spec.axes());
        assertEquals(Map.of(), cell.axisValues());
        assertNull(spec.source());
        assertEquals(new Prior.Uniform(-1, 1),
                TestSpecs.base("student.prior = null\nstudent.prior.kind = uniform").cells().get(0).student().prior());
    }

    @Test
    void explicitSettingsAreRead() {
        CellSpec cell = TestSpecs.base("""
                data.input = rademacher
                student { widths = [3, 5], activation = sign, bias = true, output-bias = true }
                student.prior = null
                student.prior { kind = uniform, low = -0.5, high = 2 }
                accept.max-train-errors = 2
                budget.max-seconds = "2 minutes"
                """).cells().get(0);
        assertEquals(InputKind.RADEMACHER, ((DataSpec.TeacherStudent) cell.data()).input());
        assertEquals(new NetworkSpec(List.of(3, 5), Activation.SIGN, true, true, new Prior.Uniform(-0.5, 2)),
                cell.student());
        assertEquals(2, cell.maxTrainErrors());
        assertEquals(120.0, cell.budget().maxSeconds());
    }

    @Test
    void emptyGridIsOneCellAndValueTextsAreCanonical() {
        assertEquals(1, TestSpecs.base("grid {}").cells().size());
        SweepSpec spec = TestSpecs.base("""
                grid { "student.widths" = [[], [16, 16]], "data.dim" = [1.0, 2.5e1]
                       student { prior = [{kind = levels, levels = [1, 0]}, {kind = gaussian, std = 0.5}] } }
                """);
        assertEquals(List.of(
                new GridAxis("data.dim", List.of("1", "25")),
                new GridAxis("student.prior", List.of("{kind=levels,levels=[1,0]}", "{kind=gaussian,std=0.5}")),
                new GridAxis("student.widths", List.of("", "16x16"))), spec.axes());
        assertEquals(8, spec.cells().size());
        CellSpec last = spec.cells().get(7);
        assertEquals(new NetworkSpec(List.of(16, 16), Activation.RELU, false, false, new Prior.Gaussian(0.5)),
                last.student());
        assertEquals(25, ((DataSpec.TeacherStudent) last.data()).dim());
    }

    @Test
    void overridesApplyOnTopOfTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), TestSpecs.BASE);
        SweepSpec spec = SweepSpecParser.parse(file, List.of("student.widths=[16, 16]", "data.seed = 3",
                "student.prior={kind=quantized, bits=3, scale=0.5}", "sweep.name: renamed"));
        CellSpec cell = spec.cells().get(0);
        assertEquals(List.of(16, 16), cell.student().widths());
        assertEquals(new Prior.Quantized(3, 0.5), cell.student().prior());
        assertEquals(3, ((DataSpec.TeacherStudent) cell.data()).seed());
        assertEquals("renamed", spec.name());
        SweepSpec gridded = SweepSpecParser.parse(file, List.of("grid.\"data.seed\"=[1, 2]"));
        assertEquals(2, gridded.cells().size());
        // An object override replaces the object: the file's levels prior leaves no stray keys.
        SweepSpec gaussian = SweepSpecParser.parse(file, List.of("student.prior={kind=gaussian, std=2}"));
        assertEquals(new Prior.Gaussian(2), gaussian.cells().get(0).student().prior());
    }

    @ParameterizedTest
    @ValueSource(strings = {"student.widths", "student.widths=[16", "=3", "", "student.widths=[16]]", "student.{=1"})
    void malformedOverridesFailNamingThem(String override, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), TestSpecs.BASE);
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(file, List.of(override)));
        assertTrue(e.getMessage().startsWith("s.conf: "), e.getMessage());
        assertTrue(e.getMessage().contains("malformed override \"" + override + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void anOverrideOfAnUnknownKeyIsAnUnknownKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), TestSpecs.BASE);
        SpecException e = assertThrows(SpecException.class,
                () -> SweepSpecParser.parse(file, List.of("student.widht=[16]")));
        assertEquals("student.widht", e.keyPath());
    }

    @Test
    void tablePathsResolveAgainstTheConfigDirectory(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sweeps"));
        Path file = Files.writeString(sub.resolve("t.conf"), TestSpecs.BASE + """
                data = null
                data { kind = table, train = "train.csv", test = "./../data/test.csv" }
                """);
        SweepSpec spec = SweepSpecParser.parse(file, List.of());
        DataSpec.Table table = (DataSpec.Table) spec.cells().get(0).data();
        assertEquals(sub.resolve("train.csv").toAbsolutePath().normalize().toString(), table.train());
        assertEquals(dir.resolve("data/test.csv").toAbsolutePath().normalize().toString(), table.test());
        assertTrue(Path.of(table.train()).isAbsolute());

        SweepSpec fromText = SweepSpecParser.parseText(TestSpecs.BASE + """
                data = null
                data { kind = table, train = "train.csv", test = "/abs/test.csv" }
                """, Path.of("/base/dir"), "text");
        DataSpec.Table t2 = (DataSpec.Table) fromText.cells().get(0).data();
        assertEquals("/base/dir/train.csv", t2.train());
        assertEquals("/abs/test.csv", t2.test());

        SweepSpec onHdfs = SweepSpecParser.parseText(TestSpecs.BASE + """
                data = null
                data { kind = table, train = "hdfs://nn:8020/d/train.csv", test = "file:/abs/test.csv" }
                """, Path.of("/base/dir"), "text");
        DataSpec.Table t3 = (DataSpec.Table) onHdfs.cells().get(0).data();
        assertEquals("hdfs://nn:8020/d/train.csv", t3.train(), "a URI is kept as written");
        assertEquals("file:/abs/test.csv", t3.test());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(missing, List.of()));
        assertEquals("", e.keyPath());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        SpecException d = assertThrows(SpecException.class, () -> SweepSpecParser.parse(dir, List.of()));
        assertTrue(d.getMessage().contains("directory"), d.getMessage());
    }

    @Test
    void syntaxErrorsAndUnresolvedSubstitutionsAreSpecExceptions() {
        SpecException syntax = assertThrows(SpecException.class, () -> TestSpecs.text("sweep { name = x"));
        assertTrue(syntax.getMessage().startsWith("test.conf: HOCON syntax error"), syntax.getMessage());
        SpecException subst = assertThrows(SpecException.class, () -> TestSpecs.base("data.dim = ${nowhere}"));
        assertTrue(subst.getMessage().contains("nowhere"), subst.getMessage());
    }

    @Test
    void severalProblemsAreCollectedIntoOneException() {
        SpecException e = TestSpecs.failure("data.dim = 0\nstudent.activation = gelu\nsweep.name = \"\"");
        assertEquals(List.of("sweep.name", "data.dim", "student.activation"),
                e.problems().stream().map(SpecException.Problem::keyPath).toList());
        assertEquals(3, e.getMessage().lines().count());
        assertTrue(e.getMessage().lines().allMatch(l -> l.startsWith("test.conf: ")), e.getMessage());
    }
}
