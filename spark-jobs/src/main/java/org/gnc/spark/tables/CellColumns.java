package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int64OrNull;
import static org.gnc.spark.tables.Column.text;
import static org.gnc.spark.tables.Column.textOrNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.gnc.data.CellData;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.CellSpec;
import org.gnc.spec.DataSpec;
import org.gnc.spec.GridAxis;
import org.gnc.spec.SweepSpec;

/**
 * The leading columns of every per-cell table: sweep, run_id, cell_id, then the cell's settings,
 * so that charts can group by them without joins.
 *
 * <p>Always: n_train, n_test, input_dim, student_widths (text: "8", "16x16", "" for a perceptron),
 * prior (text such as "levels[-1,0,1]"), data_seed (data.seed of teacher-student and generated
 * data; null for tables and IDX files), data_classes (the IDX classes of labels -1 and +1 as "neg,pos", such
 * as "0,1", also when {@code classes = random} drew them; null for other data). Then one column per grid axis,
 * named by its key path with '.' and '-' turned into '_' (an axis whose name is already a column,
 * such as student_widths, is not repeated). An axis column is a bigint when every value of the axis
 * is an integer, a double when every value is a number, and text otherwise. The fixed columns are
 * declared here; an instance holds those of one sweep's run, with every cell's values computed once.
 */
public final class CellColumns {
    /** What a cell's leading columns are laid out from: the sweep's name, the run, the cell and its data. */
    public record Head(String sweep, String runId, CellSpec cell, CellData data) {
    }

    public static final Column<Head, String> SWEEP = text("sweep", Head::sweep);
    public static final Column<Head, String> RUN_ID = text("run_id", Head::runId);
    public static final Column<Head, String> CELL_ID = text("cell_id", h -> h.cell().id());
    public static final Column<Head, Integer> N_TRAIN = int32("n_train", h -> h.data().train().size());
    public static final Column<Head, Integer> N_TEST = int32("n_test", h -> h.data().test().size());
    public static final Column<Head, Integer> INPUT_DIM = int32("input_dim", h -> h.data().train().dim());
    public static final Column<Head, String> STUDENT_WIDTHS = text("student_widths",
            h -> h.cell().student().widthsLabel());
    public static final Column<Head, String> PRIOR = text("prior", h -> h.cell().student().prior().label());
    public static final Column<Head, Long> DATA_SEED = int64OrNull("data_seed", h -> dataSeed(h.cell().data()));
    /** The IDX class pair "neg,pos" (labels -1, +1), drawn or as written; null for data without classes. */
    public static final Column<Head, String> DATA_CLASSES = textOrNull("data_classes", h -> h.data().classes());
    /** The columns every per-cell table starts with, before the grid axes. */
    public static final List<Column<Head, ?>> FIXED = List.of(SWEEP, RUN_ID, CELL_ID, N_TRAIN, N_TEST, INPUT_DIM,
            STUDENT_WIDTHS, PRIOR, DATA_SEED, DATA_CLASSES);

    private final List<Column<Head, ?>> columns;
    private final Map<String, Object[]> values;

    private CellColumns(List<Column<Head, ?>> columns, Map<String, Object[]> values) {
        this.columns = List.copyOf(columns);
        this.values = values;
    }

    /** The columns of the cells of {@code sweep} in run {@code runId}. */
    public static CellColumns of(PreparedSweep sweep, String runId) {
        SweepSpec spec = sweep.spec();
        List<Column<Head, ?>> columns = new ArrayList<>(FIXED);
        List<String> fixedNames = FIXED.stream().map(Column::name).toList();
        for (GridAxis axis : spec.axes()) {
            String name = columnName(axis.path());
            if (!fixedNames.contains(name)) {
                DataType type = typeOf(axis.valueTexts());
                columns.add(new Column<>(name, type, true,
                        h -> parse(h.cell().axisValues().get(axis.path()), type)));
            }
        }
        Map<String, Object[]> values = new HashMap<>();
        for (CellSpec cell : spec.cells()) {
            Head head = new Head(spec.name(), runId, cell, sweep.cells().get(cell.id()).data());
            values.put(cell.id(), columns.stream().map(c -> c.value(head)).toArray());
        }
        return new CellColumns(columns, values);
    }

    /** The seed the cell's data are a function of: data.seed of generated data, null for files. */
    private static Long dataSeed(DataSpec data) {
        if (data instanceof DataSpec.TeacherStudent ts) {
            return ts.seed();
        }
        return data instanceof DataSpec.Generated g ? Long.valueOf(g.seed()) : null;
    }

    /** A grid key path as a column name: '.' and '-' become '_'. */
    public static String columnName(String path) {
        return path.replace('.', '_').replace('-', '_');
    }

    /** The fields of these columns, in order. */
    List<StructField> fields() {
        return columns.stream().map(Column::field).toList();
    }

    /** Cell {@code cellId}'s values of these columns, in order (shared: copy, never change). */
    Object[] values(String cellId) {
        return values.get(cellId);
    }

    /**
     * A cell's values of these columns, on their own (serializable, so a Spark task can carry them and lay out
     * rows on an executor with {@link TableSchema#row(Lead, Object)}).
     */
    public static final class Lead implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Object[] values;

        private Lead(Object[] values) {
            this.values = values;
        }
    }

    /** Cell {@code cellId}'s values of these columns, to lay out its rows elsewhere. */
    public Lead lead(String cellId) {
        return new Lead(values(cellId));
    }

    /** The values a {@link Lead} holds (shared: copy, never change). */
    static Object[] values(Lead lead) {
        return lead.values;
    }

    private static DataType typeOf(List<String> texts) {
        if (texts.stream().allMatch(t -> t.matches("-?\\d{1,18}"))) {
            return DataTypes.LongType;
        }
        if (texts.stream().allMatch(CellColumns::isNumber)) {
            return DataTypes.DoubleType;
        }
        return DataTypes.StringType;
    }

    private static boolean isNumber(String t) {
        try {
            Double.parseDouble(t);
            return !t.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object parse(String text, DataType type) {
        if (type == DataTypes.LongType) {
            return Long.parseLong(text);
        }
        return type == DataTypes.DoubleType ? Double.parseDouble(text) : text;
    }
}
