package org.gnc.spark.tables;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a gnc table, declared once: its name, Spark type, nullability and the getter that takes
 * its value from the finished value a row is laid out from. A table's schema is its columns' fields in
 * order and a row is their values in the same order ({@link TableSchema}), so schema and rows cannot
 * disagree, and readers find a value through the same declaration ({@link #read}). Immutable.
 *
 * <p>The factories fix the Spark type and the Java type {@code V} of the value together, and write a NaN
 * as null where the column is nullable: {@code float64OrNull}, {@code logOrNull} (also -infinity, ln 0)
 * and the elements of {@code float64Array}.
 *
 * @param <T> what a row is laid out from
 * @param <V> the value as Spark takes and gives it (String, Integer, Long, Double, Boolean, Timestamp, List)
 */
public record Column<T, V>(String name, DataType type, boolean nullable, Function<? super T, ? extends V> getter) {

    /** A string column that is never null. */
    public static <T> Column<T, String> text(String name, Function<? super T, String> getter) {
        return new Column<>(name, DataTypes.StringType, false, getter);
    }

    /** A string column that may be null. */
    public static <T> Column<T, String> textOrNull(String name, Function<? super T, String> getter) {
        return new Column<>(name, DataTypes.StringType, true, getter);
    }

    /** An int column that is never null. */
    public static <T> Column<T, Integer> int32(String name, ToIntFunction<? super T> getter) {
        return new Column<>(name, DataTypes.IntegerType, false, t -> getter.applyAsInt(t));
    }

    /** An int column that may be null. */
    public static <T> Column<T, Integer> int32OrNull(String name, Function<? super T, Integer> getter) {
        return new Column<>(name, DataTypes.IntegerType, true, getter);
    }

    /** A bigint column that is never null. */
    public static <T> Column<T, Long> int64(String name, ToLongFunction<? super T> getter) {
        return new Column<>(name, DataTypes.LongType, false, t -> getter.applyAsLong(t));
    }

    /** A bigint column that may be null. */
    public static <T> Column<T, Long> int64OrNull(String name, Function<? super T, Long> getter) {
        return new Column<>(name, DataTypes.LongType, true, getter);
    }

    /** A double column that is never null (a NaN stays NaN). */
    public static <T> Column<T, Double> float64(String name, ToDoubleFunction<? super T> getter) {
        return new Column<>(name, DataTypes.DoubleType, false, t -> getter.applyAsDouble(t));
    }

    /** A double column where NaN (a statistic of nothing, a bound that does not apply) is written as null. */
    public static <T> Column<T, Double> float64OrNull(String name, ToDoubleFunction<? super T> getter) {
        return new Column<>(name, DataTypes.DoubleType, true, t -> orNull(getter.applyAsDouble(t)));
    }

    /**
     * A double column of a natural log, where NaN (unknown) and -infinity (ln 0, e.g. a rate of 0 or a run
     * that died) are written as null; every finite value, and +infinity, is written as it is.
     */
    public static <T> Column<T, Double> logOrNull(String name, ToDoubleFunction<? super T> getter) {
        return new Column<>(name, DataTypes.DoubleType, true, t -> {
            double v = getter.applyAsDouble(t);
            return v == Double.NEGATIVE_INFINITY ? null : orNull(v);
        });
    }

    /** A boolean column that is never null. */
    public static <T> Column<T, Boolean> bool(String name, Predicate<? super T> getter) {
        return new Column<>(name, DataTypes.BooleanType, false, getter::test);
    }

    /** A timestamp column that is never null, from epoch milliseconds. */
    public static <T> Column<T, Timestamp> timestamp(String name, ToLongFunction<? super T> millis) {
        return new Column<>(name, DataTypes.TimestampType, false, t -> new Timestamp(millis.applyAsLong(t)));
    }

    /** An array&lt;bigint&gt; column, neither it nor its elements null. */
    public static <T> Column<T, List<Long>> int64Array(String name, Function<? super T, long[]> getter) {
        return new Column<>(name, DataTypes.createArrayType(DataTypes.LongType, false), false,
                t -> Arrays.stream(getter.apply(t)).boxed().toList());
    }

    /** An array&lt;double&gt; column that is never null, whose NaN elements are written as null. */
    public static <T> Column<T, List<Double>> float64Array(String name, Function<? super T, double[]> getter) {
        return new Column<>(name, DataTypes.createArrayType(DataTypes.DoubleType, true), false,
                t -> Arrays.stream(getter.apply(t)).mapToObj(Column::orNull).toList());
    }

    /** The Spark field of this column. */
    public StructField field() {
        return DataTypes.createStructField(name, type, nullable);
    }

    /** This column's value in the row laid out from {@code row}. */
    public V value(T row) {
        return getter.apply(row);
    }

    /** The same column laid out from a value {@code U} of which {@code part} gives the {@code T}. */
    public <U> Column<U, V> from(Function<? super U, ? extends T> part) {
        return new Column<>(name, type, nullable, u -> getter.apply(part.apply(u)));
    }

    /** {@code columns}, each laid out from a value {@code U} of which {@code part} gives the {@code T}. */
    public static <T, U> List<Column<U, ?>> allFrom(List<? extends Column<T, ?>> columns,
                                                    Function<? super U, ? extends T> part) {
        return columns.stream().<Column<U, ?>>map(c -> c.from(part)).toList();
    }

    /**
     * This column's value in a row read back from a table; null where the value is null or the row has no
     * such column (a table written before the column was added).
     */
    @SuppressWarnings("unchecked")
    public V read(Row row) {
        if (row.schema().getFieldIndex(name).isEmpty()) {
            return null;
        }
        int i = row.fieldIndex(name);
        if (row.isNullAt(i)) {
            return null;
        }
        return (V) (type instanceof ArrayType ? row.getList(i) : row.get(i));
    }

    /** {@link #read} as a double of a numeric column: NaN where that gives null. */
    public double readNumber(Row row) {
        Object v = read(row);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
