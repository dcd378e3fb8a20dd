package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gnc.spec.SamplerSpec.Kind;
import org.junit.jupiter.api.Test;

/** The sampler block: defaults, explicit values, checkpoint resolution, gridding and the SMC student check. */
class SamplerSpecTest {

    private static final String IDX = "data = null\ndata { kind = idx, train-images = a, train-labels = b,"
            + " test-images = c, test-labels = d, classes = [0, 1], train-per-class = 4 }\n";
    private static final String TABLE = "data = null\ndata { kind = table, train = a.csv, test = b.csv }\n";
    private static final String SMC = "sampler.kind = smc\n";

    private static SamplerSpec sampler(String patch) {
        return TestSpecs.base(patch).cells().get(0).sampler();
    }

    @Test
    void everyCellIsRejectionByDefaultWithTheDefaultsAndCheckpointN() {
        CellSpec cell = TestSpecs.base("").cells().get(0);
        assertEquals(new SamplerSpec(Kind.REJECTION, 500, 4, 2, List.of(16)), cell.sampler());
        assertEquals(SamplerSpec.DEFAULT.resolve(16), cell.sampler());
        assertTrue(cell.budget().limitsCandidates());
    }

    @Test
    void explicitValuesAreRead() {
        assertEquals(new SamplerSpec(Kind.SMC, 100, 3, 0, List.of(4, 8, 16)),
                sampler("sampler { kind = smc, particles = 100, replicates = 3, moves = 0, checkpoints = [4, 8] }"));
        assertEquals(new SamplerSpec(Kind.SMC, 2, 1, 7, List.of(16)),
                sampler("sampler { kind = smc, particles = 2, replicates = 1, moves = 7, checkpoints = [16] }"));
        // A rejection cell keeps the SMC settings it was given (and ignores them).
        assertEquals(new SamplerSpec(Kind.REJECTION, 9, 4, 2, List.of(1, 16)), sampler("sampler { particles = 9, checkpoints = [1] }"));
    }

    @Test
    void checkpointsAreResolvedAgainstTheTrainingSetSize() {
        assertEquals(List.of(16), sampler(SMC + "sampler.checkpoints = []").checkpoints());
        assertEquals(List.of(16), sampler(SMC + "sampler.checkpoints = [16]").checkpoints());
        assertEquals(List.of(1, 2, 16), sampler(SMC + "sampler.checkpoints = [1, 2]").checkpoints());
        assertEquals(List.of(3, 32), sampler(SMC + "sampler.checkpoints = [3]\ndata.train-size = 32").checkpoints());
        // idx: n = 2 x train-per-class = 8.
        assertEquals(List.of(8), sampler(IDX + SMC).checkpoints());
        assertEquals(List.of(2, 8), sampler(IDX + SMC + "sampler.checkpoints = [2]").checkpoints());
        // table: n is known once the file is read, so the list stays as configured (PreparedSweep resolves it).
        assertEquals(List.of(), sampler(TABLE + SMC).checkpoints());
        assertEquals(List.of(5, 40), sampler(TABLE + SMC + "sampler.checkpoints = [5, 40]").checkpoints());
    }

