package org.gnc.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gnc.smc.SmcCellResult;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.BaselineJob;
import org.gnc.spark.ContinualJob;
import org.gnc.spark.EnumerateJob;
import org.gnc.spark.NightlyJob;
import org.gnc.spark.RunWriter;
import org.gnc.spark.SmcFixtures;
import org.gnc.spark.SmcTables;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.SweepJob;
import org.gnc.spec.ContinualSpecParser;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table contract: every table gnc writes has exactly its declared columns (read back from Parquet), the
 * declarations are the contract the readers and notebooks rely on (names, order, types, nullability), and
 * every column a reader can name is one its table writes.
 */
class TablesTest {
    /** Axes of every kind: a fixed column (student.widths, not repeated), bigint, text and double. */
    private static final String GRID = "\"student.widths\" = [[2], [3]], \"data.train-size\" = [4, 5], "
            + "\"data.input\" = [gaussian, rademacher], \"student.prior.std\" = [0.5, 1]";
    private static final String CELL_COLUMNS = "sweep string!, run_id string!, cell_id string!, n_train int!, "
            + "n_test int!, input_dim int!, student_widths string!, prior string!, data_seed bigint, data_classes string, "
            + "data_input string, data_train_size bigint, student_prior_std double";
    /** The test-error columns, the same in cells and checkpoints. */
    private static final String TEST_ERROR = "test_error_mean double, test_error_std double, test_error_se double, "
            + "test_error_q05 double, test_error_q25 double, test_error_q50 double, test_error_q75 double, "
            + "test_error_q95 double, histogram array<bigint!>!";
    private static final String CONTINUAL_COLUMNS = "run_id string!, name string!, ordering string!";

    @TempDir
    static Path dir;
    static PreparedSweep sweep;
    /** Every table written, by folder/name, with the schema it was declared with. */
    static final Map<String, StructType> WRITTEN = new LinkedHashMap<>();

