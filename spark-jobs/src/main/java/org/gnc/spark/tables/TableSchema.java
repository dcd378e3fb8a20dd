package org.gnc.spark.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A gnc table, declared once: its name and its columns in order, each with the getter that takes its value
 * from a finished {@code T}. Both the Spark schema and every row come from this one list, so a row always
 * has one value per field, of the field's type, in the field's place. A per-cell table starts with the
 * sweep's {@link CellColumns} (whose axis columns depend on the sweep), then its own columns. Immutable.
 *
 * @param <T> what one row is laid out from
 */
public record TableSchema<T>(String name, boolean perCell, List<Column<T, ?>> columns) {
    public TableSchema {
        columns = List.copyOf(columns);
        if (columns.stream().map(Column::name).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("table " + name + " names a column twice");
        }
    }

    /** A table of these columns (the lists one after the other). */
    @SafeVarargs
    public static <T> TableSchema<T> of(String name, List<? extends Column<T, ?>>... columns) {
        List<Column<T, ?>> all = new ArrayList<>();
        for (List<? extends Column<T, ?>> part : columns) {
            all.addAll(part);
        }
        return new TableSchema<>(name, false, all);
    }

    /** The per-cell table of these columns: the {@link CellColumns}, then these. */
    public TableSchema<T> afterCellColumns() {
        return new TableSchema<>(name, true, columns);
    }

    /** This table's columns laid out from a value {@code U} of which {@code part} gives the {@code T}. */
    public <U> List<Column<U, ?>> columnsFrom(Function<? super U, ? extends T> part) {
        return Column.allFrom(columns, part);
    }

    /** The schema of a table that is not per-cell. */
    public StructType schema() {
        requirePerCell(false);
        return new StructType(fields().toArray(StructField[]::new));
    }

    /** One row of a table that is not per-cell. */
    public Row row(T value) {
        requirePerCell(false);
        return RowFactory.create(values(value));
    }

    /** The schema of a per-cell table: the cell columns of {@code cells}, then this table's. */
    public StructType schema(CellColumns cells) {
        requirePerCell(true);
        List<StructField> all = new ArrayList<>(cells.fields());
        all.addAll(fields());
        return new StructType(all.toArray(StructField[]::new));
    }

    /** One row of a per-cell table: cell {@code cellId}'s cell columns, then this table's values of {@code value}. */
    public Row row(CellColumns cells, String cellId, T value) {
        return row(cells.lead(cellId), value);
    }

    /** One row of a per-cell table: a cell's column values {@code cell}, then this table's values of {@code value}. */
    public Row row(CellColumns.Lead cell, T value) {
        requirePerCell(true);
        Object[] lead = CellColumns.values(cell);
        Object[] own = values(value);
        Object[] all = Arrays.copyOf(lead, lead.length + own.length);
        System.arraycopy(own, 0, all, lead.length, own.length);
        return RowFactory.create(all);
    }

    /** The names of this table's own columns, in order (after the cell columns for a per-cell table). */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    private List<StructField> fields() {
        return columns.stream().map(Column::field).toList();
    }

    private Object[] values(T value) {
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = columns.get(i).value(value);
        }
        return v;
    }

    private void requirePerCell(boolean expected) {
        if (perCell != expected) {
            throw new IllegalStateException("table " + name + (perCell ? " starts with the cell columns"
                    : " has no cell columns"));
        }
    }
}