    @Test
    void resolveAppendsNOnlyWhenMissingIsIdempotentAndRefusesEntriesAboveN() {
        SamplerSpec configured = new SamplerSpec(Kind.SMC, 10, 2, 1, List.of(4, 8));
        SamplerSpec resolved = configured.resolve(12);
        assertEquals(List.of(4, 8, 12), resolved.checkpoints());
        assertSame(resolved, resolved.resolve(12));
        assertEquals(List.of(4, 8), configured.resolve(8).checkpoints());
        assertEquals(List.of(1), SamplerSpec.DEFAULT.resolve(1).checkpoints());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configured.resolve(6));
        assertEquals("has 8 above 6", e.getMessage());
        assertSame(configured, configured.resolveFor(new DataSpec.Table("/a.csv",
                "/b.csv")));
    }

    @Test
    void theRecordKeepsItsInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 1, 1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 2, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 2, 1, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 2, 1, 0, List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 2, 1, 0, List.of(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(Kind.SMC, 2, 1, 0, List.of(4, 3)));
        assertThrows(NullPointerException.class, () -> new SamplerSpec(null, 2, 1, 0, List.of()));
        List<Integer> mutable = new java.util.ArrayList<>(List.of(1, 2));
        SamplerSpec s = new SamplerSpec(Kind.SMC, 2, 1, 0, mutable);
        mutable.add(3);
        assertEquals(List.of(1, 2), s.checkpoints());
    }

    @Test
    void itSurvivesJavaSerialization() throws Exception {
        SamplerSpec s = new SamplerSpec(Kind.SMC, 64, 3, 2, List.of(4, 16));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(s, in.readObject());
        }
    }

    @Test
    void anSmcCellMayLeaveOutTheCandidateLimitsARejectionCellMayNot() {
        String timeOnly = "budget = null\nbudget { max-seconds = 30 }\n";
        CellSpec smc = TestSpecs.base(timeOnly + SMC).cells().get(0);
        assertEquals(new Budget(0, 0, 30), smc.budget());
        assertFalse(smc.budget().limitsCandidates());
        // When present they are checked and kept, unused.
        assertEquals(new Budget(5, 0, 30), TestSpecs.base(timeOnly + SMC + "budget.target-accepted = 5").cells().get(0).budget());
        assertEquals(new Budget(200, 100_000_000, 600), TestSpecs.base(SMC).cells().get(0).budget());
        SpecException e = TestSpecs.failure(timeOnly);
        assertEquals(List.of("budget.target-accepted", "budget.max-candidates"),
                e.problems().stream().map(SpecException.Problem::keyPath).toList());
        assertThrows(IllegalArgumentException.class, () -> smc.withSampler(SamplerSpec.DEFAULT.resolve(16)));
    }

    @Test
    void theIdDoesNotMoveUnlessTheGridVariesASamplerSetting() {
        String base = TestSpecs.id("");
        assertEquals(base, TestSpecs.id(SMC + "sampler { particles = 10, replicates = 2, moves = 5, checkpoints = [4] }"));
        assertEquals(base, TestSpecs.id("sampler.kind = rejection"));
        // Gridded, the sampler enters the id: the rejection cell of such a grid has an id of its own.
        SweepSpec both = TestSpecs.base("grid { \"sampler.kind\" = [rejection, smc] }");
        assertNotEquals(base, both.cells().get(0).id());
        assertNotEquals(both.cells().get(0).id(), both.cells().get(1).id());
    }

    @Test
    void griddingSamplerKindMakesTwoCellsPerPoint() {
        SweepSpec spec = TestSpecs.base("grid { \"sampler.kind\" = [rejection, smc], \"student.widths\" = [[2], [8]] }");
        assertEquals(List.of(new GridAxis("sampler.kind", List.of("rejection", "smc")),
                new GridAxis("student.widths", List.of("2", "8"))), spec.axes());
        assertEquals(4, spec.cells().size());
        assertEquals(List.of(Kind.REJECTION, Kind.REJECTION, Kind.SMC, Kind.SMC),
                spec.cells().stream().map(c -> c.sampler().kind()).toList());
        assertEquals("sampler.kind=smc, student.widths=8", spec.cells().get(3).axisLabel());
        assertEquals(Map.of("sampler.kind", "rejection", "student.widths", "2"), spec.cells().get(0).axisValues());
        Set<String> ids = new HashSet<>();
        spec.cells().forEach(c -> ids.add(c.id()));
        assertEquals(4, ids.size());
        // Same data and student on both sides: only the sampler differs.
        assertEquals(spec.cells().get(1).student(), spec.cells().get(3).student());
        assertEquals(spec.cells().get(1).data(), spec.cells().get(3).data());
    }

    @Test
    void otherSamplerSettingsAndTheWholeBlockCanBeGridded() {
        SweepSpec particles = TestSpecs.base(SMC + "grid { \"sampler.particles\" = [100, 1000] }");
        assertEquals(List.of(100, 1000), particles.cells().stream().map(c -> c.sampler().particles()).toList());
        assertNotEquals(particles.cells().get(0).id(), particles.cells().get(1).id());
        SweepSpec whole = TestSpecs.base("grid { sampler = [{kind = rejection}, {kind = smc, moves = 0}] }");
        assertEquals(List.of(SamplerSpec.DEFAULT.resolve(16), new SamplerSpec(Kind.SMC, 500, 4, 0, List.of(16))),
                whole.cells().stream().map(CellSpec::sampler).toList());
        // Two values that resolve to the same checkpoints are the same cell.
        SpecException e = TestSpecs.failure(SMC + "grid { \"sampler.checkpoints\" = [[], [16]] }");
        assertEquals("grid", e.keyPath());
        assertTrue(e.getMessage().contains("identical settings"), e.getMessage());
    }

    @Test
    void aLinkedAxisVariesSeveralSettingsTogetherAsOneAxis() {
        SweepSpec spec = TestSpecs.base(SMC + "grid { \"data.seed\" = [1, 2], linked = ["
                + "{ \"student.widths\" = [2], \"sampler.moves\" = 5 },"
                + " { student.widths = [8], sampler { moves = 5 } },"
                + " { \"student.widths\" = [32], \"sampler.moves\" = 20 }] }");
        // One axis of three values beside data.seed: 2 x 3 cells, not 2 x 3 x 2. It takes its place by its
        // first setting's path (sampler.moves), after data.seed, and varies fastest.
        assertEquals(6, spec.cells().size());
        assertEquals(List.of(new GridAxis("data.seed", List.of("1", "2")),
                new GridAxis("sampler.moves", List.of("5", "5", "20")),
                new GridAxis("student.widths", List.of("2", "8", "32"))), spec.axes());
        assertEquals(List.of(5, 5, 20, 5, 5, 20), spec.cells().stream().map(c -> c.sampler().moves()).toList());
        assertEquals(List.of(List.of(2), List.of(8), List.of(32), List.of(2), List.of(8), List.of(32)),
                spec.cells().stream().map(c -> c.student().widths()).toList());
        assertEquals("data.seed=2, sampler.moves=20, student.widths=32", spec.cells().get(5).axisLabel());
        // A sampler setting is on the grid, so the sampler enters the id, as for an ordinary sampler axis.
        SweepSpec ordinary = TestSpecs.base(SMC + "grid { \"data.seed\" = [1, 2], \"sampler.moves\" = [5],"
                + " \"student.widths\" = [[2]] }");
        assertEquals(ordinary.cells().get(0).id(), spec.cells().get(0).id());
        assertEquals(ordinary.cells().get(1).id(), spec.cells().get(3).id());
        // One linked value is one cell whose id is that of the same settings without a grid but a sampler axis.
        SweepSpec one = TestSpecs.base(SMC + "grid { linked = [{ \"student.widths\" = [8], \"sampler.moves\" = 5 }] }");
        SweepSpec axis = TestSpecs.base(SMC + "student.widths = [8]\ngrid { \"sampler.moves\" = [5] }");
        assertEquals(axis.cells().get(0).id(), one.cells().get(0).id());
        assertEquals(Map.of("sampler.moves", "5", "student.widths", "8"), one.cells().get(0).axisValues());
    }

    @Test
    void eachLinkedCellIsValidatedInFull() {
        SpecException e = TestSpecs.failure(SMC + "grid { linked = [{ \"student.widths\" = [2], \"sampler.moves\" = 5 },"
                + " { \"student.widths\" = [8], \"sampler.moves\" = -1 }] }");
        assertEquals("sampler.moves", e.keyPath());
        assertTrue(e.getMessage().contains("(in grid cell {sampler.moves=-1, student.widths=8})"), e.getMessage());
        SpecException unknown = TestSpecs.failure(SMC + "grid { linked = [{ \"student.widths\" = [2], \"sampler.movs\" = 5 }] }");
        assertEquals("grid.linked.\"sampler.movs\"", unknown.keyPath());
        assertTrue(unknown.getMessage().contains("names no setting"), unknown.getMessage());
    }

    @Test
    void theSmcEngineTakesEveryPriorOnAnyArchitecture() {
        // Finite priors on any architecture, and (issue 15) continuous priors: uniform and Gaussian.
        assertEquals(Kind.SMC, sampler(SMC + "student { widths = [4, 4] }").kind());
        assertEquals(Kind.SMC, sampler(SMC + "student { widths = [3], activation = sign }").kind());
        assertEquals(Kind.SMC, sampler(SMC + "student { widths = [], bias = true, output-bias = true }").kind());
        assertEquals(Kind.SMC, sampler(SMC + "student { bias = true, output-bias = true }\nstudent.prior = null\n"
                + "student.prior { kind = quantized, bits = 3 }").kind());
        assertEquals(Kind.SMC, sampler(SMC + "student.prior = null\nstudent.prior { kind = uniform }").kind());
        assertEquals(Kind.SMC, sampler(SMC + "student { widths = [8, 8] }\nstudent.prior = null\n"
                + "student.prior { kind = gaussian }").kind());
    }

    @Test
    void severalBadSamplerKeysAreReportedTogether() {
        // The kind is read even when the rest of the block is bad: this smc cell needs no candidate limits.
        SpecException e = TestSpecs.failure("sampler { kind = smc, particles = 1, replicates = 0, moves = -1,"
                + " checkpoints = [8, 4] }\nstudent.prior = null\nstudent.prior { kind = gaussian }\n"
                + "budget = null\nbudget { max-seconds = 30 }");
        assertEquals(List.of("sampler.particles", "sampler.replicates", "sampler.moves", "sampler.checkpoints"),
                e.problems().stream().map(SpecException.Problem::keyPath).toList());
        assertEquals(4, e.getMessage().lines().count(), e.getMessage());
    }

    /** The shipped quickstart keeps parsing into the same rejection cells, each with the checkpoint n. */
    @Test
    void theShippedQuickstartIsAllRejectionCellsWithCheckpointN() {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.exists(dir.resolve("conf/quickstart.conf"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "conf/quickstart.conf not found above the working directory");
        SweepSpec spec = SweepSpecParser.parse(dir.resolve("conf/quickstart.conf"), List.of());
        assertEquals(12, spec.cells().size());
        for (CellSpec c : spec.cells()) {
            int n = ((DataSpec.TeacherStudent) c.data()).trainSize();
            assertEquals(SamplerSpec.DEFAULT.resolve(n), c.sampler());
            assertTrue(c.budget().limitsCandidates());
            assertEquals(List.of("data.train-size", "student.widths"), List.copyOf(c.axisValues().keySet()));
        }
    }
}