    @BeforeAll
    static void writeEveryTable() throws Exception {
        SparkSession spark = SparkTestSession.get();
        sweep = PreparedSweep.of(SweepSpecParser.parse(config("tables", GRID,
                "target-accepted = 2, max-candidates = 20000"), List.of()));
        SweepJob.Outcome s = SweepJob.run(spark, sweep, folder("sweep"), new SweepJob.Options(0, 0, null, false));
        CellColumns sc = CellColumns.of(sweep, s.runId());
        declare("sweep", SamplesTable.TABLE.schema(sc), ShardsTable.TABLE.schema(sc), CellsTable.TABLE.schema(sc));

        PreparedSweep small = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "small",
                "\"accept.max-train-errors\" = [0, 1]", "target-accepted = 1, max-candidates = 1"),
                List.of("data.dim=3", "student.widths=[2]")));
        EnumerateJob.Outcome e = EnumerateJob.run(spark, small, EnumerateJob.enumerators(small), folder("exact"));
        CellColumns ec = CellColumns.of(small, e.runId());
        declare("exact", ShardsTable.TABLE.schema(ec), CellsTable.TABLE.schema(ec));

        PreparedSweep trained = PreparedSweep.of(SweepSpecParser.parse(SparkTestSession.writeConfig(dir, "sgd",
                "\"data.train-size\" = [4, 8]", "target-accepted = 1, max-candidates = 1"),
                List.of("baseline.seeds=2", "baseline.epochs=20")));
        BaselineJob.Outcome b = BaselineJob.run(spark, trained, BaselineJob.cells(trained), folder("sgd"));
        CellColumns bc = CellColumns.of(trained, b.runId());
        declare("sgd", SamplesTable.TRAINED.schema(bc), CellsTable.TABLE.schema(bc));

        // The SMC tables, staged from hand-made replicates of the small sweep's cells (no engine yet).
        String runId = RunWriter.record(spark, folder("smc"), small.spec().name(), "smc", "", writer -> {
            List<SmcCellResult> runs = small.spec().cells().stream().map(c -> SmcCellResult.combine(
                    c.id(), List.of(SmcFixtures.reached(3, 0, 20, -2, 300), SmcFixtures.died(3, 1, 20, 300),
                            SmcFixtures.reached(5, 0, 20, -3, 300), SmcFixtures.reached(5, 1, 20, -3.5, 300)), 300))
                    .toList();
            SmcTables.stage(writer, small, runs);
            return writer.runId();
        });
        CellColumns mc = CellColumns.of(small, runId);
        declare("smc", PathTable.TABLE.schema(mc), CheckpointsTable.TABLE.schema(mc));

        ContinualJob.run(spark, ContinualSpecParser.parseText("""
                continual { name = tc, seed = 4, seeds = 2, steps = 5, orderings = [cyclic, random] }
                tasks { kind = generated, count = 2, dim = 4, size = 5, input = covariance }
                """, dir, "tc.conf"), null, folder("continual"));
        declare("continual", StepsTable.TABLE.schema(), StepQuantilesTable.TABLE.schema(),
                ContinualCellsTable.TABLE.schema());

        NightlyJob.Outcome night = NightlyJob.run(spark, small, dir.resolve("nightly").toString(),
                LocalDate.parse("2026-03-01"), null, false);
        List<StructField> history = new ArrayList<>(List.of(
                CellsTable.TABLE.schema(CellColumns.of(small, night.sweep().runId())).fields()));
        history.add(HistoryTable.NIGHT.field());
        WRITTEN.put("nightly/" + HistoryTable.NAME, new StructType(history.toArray(StructField[]::new)));
    }

    private static Path config(String name, String grid, String budget) throws java.io.IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, """
                sweep { name = %s, seed = 5 }
                data { kind = teacher-student, dim = 6, train-size = 5, test-size = 50, seed = 3
                       teacher { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } } }
                student { widths = [3], prior { kind = gaussian } }
                budget { %s }
                grid { %s }
                """.formatted(name, budget, grid));
        return conf;
    }

    private static OutputFolder folder(String name) {
        return OutputFolder.prepare(dir.resolve(name).toString(), false, new Configuration());
    }

    /** Records the declared schemas of a folder's tables, and that of its runs table. */
    private static void declare(String folder, StructType... schemas) {
        for (StructType s : schemas) {
            String name = List.of(s.fieldNames()).contains("candidate_index") ? Tables.SAMPLES
                    : List.of(s.fieldNames()).contains("first_index") ? Tables.SHARDS
                    : List.of(s.fieldNames()).contains("method") ? Tables.CELLS
                    : List.of(s.fieldNames()).contains("beta") ? Tables.PATH
                    : List.of(s.fieldNames()).contains("reached") ? Tables.CHECKPOINTS
                    : List.of(s.fieldNames()).contains("task") ? Tables.STEPS
                    : List.of(s.fieldNames()).contains("tasks") ? Tables.CONTINUAL_CELLS : Tables.STEP_QUANTILES;
            WRITTEN.put(folder + "/" + name, s);
        }
        WRITTEN.put(folder + "/" + Tables.RUNS, RunsTable.TABLE.schema());
    }

    @Test
    void everyWrittenTableHasItsDeclaredColumnsAndReadsBackThroughThem() {
        SparkSession spark = SparkTestSession.get();
        assertEquals(18, WRITTEN.size());
        WRITTEN.forEach((table, declared) -> {
            var df = spark.read().parquet(dir.resolve(table).toString());
            // Spark reads every Parquet column back as nullable: names, order and types must match exactly.
            assertEquals(render(declared, false), render(df.schema(), false), table);
            assertTrue(df.count() > 0, table + " is empty");
        });
        // Typed reads through the declared columns: values of the declared Java types, nulls only where allowed.
        Row cell = spark.read().parquet(dir.resolve("sweep/cells").toString()).first();
        for (Column<?, ?> c : CellsTable.TABLE.columns()) {
            Object v = c.read(cell);
            assertTrue(v != null || c.nullable(), c.name());
        }
        assertEquals(CellsTable.SAMPLED, CellsTable.METHOD.read(cell));
        assertInstanceOf(List.class, CellsTable.HISTOGRAM.read(cell));
        assertInstanceOf(Long.class, CellsTable.HISTOGRAM.read(cell).get(0));
        assertEquals(0.05, CellsTable.DELTA.read(cell));
        assertNotNull(CellColumns.CELL_ID.read(cell));
        Row step = spark.read().parquet(dir.resolve("continual/steps").toString()).first();
        assertInstanceOf(List.class, StepsTable.TRAIN_ERRORS.read(step));
        // A column a table lacks (written by an older gnc) reads as null, and as NaN for a number.
        Row old = spark.read().parquet(dir.resolve("sweep/cells").toString()).drop("log_p_star").first();
        assertNull(CellsTable.LOG_P_STAR.read(old));
        assertTrue(Double.isNaN(CellsTable.LOG_P_STAR.readNumber(old)));
    }

    @Test
    void theDeclaredSchemasAreTheTableContract() {
        CellColumns cells = CellColumns.of(sweep, "r");
        assertEquals(CELL_COLUMNS + ", candidate_index bigint!, train_errors int!, test_mistakes int!, "
                + "test_error double!", render(SamplesTable.TABLE.schema(cells), true));
        assertEquals(CELL_COLUMNS + ", candidate_index bigint!, train_errors int!, test_mistakes int!, "
                + "test_error double!, epochs int!, interpolated boolean!, loss double, accepted boolean!, "
                + "normalized_loss double",
                render(SamplesTable.TRAINED.schema(cells), true));
        assertEquals(CELL_COLUMNS + ", shard int!, first_index bigint!, candidates bigint!, accepted bigint!, scored bigint!, "
                + "seconds double!", render(ShardsTable.TABLE.schema(cells), true));
        assertEquals(CELL_COLUMNS + ", method string!, teacher_redraws int!, max_train_errors int!, "
                + "loss_bin_low double, loss_bin_high double, attempts bigint!, accepted bigint!, acceptance_rate double, acceptance_ci_low double, "
                + "acceptance_ci_high double, log_acceptance double, log_acceptance_ci_low double, "
                + "log_acceptance_ci_high double, below_p_star boolean!, censored boolean!, " + TEST_ERROR
                + ", seconds double!, pac_bayes_bound double, log_p_star double, p_star_epsilon double, delta double!",
                render(CellsTable.TABLE.schema(cells), true));
        assertEquals(CELL_COLUMNS + ", checkpoint int!, replicate int!, step int!, beta double!, "
                + "output_tilt double!, log_increment double, log_evidence double, distinct_particles int, move_acceptance double, "
                + "died_at_step int, stopped_at_step int", render(PathTable.TABLE.schema(cells), true));
        assertEquals(CELL_COLUMNS + ", checkpoint int!, replicates int!, reached int!, replicates_stopped int!, "
                + "replicates_dead int!, log_acceptance double, "
                + "log_acceptance_ci_low double, log_acceptance_ci_high double, log_spread double, "
                + "below_p_star boolean!, log_p_star double, " + TEST_ERROR + ", training_points array<bigint!>!",
                render(CheckpointsTable.TABLE.schema(cells), true));
        assertEquals("run_id string!, sweep string!, command string!, config string!, gnc_version string!, "
                + "git_commit string, spark_version string!, master string!, start_time timestamp!, "
                + "end_time timestamp!, status string!, message string", render(RunsTable.TABLE.schema(), true));
        assertEquals(CONTINUAL_COLUMNS + ", seed int!, step int!, task int!, forgetting double!, "
                + "max_violation_seen double!, train_errors array<double>!, mean_seen_train_error double!, "
                + "distance_to_optimum double!, norm double!, projection_sweeps bigint!",
                render(StepsTable.TABLE.schema(), true));
        assertEquals(CONTINUAL_COLUMNS + ", step int!, seeds int!, " + quantiles("forgetting") + ", "
                + quantiles("distance_to_optimum") + ", " + quantiles("norm") + ", "
                + quantiles("mean_seen_train_error"), render(StepQuantilesTable.TABLE.schema(), true));
        assertEquals(CONTINUAL_COLUMNS + ", tasks int!, dim int, steps int!, seeds int!, runs_feasible_at_end int!, "
                + quantiles("final_forgetting") + ", " + quantiles("final_distance_to_optimum") + ", "
                + quantiles("final_norm") + ", " + quantiles("optimum_norm") + ", seconds double!",
                render(ContinualCellsTable.TABLE.schema(), true));
        assertEquals(List.of(Tables.SAMPLES, Tables.SHARDS, Tables.CELLS, Tables.PATH, Tables.CHECKPOINTS,
                Tables.STEPS, Tables.STEP_QUANTILES, Tables.CONTINUAL_CELLS, Tables.MODEL, Tables.ATTACKS,
                Tables.CANDIDATES, Tables.TRAIN_POINTS, Tables.RUNS), Tables.ALL);
    }

    @Test
    void everyColumnAReaderCanNameIsWrittenByItsTable() throws Exception {
        Map<Class<?>, List<TableSchema<?>>> tables = Map.of(
                SamplesTable.class, List.of(SamplesTable.TABLE, SamplesTable.TRAINED),
                ShardsTable.class, List.of(ShardsTable.TABLE),
                CellsTable.class, List.of(CellsTable.TABLE),
                PathTable.class, List.of(PathTable.TABLE),
                CheckpointsTable.class, List.of(CheckpointsTable.TABLE),
                RunsTable.class, List.of(RunsTable.TABLE),
                StepsTable.class, List.of(StepsTable.TABLE),
                StepQuantilesTable.class, List.of(StepQuantilesTable.TABLE),
                ContinualCellsTable.class, List.of(ContinualCellsTable.TABLE),
                ContinualColumns.class, List.of(StepsTable.TABLE, StepQuantilesTable.TABLE, ContinualCellsTable.TABLE));
        for (var e : tables.entrySet()) {
            List<Column<?, ?>> named = namedColumns(e.getKey());
            assertFalse(named.isEmpty(), e.getKey().getSimpleName());
            List<String> fields = e.getValue().stream().flatMap(t -> t.columns().stream()).map(TablesTest::field)
                    .toList();
            for (Column<?, ?> c : named) {
                assertTrue(fields.contains(field(c)), e.getKey().getSimpleName() + "." + c.name()
                        + " is not a column of its tables: " + fields);
            }
        }
        List<String> fixed = CellColumns.FIXED.stream().map(TablesTest::field).toList();
        for (Column<?, ?> c : namedColumns(CellColumns.class)) {
            assertTrue(fixed.contains(field(c)), "CellColumns." + c.name() + " is not one of the fixed columns");
        }
        StructType cells = CellsTable.TABLE.schema(CellColumns.of(sweep, "r"));
        assertEquals(List.of(cells.fieldNames()).subList(0, CellColumns.FIXED.size()),
                CellColumns.FIXED.stream().map(Column::name).toList(), "the cell columns lead");
    }

    /** Every public static Column of {@code type}, and the columns of its public static QuantileColumns. */
    private static List<Column<?, ?>> namedColumns(Class<?> type) throws IllegalAccessException {
        List<Column<?, ?>> out = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (f.get(null) instanceof Column<?, ?> c) {
                out.add(c);
            } else if (f.get(null) instanceof QuantileColumns<?> q) {
                out.addAll(q.all());
            }
        }
        return out;
    }

    private static String field(Column<?, ?> c) {
        return c.field().toString();
    }

    private static String quantiles(String metric) {
        return Stream.of("mean", "q05", "q25", "q50", "q75", "q95").map(s -> metric + "_" + s + " double")
                .collect(Collectors.joining(", "));
    }

    /** "name type" per field, '!' marking what may not be null (with {@code nullability}). */
    private static String render(StructType schema, boolean nullability) {
        return Arrays.stream(schema.fields()).map(f -> f.name() + " " + type(f.dataType(), nullability)
                + (nullability && !f.nullable() ? "!" : "")).collect(Collectors.joining(", "));
    }

    private static String type(DataType t, boolean nullability) {
        if (t instanceof ArrayType a) {
            return "array<" + type(a.elementType(), nullability) + (nullability && !a.containsNull() ? "!" : "")
                    + ">";
        }
        return t.simpleString();
    }
}
