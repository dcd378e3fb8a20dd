package org.gnc.spark.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
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
 * prior (text such as "levels[-1,0,1]"), data_seed (null for tables). Then one column per grid axis,
 * named by its key path with '.' and '-' turned into '_' (an axis whose name is already a column,
 * such as student_widths, is not repeated). An axis column is a bigint when every value of the axis
 * is an integer, a double when every value is a number, and text otherwise.
 */
public final class CellColumns {
    private final List<StructField> fields;
    private final Map<String, Object[]> values;

    private CellColumns(List<StructField> fields, Map<String, Object[]> values) {
        this.fields = List.copyOf(fields);
        this.values = values;
    }

    /** The columns of the cells of {@code sweep} in run {@code runId}. */
    public static CellColumns of(PreparedSweep sweep, String runId) {
        SweepSpec spec = sweep.spec();
        List<StructField> fields = new ArrayList<>(List.of(
                field("sweep", DataTypes.StringType, false),
                field("run_id", DataTypes.StringType, false),
                field("cell_id", DataTypes.StringType, false),
                field("n_train", DataTypes.IntegerType, false),
                field("n_test", DataTypes.IntegerType, false),
                field("input_dim", DataTypes.IntegerType, false),
                field("student_widths", DataTypes.StringType, false),
                field("prior", DataTypes.StringType, false),
                field("data_seed", DataTypes.LongType, true)));
        List<String> fixedNames = fields.stream().map(StructField::name).toList();
        Map<String, DataType> axisTypes = new LinkedHashMap<>();
        for (GridAxis axis : spec.axes()) {
            String name = columnName(axis.path());
            if (!fixedNames.contains(name)) {
                axisTypes.put(axis.path(), typeOf(axis.valueTexts()));
                fields.add(field(name, axisTypes.get(axis.path()), true));
            }
        }
        Map<String, Object[]> values = new HashMap<>();
        for (CellSpec cell : spec.cells()) {
            CellData d = sweep.cells().get(cell.id()).data();
            List<Object> v = new ArrayList<>(Arrays.asList(spec.name(), runId, cell.id(), d.train().size(),
                    d.test().size(), d.train().dim(), cell.student().widthsLabel(), cell.student().prior().label(),
                    cell.data() instanceof DataSpec.TeacherStudent ts ? ts.seed() : null));
            axisTypes.forEach((path, type) -> v.add(parse(cell.axisValues().get(path), type)));
            values.put(cell.id(), v.toArray());
        }
        return new CellColumns(fields, values);
    }

    /** A grid key path as a column name: '.' and '-' become '_'. */
    public static String columnName(String path) {
        return path.replace('.', '_').replace('-', '_');
    }

    /** The schema: these columns followed by {@code more}. */
    public StructType schema(StructField... more) {
        List<StructField> all = new ArrayList<>(fields);
        all.addAll(Arrays.asList(more));
        return new StructType(all.toArray(StructField[]::new));
    }

    /** A row: this cell's leading values followed by {@code more}. */
    public Row row(String cellId, Object... more) {
        Object[] lead = values.get(cellId);
        Object[] all = Arrays.copyOf(lead, lead.length + more.length);
        System.arraycopy(more, 0, all, lead.length, more.length);
        return RowFactory.create(all);
    }

    static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
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
