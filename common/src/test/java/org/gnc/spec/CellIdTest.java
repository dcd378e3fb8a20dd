package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellIdTest {

    /** Pinned: if this changes, every stored result loses its link to its cell. */
    private static final String BASE_ID = "06093cf741164459";

    @Test
    void pinnedIdAndCanonicalText() {
        CellSpec cell = TestSpecs.base("").cells().get(0);
        assertEquals(BASE_ID, cell.id());
        assertEquals(0x06093cf741164459L, cell.idBits());
        assertEquals("""
                gnc-cell/1
                data.kind=teacher-student
                data.input=gaussian
                data.dim=20
                data.train-size=16
                data.test-size=10000
                data.seed=7
                data.teacher.widths=2
                data.teacher.activation=relu
                data.teacher.bias=false
                data.teacher.output-bias=false
                data.teacher.prior=levels[-1,0,1]
                student.widths=8
                student.activation=relu
                student.bias=false
                student.output-bias=false
                student.prior=levels[-1,0,1]
                accept.max-train-errors=0
                """, CellIds.canonicalText(cell.data(), Map.of(), cell.student(), cell.maxTrainErrors()));
        assertEquals(BASE_ID, CellIds.idOf(CellIds.canonicalText(cell.data(), Map.of(), cell.student(), 0)));
    }

    @Test
    void idsAreStableAcrossParsesAndEqualToTheUngriddedCell() throws Exception {
        SweepSpec a = SweepSpecParser.parse(SweepSpecParserTest.quickstart(), List.of());
        SweepSpec b = SweepSpecParser.parse(SweepSpecParserTest.quickstart(), List.of());
        assertEquals(a.cells(), b.cells());
        // Grid cell (data.seed=7 is not on the grid, so pick the cell with train-size 16, widths 8 and
        // compare with the base config carrying that cell's data seed).
        CellSpec gridCell = a.cells().stream()
                .filter(c -> c.axisValues().equals(Map.of("data.seed", "2", "data.train-size", "16", "student.widths", "8")))
                .findFirst().orElseThrow();
        assertEquals(TestSpecs.id("data.seed = 2"), gridCell.id());
    }

    /** Changes that are not settings of a cell, or only formatting: the id must not move. */
    @ParameterizedTest
    @ValueSource(strings = {
        "budget { target-accepted = 5000, max-candidates = 8796093022208, max-seconds = 1 }",
        "sweep { name = renamed, seed = 99 }",
        "data { dim = 20.0, train-size = 1.6e1, seed = 7.0 }",
        "student.prior.levels = [1, 0.0, -1.0]",
        "student.prior.levels = [\"1\", \"0\", \"-1\"]",
        "student { activation = \"relu\", bias = off }",
        "grid {}",
    })
    void idIgnoresBudgetNameSeedAndFormatting(String patch) {
        assertEquals(BASE_ID, TestSpecs.id(patch));
    }

    @Test
    void idIgnoresKeyOrderAndExplicitDefaults() {
        String reordered = """
                budget { max-seconds = 600, max-candidates = 100000000, target-accepted = 200 }
                student { prior { levels = [-1, 0, 1], kind = levels }, widths = [8] }
                data { teacher { prior { levels = [0, 1, -1], kind = levels }, bias = false, widths = [2] }
                       seed = 7, test-size = 10000, train-size = 16, dim = 20, kind = teacher-student }
                sweep { seed = 1, name = quickstart }
                """;
        assertEquals(BASE_ID, TestSpecs.text(reordered).cells().get(0).id());
    }

    /** Every setting of a cell: changing any one must change the id, and all changes differ. */
    @Test
    void aLossBinEntersTheIdOnlyWhenSetAndGridsOverBins() {
        String base = TestSpecs.id("");
        assertEquals(base, TestSpecs.id("accept.loss-bin = null"));
        List<String> ids = java.util.stream.Stream.of("", "accept.loss-bin { low = 0.3, high = 0.35 }",
                "accept.loss-bin { low = 0.3, high = 0.4 }", "accept.loss-bin { low = 0.3, high = 0.35, layer-scale = 1 }")
                .map(TestSpecs::id).toList();
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), ids.toString());
        assertEquals(ids.get(1), TestSpecs.id("accept.loss-bin { high = 0.35, low = 0.3, layer-scale = 3 }"));
        SweepSpec grid = TestSpecs.base("grid { \"accept.loss-bin\" = [{ low = 0.3, high = 0.35 },"
                + " { low = 0.35, high = 0.4 }] }");
        assertEquals(2, grid.cells().size());
        assertEquals(ids.get(1), grid.cells().get(0).id());
        assertEquals(new LossBin(0.35, 0.4, 3), grid.cells().get(1).lossBin());
        SweepSpec lows = TestSpecs.base("accept.loss-bin { low = 0.3, high = 0.65 }\n"
                + "grid { \"accept.loss-bin.low\" = [0.3, 0.5] }");
        assertEquals(new LossBin(0.5, 0.65, 3), lows.cells().get(1).lossBin());
    }

    @Test
    void randomClassesHaveTheirOwnId() {
        String idx = "data = null\ndata { kind = idx, train-images = a, train-labels = b, test-images = c,"
                + " test-labels = d, train-per-class = 4, train-select = random, train-seed = 1 }\n";
        SweepSpec random = TestSpecs.base(idx + "data.classes = random");
        assertTrue(((DataSpec.Idx) random.cells().get(0).data()).randomClasses());
        assertNotEquals(random.cells().get(0).id(), TestSpecs.id(idx + "data.classes = [0, 1]"));
        assertNotEquals(random.cells().get(0).id(), TestSpecs.id(idx + "data.classes = random\ndata.train-seed = 2"));
    }

    @Test
    void everyGeneratedSettingChangesTheIdAndTheSlabHasNoMargin() {
        String gen = "data = null\ndata { kind = generated, set = kink, train-size = 11, test-size = 30, seed = 0 }\n";
        List<String> ids = java.util.stream.Stream.of("", "data.set = slab", "data.train-size = 12",
                "data.test-size = 31", "data.seed = 1", "data.margin = 0.5")
                .map(p -> TestSpecs.id(gen + p)).toList();
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), ids.toString());
        assertEquals(TestSpecs.id(gen), TestSpecs.id(gen + "data.margin = 0.25"));
    }

    @Test
    void everySettingChangesTheId() {
        List<String> patches = List.of(
                "data.input = rademacher", "data.dim = 21", "data.train-size = 15", "data.test-size = 9999",
                "data.seed = 8", "data.teacher.widths = [3]", "data.teacher.widths = [2, 2]",
                "data.teacher.activation = tanh", "data.teacher.bias = true", "data.teacher.output-bias = true",
                "data.teacher.prior.levels = [-1, 1]", "student.widths = [9]", "student.widths = []",
                "student.widths = [8, 8]", "student.activation = sign", "student.activation = identity",
                "student.bias = true", "student.output-bias = true", "student.prior.levels = [0, 1]",
                "student.prior.levels = [-1, 0, 1.5]", "student.prior = null\nstudent.prior { kind = quantized, bits = 2 }",
                "student.prior = null\nstudent.prior { kind = quantized, bits = 2, scale = 0.5 }",
                "student.prior = null\nstudent.prior { kind = uniform }",
                "student.prior = null\nstudent.prior { kind = gaussian }", "accept.max-train-errors = 1",
                "data = null\ndata { kind = table, train = a.csv, test = b.csv }",
                "data = null\ndata { kind = table, train = a.csv, test = c.csv }",
                "data = null\ndata { kind = table, train = a.parquet, test = b.parquet }",
                "data = null\ndata { kind = table, train = a.csv, test = b.csv, format = parquet }",
                "data = null\ndata { kind = table, train = a.parquet, test = b.parquet, label-column = y }",
                "data = null\ndata { kind = table, train = a.parquet, test = b.parquet, feature-columns = [x] }",
                "data = null\ndata { kind = table, train = a.parquet, test = b.parquet, label-values = [0, 1] }",
                IDX, IDX + "data.classes = [1, 0]", IDX + "data.train-per-class = 5", IDX + "data.test-per-class = 9",
                IDX + "data.train-select = random\ndata.train-seed = 1",
                IDX + "data.train-select = random\ndata.train-seed = 2", IDX + "data.divide-by-255 = false",
                IDX + "data.downsample = 2", IDX + "data.standardize = none", IDX + "data.standardize = per-pixel",
                IDX + "data.train-images = e", IDX + "data.test-labels = \"hdfs://nn/d\"");
        Map<String, String> byId = new HashMap<>();
        byId.put(BASE_ID, "(base)");
        for (String p : patches) {
            String id = TestSpecs.id(p);
            String before = byId.put(id, p);
            assertEquals(null, before, "patches '" + before + "' and '" + p + "' give the same id " + id);
        }
    }

    private static final String IDX = "data = null\ndata { kind = idx, train-images = a, train-labels = b,"
            + " test-images = c, test-labels = d, classes = [0, 1], train-per-class = 4 }\n";

    /** CSV table cells keep the canonical text (and so the ids) they had before Parquet and IDX came. */
    @Test
    void csvTableTextIsUnchanged() {
        CellSpec cell = TestSpecs.base("data = null\ndata { kind = table, train = \"./a.csv\", test = b.csv }").cells().get(0);
        String text = CellIds.VERSION + "\ndata.kind=table\ndata.train=a.csv\ndata.test=b.csv\nstudent.widths=8\n"
                + "student.activation=relu\nstudent.bias=false\nstudent.output-bias=false\n"
                + "student.prior=levels[-1,0,1]\naccept.max-train-errors=0\n";
        assertEquals(CellIds.idOf(text), cell.id());
    }

    @Test
    void idxIdsUseThePathsAsWrittenNotTheConfigDirectory() {
        String here = SweepSpecParser.parseText(TestSpecs.BASE + IDX, java.nio.file.Path.of("/x"), "t").cells().get(0).id();
        String there = SweepSpecParser.parseText(TestSpecs.BASE + IDX.replace("= a,", "= \"./a\","),
                java.nio.file.Path.of("/elsewhere"), "t").cells().get(0).id();
        assertEquals(here, there);
    }

    @Test
    void tableIdsUseThePathsAsWrittenNotTheConfigDirectory() {
        String table = "data = null\ndata { kind = table, train = \"./a.csv\", test = b.csv }";
        String here = SweepSpecParser.parseText(TestSpecs.BASE + table, java.nio.file.Path.of("/x"), "t")
                .cells().get(0).id();
        String there = SweepSpecParser.parseText(TestSpecs.BASE + table.replace("./a.csv", "a.csv"),
                java.nio.file.Path.of("/elsewhere"), "t").cells().get(0).id();
        assertEquals(here, there);
        assertNotEquals(here, TestSpecs.id("data = null\ndata { kind = table, train = sub/a.csv, test = b.csv }"));
    }
}
