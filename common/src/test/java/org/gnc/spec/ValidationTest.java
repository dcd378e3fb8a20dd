package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.gnc.model.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule: the key path at fault, and a message saying what is allowed. */
class ValidationTest {

    private static final String TABLE = "data = null\ndata { kind = table, train = a.csv, test = b.csv }\n";
    private static final String IDX = "data = null\ndata { kind = idx, train-images = a, train-labels = b,"
            + " test-images = c, test-labels = d, classes = [0, 1], train-per-class = 4 }\n";
    private static final String GENERATED = "data = null\ndata { kind = generated, set = kink, train-size = 11,"
            + " test-size = 30, seed = 0 }\n";
    private static final String PARQUET = "data = null\ndata { kind = table, train = a.parquet, test = b.parquet }\n";
    private static final String NEW_PRIOR = "student.prior = null\nstudent.prior ";

    private static Arguments rule(String patch, String keyPath, String... fragments) {
        return Arguments.of(patch, keyPath, fragments);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // unknown keys, anywhere
                rule("studnet { widths = [2] }", "studnet", "unknown key", "accept, baseline, bounds, budget, data, grid, sampler, student, sweep"),
                rule("student.depth = 2", "student.depth", "unknown key", "activation, bias, input-shape, layers, output, output-bias, prior, width-multiplier, widths"),
                rule("data.teacher.dropout = 0", "data.teacher.dropout", "unknown key", "the teacher network"),
                rule("student.prior.std = 1", "student.prior.std", "a levels prior: kind, levels"),
                rule(NEW_PRIOR + "{ kind = gaussian, levels = [1] }", "student.prior.levels", "a gaussian prior: kind, std"),
                rule(TABLE + "data.dim = 20", "data.dim", "data of kind table: feature-columns, format, kind,"
                        + " label-column, label-values, test, train"),
                rule(IDX + "data.dim = 20", "data.dim", "data of kind idx: classes, divide-by-255, downsample, kind,"
                        + " standardize, test-images, test-labels, test-per-class, train-images, train-labels,"
                        + " train-per-class, train-select"),
                rule("data.train = a.csv", "data.train", "data of kind teacher-student: dim, input, kind, seed"),
                rule("budget.max-hours = 1", "budget.max-hours", "max-candidates, max-seconds, target-accepted"),
                rule("accept.min-train-errors = 1", "accept.min-train-errors", "accept: loss-bin, max-train-errors"),
                rule("sweep.sed = 1", "sweep.sed", "sweep: name, seed"),
                // wrong types
                rule("data.dim = twenty", "data.dim", "must be an integer >= 1", "got \"twenty\""),
                rule("data.dim = 2.5", "data.dim", "must be an integer >= 1", "got 2.5"),
                rule("data.seed = [7]", "data.seed", "must be a 64-bit integer", "got [7]"),
                rule("student.bias = maybe", "student.bias", "must be true or false", "got \"maybe\""),
                rule("student.widths = 8", "student.widths", "must be a list of integers >= 1", "[] for a perceptron"),
                rule("student.prior = levels", "student.prior", "must be an object"),
                rule("accept = 0", "accept", "must be an object"),
                rule("sweep.name = [a]", "sweep.name", "[A-Za-z0-9_.-]+"),
                rule("budget.max-seconds = soon", "budget.max-seconds", "a number of seconds > 0, or a duration"),
                // missing required keys
                rule("data.dim = null", "data.dim", "missing required key", "an integer >= 1"),
                rule("student.prior = null", "student.prior", "missing required key", "an object"),
                rule("sweep.seed = null", "sweep.seed", "missing required key", "a 64-bit integer"),
                rule(TABLE + "data.test = null", "data.test", "missing required key", "file path"),
                rule("data.teacher.prior.kind = null", "data.teacher.prior.kind", "missing", "levels | quantized | uniform | gaussian"),
                // enums
                rule("data.kind = teachr", "data.kind", "one of teacher-student | table", "got \"teachr\""),
                rule("data.input = binary", "data.input", "one of gaussian | rademacher"),
                rule("student.activation = gelu", "student.activation", "one of " + Activation.allowedNames()),
                rule("data.teacher.activation = 1", "data.teacher.activation", "one of " + Activation.allowedNames()),
                rule("student.prior.kind = beta", "student.prior.kind", "one of levels | quantized | uniform | gaussian"),
                // widths
                rule("student.widths = [8, 0]", "student.widths[1]", "must be an integer >= 1, got 0"),
                rule("data.teacher.widths = [-2]", "data.teacher.widths[0]", "must be an integer >= 1, got -2"),
                rule("student.widths = [1.5]", "student.widths[0]", "must be an integer >= 1, got 1.5"),
                // levels
                rule("student.prior.levels = []", "student.prior.levels", "non-empty list of distinct finite numbers", "got []"),
                rule("student.prior.levels = [0, 1, 1.0]", "student.prior.levels", "distinct", "got 1 more than once"),
                rule("student.prior.levels = [0, -0.0]", "student.prior.levels", "distinct", "got 0 more than once"),
                rule("student.prior.levels = [0, 1e400]", "student.prior.levels[1]", "must be a finite number", "got Infinity"),
                rule("student.prior.levels = [0, x]", "student.prior.levels[1]", "must be a finite number", "\"x\""),
                // quantized
                rule(NEW_PRIOR + "{ kind = quantized, bits = 0 }", "student.prior.bits", "an integer in 1..16", "got 0"),
                rule(NEW_PRIOR + "{ kind = quantized, bits = 17 }", "student.prior.bits", "an integer in 1..16", "got 17"),
                rule(NEW_PRIOR + "{ kind = quantized }", "student.prior.bits", "missing", "an integer in 1..16"),
                rule(NEW_PRIOR + "{ kind = quantized, bits = 2, scale = 0 }", "student.prior.scale", "a finite number > 0", "got 0"),
                rule(NEW_PRIOR + "{ kind = quantized, bits = 2, scale = -1 }", "student.prior.scale", "a finite number > 0"),
                // uniform
                rule(NEW_PRIOR + "{ kind = uniform, low = 1, high = 1 }", "student.prior.high", "> low (1)", "got 1"),
                rule(NEW_PRIOR + "{ kind = uniform, low = 2, high = 1 }", "student.prior.high", "> low (2)"),
                rule(NEW_PRIOR + "{ kind = uniform, low = -1e400 }", "student.prior.low", "a finite number", "got -Infinity"),
                rule(NEW_PRIOR + "{ kind = uniform, high = 1e999 }", "student.prior.high", "a finite number"),
                // gaussian
                rule(NEW_PRIOR + "{ kind = gaussian, std = 0 }", "student.prior.std", "a finite number > 0", "got 0"),
                rule(NEW_PRIOR + "{ kind = gaussian, std = -2 }", "student.prior.std", "a finite number > 0"),
                // sizes
                rule("data.dim = 0", "data.dim", "an integer >= 1", "got 0"),
                rule("data.train-size = 0", "data.train-size", "an integer >= 1", "got 0"),
                rule("data.test-size = -5", "data.test-size", "an integer >= 1", "got -5"),
                rule("data.test-size = 3000000000", "data.test-size", "an integer >= 1"),
                // accept
                rule("accept.max-train-errors = -1", "accept.max-train-errors", "an integer in 0..16", "got -1"),
                rule("accept.max-train-errors = 17", "accept.max-train-errors", "an integer in 0..16", "train-size"),
                rule(TABLE + "accept.max-train-errors = -1", "accept.max-train-errors", "an integer >= 0"),
                // budget
                rule("budget.target-accepted = 0", "budget.target-accepted", "an integer >= 1", "got 0"),
                rule("budget.max-candidates = -1", "budget.max-candidates", "1..8796093022208", "2^43"),
                rule("budget.max-candidates = 8796093022209", "budget.max-candidates", "1..8796093022208", "2^43"),
                rule("budget.max-seconds = 0", "budget.max-seconds", "a number of seconds > 0"),
                rule("budget.max-seconds = -3", "budget.max-seconds", "a number of seconds > 0"),
                rule("budget.target-accepted = null", "budget.target-accepted", "missing", "an integer >= 1"),
                // sampler
                rule("sampler.kind = mcmc", "sampler.kind", "one of rejection | smc", "got \"mcmc\""),
                rule("sampler = smc", "sampler", "must be an object"),
                rule("sampler.particles = 1", "sampler.particles", "an integer >= 2", "got 1"),
                rule("sampler.particles = 2.5", "sampler.particles", "an integer >= 2", "got 2.5"),
                rule("sampler.replicates = 0", "sampler.replicates", "an integer >= 1", "got 0"),
                rule("sampler.moves = -1", "sampler.moves", "an integer >= 0", "got -1"),
                rule("sampler.checkpoints = [0, 4]", "sampler.checkpoints", "strictly increasing list of integers"
                        + " in 1..16", "data.train-size", "got [0, 4], which has 0 below 1"),
                rule("sampler.checkpoints = [4, 17]", "sampler.checkpoints", "in 1..16", "which has 17 above 16"),
                rule("sampler.checkpoints = [8, 4]", "sampler.checkpoints", "strictly increasing",
                        "which is not strictly increasing: 4 after 8"),
                rule("sampler.checkpoints = [4, 4]", "sampler.checkpoints", "not strictly increasing: 4 after 4"),
                rule("sampler.checkpoints = [4, x]", "sampler.checkpoints[1]", "must be an integer", "got \"x\""),
                rule("sampler.checkpoints = 4", "sampler.checkpoints", "must be a strictly increasing list"),
                rule(IDX + "sampler.checkpoints = [9]", "sampler.checkpoints", "in 1..8", "2 x data.train-per-class",
                        "which has 9 above 8"),
                rule(TABLE + "sampler.checkpoints = [5, 3]", "sampler.checkpoints", "in 1..n", "not strictly increasing"),
                rule(TABLE + "sampler.checkpoints = [-5]", "sampler.checkpoints", "which has -5 below 1"),
                rule("sampler.temperature = 1", "sampler.temperature", "unknown key",
                        "sampler: checkpoints, kind, moves, particles, replicates"),
                rule("sampler.kind = smc\nbudget.target-accepted = 0", "budget.target-accepted", "an integer >= 1"),
                rule("grid { \"sampler.kind\" = [smc, mcmc] }", "sampler.kind", "one of rejection | smc",
                        "(in grid cell {sampler.kind=mcmc})"),
                rule("grid { \"sampler.particles\" = [1, 2, 3] }", "sampler.particles", "got 1",
                        "(in grid cell {sampler.particles=1})"),
                // sweep
                rule("sweep.name = \"\"", "sweep.name", "[A-Za-z0-9_.-]+", "got \"\""),
                rule("sweep.name = \"my sweep\"", "sweep.name", "[A-Za-z0-9_.-]+", "got \"my sweep\""),
                rule("sweep.name = \"a/b\"", "sweep.name", "[A-Za-z0-9_.-]+"),
                // table paths
                rule(TABLE + "data.train = \"\"", "data.train", "a non-empty file path"),
                // loss bins
                rule("accept.loss-bin { low = 0.4, high = 0.3 }", "accept.loss-bin", "low < high", "low = 0.4",
                        "high = 0.3"),
                rule("accept.loss-bin { low = 0.3, high = 0.3 }", "accept.loss-bin", "low < high"),
                rule("accept.loss-bin { low = 0.3 }", "accept.loss-bin.high", "missing required key"),
                rule("accept.loss-bin { low = 0.3, high = 0.4, layer-scale = 0 }", "accept.loss-bin.layer-scale",
                        "a finite number > 0"),
                rule("accept.loss-bin { low = 0.3, high = 0.4, width = 1 }", "accept.loss-bin.width", "unknown key",
                        "high, layer-scale, low"),
                rule("accept.loss-bin = 0.3", "accept.loss-bin", "an object"),
                rule("accept.loss-bin { low = 0.3, high = 0.4 }\nsampler.kind = smc", "accept.loss-bin",
                        "not supported with sampler.kind = smc"),
                // generated
                rule(GENERATED + "data.dim = 2", "data.dim", "data of kind generated: kind, margin, seed, set,"
                        + " test-size, train-size"),
                rule(GENERATED + "data.set = spiral", "data.set", "one of kink | slab", "got \"spiral\""),
                rule(GENERATED + "data.test-size = 3990", "data.test-size", "must be at most 3989",
                        "data.train-size = 11"),
                rule(GENERATED + "data.set = slab\ndata.margin = 0.5", "data.margin", "applies only to set = kink"),
                rule(GENERATED + "data.margin = 0", "data.margin", "a finite number > 0"),
                rule(GENERATED + "data.seed = null", "data.seed", "missing required key"),
                rule(GENERATED + "accept.max-train-errors = 12", "accept.max-train-errors", "0..11"),
                // idx
                rule(IDX + "data.classes = random", "data.classes", "needs data.train-select = random"),
                rule(IDX + "data.classes = randm", "data.classes", "two distinct class indices", "or random"),
                rule(IDX + "data.classes = [0]", "data.classes", "two distinct class indices in 0..255", "got [0]"),
                rule(IDX + "data.classes = [3, 3]", "data.classes", "two distinct class indices in 0..255"),
                rule(IDX + "data.classes = [0, 256]", "data.classes", "two distinct class indices in 0..255"),
                rule(IDX + "data.classes = [0, x]", "data.classes[1]", "must be an integer", "got \"x\""),
                rule(IDX + "data.classes = null", "data.classes", "missing required key", "class a gets label -1"),
                rule(IDX + "data.train-per-class = 0", "data.train-per-class", "an integer >= 1", "got 0"),
                rule(IDX + "data.train-select = shuffled", "data.train-select", "one of first | random"),
                rule(IDX + "data.train-select = random", "data.train-seed", "missing required key", "64-bit integer"),
                rule(IDX + "data.train-seed = 3", "data.train-seed", "only with train-select = random"),
                rule(IDX + "data.test-per-class = some", "data.test-per-class", "all, or an integer >= 1"),
                rule(IDX + "data.test-per-class = 0", "data.test-per-class", "all, or an integer >= 1", "got 0"),
                rule(IDX + "data.standardize = zscore", "data.standardize", "one of none | global | per-pixel"),
                rule(IDX + "data.downsample = 0", "data.downsample", "an integer >= 1", "got 0"),
                rule(IDX + "data.divide-by-255 = 255", "data.divide-by-255", "true or false"),
                rule(IDX + "data.test-images = \"\"", "data.test-images", "a non-empty file path", "or a URI"),
                rule(IDX + "accept.max-train-errors = 9", "accept.max-train-errors", "an integer in 0..8",
                        "2 x data.train-per-class"),
                // parquet tables
                rule(TABLE + "data.format = orc", "data.format", "one of auto | csv | parquet", "got \"orc\""),
                rule(TABLE + "data.label-column = y", "data.label-column", "only to Parquet tables"),
                rule(TABLE + "data.feature-columns = [x]", "data.feature-columns", "only to Parquet tables"),
                rule("data = null\ndata { kind = table, train = a.parquet, test = b.csv }", "data.format",
                        "one of train and test ends in .parquet"),
                rule(PARQUET + "data.feature-columns = [x, label]", "data.feature-columns",
                        "distinct columns other than the label column \"label\""),
                rule(PARQUET + "data.feature-columns = [x, x]", "data.feature-columns", "distinct columns"),
                rule(PARQUET + "data.label-column = \"\"", "data.label-column", "a non-empty column name"),
                rule(PARQUET + "data.label-values = [1]", "data.label-values", "two distinct values", "got [1]"),
                rule(PARQUET + "data.label-values = [a, a]", "data.label-values", "two distinct values"),
                rule(PARQUET + "data.label-values = [[1], 2]", "data.label-values[0]", "a string or a number"),
                // grid
                rule("grid = [1, 2]", "grid", "must be an object mapping setting paths to lists of values"),
                rule("grid { \"data.seed\" = [] }", "grid.\"data.seed\"", "non-empty list of values", "got []"),
                rule("grid { \"data.seed\" = 3 }", "grid.\"data.seed\"", "must be a list of values", "got 3"),
                rule("grid { data { seed = 3 } }", "grid.\"data.seed\"", "must be a list of values"),
                rule("grid { \"student.widht\" = [[2]] }", "grid.\"student.widht\"", "names no setting",
                        "activation, bias, input-shape, layers, output, output-bias, prior, width-multiplier, widths"),
                rule("grid { \"studnt.widths\" = [[2]] }", "grid.\"studnt.widths\"", "names no setting",
                        "at the top level", "accept, data, sampler, student"),
                rule("grid { \"student.prior.std\" = [1, 2] }", "grid.\"student.prior.std\"", "names no setting",
                        "kind, levels"),
                rule("grid { \"budget.max-seconds\" = [1, 2] }", "grid.\"budget.max-seconds\"", "cannot be a grid axis",
                        "data.*, student.* and accept.*"),
                rule("grid { \"sweep.seed\" = [1, 2] }", "grid.\"sweep.seed\"", "cannot be a grid axis"),
                // bounds and baseline (apply to every cell)
                rule("bounds.delta = 0", "bounds.delta", "strictly between 0 and 1", "got 0"),
                rule("bounds.delta = 1", "bounds.delta", "strictly between 0 and 1", "got 1"),
                rule("bounds.confidence = 0.95", "bounds.confidence", "unknown key", "bounds: delta"),
                rule("baseline.optimizer = adam", "baseline.optimizer", "one of gd | sgd", "got \"adam\""),
                rule("baseline.init = xavier", "baseline.init", "one of prior | standard"),
                rule("baseline.loss = mse", "baseline.loss", "one of logistic | hinge | squared"),
                rule("baseline.seeds = 0", "baseline.seeds", "an integer in 1..1000000", "got 0"),
                rule("baseline.learning-rate = -0.1", "baseline.learning-rate", "a finite number > 0"),
                rule("baseline.epochs = 1.5", "baseline.epochs", "an integer in 1..100000000"),
                rule("baseline.batch-size = 0", "baseline.batch-size", "got 0"),
                rule("baseline.batch-limit = quarter", "baseline.batch-limit", "one of train-size | half-train-size"),
                rule("grid { \"bounds.delta\" = [0.1, 0.2] }", "grid.\"bounds.delta\"", "cannot be a grid axis"),
                rule("grid { \"data.seed\" = [1, 2, 1.0] }", "grid.\"data.seed\"", "distinct values", "got 1 twice"),
                rule("grid { \"student.prior\" = [{kind = levels, levels = [0, 1]}, {kind = levels, levels = [1, 0]}] }",
                        "grid", "identical settings", "student.prior={kind=levels,levels=[0,1]}"),
                rule("grid { \"student\" = [{widths = [1]}], \"student.widths\" = [[2]] }", "grid.\"student.widths\"",
                        "overlaps the grid axis student"),
                // the linked axis
                rule("grid { linked = { \"student.widths\" = [2] } }", "grid.linked", "non-empty list of objects"),
                rule("grid { linked = [{ \"student..widths\" = [2] }] }", "grid.linked.\"student..widths\"",
                        "is not a setting path"),
                rule("grid { \"student..widths\" = [[2]] }", "grid.\"student..widths\"", "is not a setting path"),
                rule("grid { linked = [] }", "grid.linked", "non-empty list of objects", "got []"),
                rule("grid { linked = [3] }", "grid.linked", "list of non-empty objects", "got 3"),
                rule("grid { linked = [{ \"student.widths\" = [2], \"sampler.moves\" = 5 }, { \"student.widths\" = [8] }] }",
                        "grid.linked", "same settings in every object", "[sampler.moves, student.widths] and [student.widths]"),
                rule("grid { linked = [{ \"student.widths\" = [2], \"sampler.moves\" = 5 },"
                        + " { \"student.widths\" = [2], \"sampler.moves\" = 5.0 }] }",
                        "grid.linked", "distinct values", "{sampler.moves=5, student.widths=2} twice"),
                rule("grid { linked = [{ \"student.widths\" = [2], \"budget.max-seconds\" = 5 }] }",
                        "grid.linked.\"budget.max-seconds\"", "cannot be a grid axis"),
                rule("grid { \"student.widths\" = [[2]], linked = [{ \"student.widths\" = [8], \"sampler.moves\" = 5 }] }",
                        "grid.linked.\"student.widths\"", "varies the setting that grid.\"student.widths\" varies"),
                rule("grid { student = [{widths = [1]}], linked = [{ \"student.widths\" = [8], \"sampler.moves\" = 5 }] }",
                        "grid.linked.\"student.widths\"", "overlaps the grid axis student"),
                rule("grid { linked = [{ \"student.widhts\" = [2], \"sampler.moves\" = 5 }] }",
                        "grid.linked.\"student.widhts\"", "names no setting"),
                // student layers (conv students): the layer and key at fault
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 6 }, { kind = flatten }]",
                        "student.layers[0].kernel", "is 6, larger than this layer's input 1x4x5"),
                rule("student.widths = null\nstudent.layers = [{ kind = conv, channels = 2, kernel = 3 },"
                        + " { kind = flatten }]", "student.layers[0].kernel", "larger than this layer's input 1x1x20"),
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = max-pool, size = 2 },"
                        + " { kind = flatten }]", "student.layers[1].size", "does not divide this layer's input 2x3x4"),
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }]", "student.layers[0].kind",
                        "must end in a dense layer or a flatten"),
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = dense, units = 3 }]",
                        "student.layers[1].kind", "put { kind = flatten } before it"),
                rule(TestSpecs.CONV + "student.layers = [{ kind = dropout }]", "student.layers[0].kind",
                        "one of conv | max-pool | avg-pool | flatten | dense", "got \"dropout\""),
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 2, kernel = 2, dilation = 2 }, { kind = flatten }]",
                        "student.layers[0].dilation", "unknown key", "a conv layer: channels, kernel, kind, padding,"
                        + " stride"),
                rule(TestSpecs.CONV + "student.layers = [{ kind = conv, channels = 0, kernel = 2 }, { kind = flatten }]",
                        "student.layers[0].channels", "an integer >= 1"),
                rule(TestSpecs.CONV + "student.layers = [3]", "student.layers[0]", "must be an object"),
                rule("student.layers = [{ kind = dense, units = 3 }]", "student.layers", "student.widths",
                        "give one of them"),
                rule("student.widths = null\nstudent.layers = [{ kind = dense, units = 3 }]\n"
                        + "student.input-shape = [1, 4, 4]", "student.input-shape", "data.dim = 20"),
                rule("student.input-shape = [4, 5]", "student.input-shape", "[channels, height, width]"),
                rule("student.output = three", "student.output", "one of single | two-logits"),
                rule("student.width-multiplier = 0", "student.width-multiplier", "a finite number > 0"),
                rule("data.teacher.layers = []", "data.teacher.layers", "unknown key"),
                rule(TABLE + TestSpecs.CONV.replace("student.input-shape = [1, 4, 5]\n", "")
                        + "student.layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = flatten }]",
                        "student.input-shape", "missing required key for data.kind = table"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("rules")
    void ruleNamesKeyPathAndWhatIsAllowed(String patch, String keyPath, String... fragments) {
        SpecException e = TestSpecs.failure(patch);
        assertEquals(keyPath, e.keyPath(), e.getMessage());
        String line = e.problems().get(0).render(e.origin());
        assertTrue(line.startsWith("test.conf: " + keyPath + ": "), line);
        assertTrue(e.getMessage().contains(line), e.getMessage());
        for (String f : fragments) {
            assertTrue(line.contains(f), "expected '" + f + "' in: " + line);
        }
    }

    @Test
    void aMissingKeyIsReportedWhenAbsentNotOnlyWhenNull() {
        String noDim = TestSpecs.BASE.replace("dim = 20, ", "");
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> TestSpecs.text(noDim));
        assertEquals("data.dim", e.keyPath());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("test.conf: data.dim: missing required key; must be an integer >= 1", e.getMessage());
    }

    @Test
    void theExampleMessageFormat() {
        assertEquals("test.conf: student.widths[0]: must be an integer >= 1, got 0",
                TestSpecs.failure("student.widths = [0]").getMessage());
    }

    @Test
    void gridCellErrorsNameTheCell() {
        SpecException e = TestSpecs.failure("""
                accept.max-train-errors = 8
                grid { "data.train-size" = [4, 32, 6], "student.widths" = [[2], [3]] }
                """);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("accept.max-train-errors", e.keyPath());
        assertEquals("must be an integer in 0..4 (0 = interpolation; at most data.train-size), got 8"
                + " (in grid cell {data.train-size=4, student.widths=2} and 1 more)", e.problems().get(0).message());
        assertTrue(e.problems().get(1).message().endsWith(
                "got 8 (in grid cell {data.train-size=6, student.widths=2} and 1 more)"), e.getMessage());
    }

    @Test
    void anErrorInEveryCellIsReportedOnceWithoutACell() {
        SpecException e = TestSpecs.failure("data.dim = 0\ngrid { \"data.seed\" = [1, 2, 3] }");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("test.conf: data.dim: must be an integer >= 1, got 0", e.getMessage());
    }

    @Test
    void gridValuesAreValidatedAsSettings() {
        SpecException e = TestSpecs.failure("grid { \"student.widths\" = [[2], [0]] }");
        assertEquals("student.widths[0]", e.keyPath());
        assertTrue(e.getMessage().endsWith("must be an integer >= 1, got 0 (in grid cell {student.widths=0})"),
                e.getMessage());
    }
}
