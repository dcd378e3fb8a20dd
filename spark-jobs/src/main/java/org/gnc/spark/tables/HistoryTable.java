package org.gnc.spark.tables;

import static org.apache.spark.sql.functions.lit;
import static org.gnc.spark.tables.Column.text;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The history table of a nightly root: every night's {@link CellsTable} rows, appended once per night, with
 * the night they were computed as a last column (night, text YYYY-MM-DD, so that nights sort as text).
 */
public final class HistoryTable {
    /** The table's folder under the nightly root. */
    public static final String NAME = "history";
    public static final Column<LocalDate, String> NIGHT = text("night", LocalDate::toString);

    private HistoryTable() {
    }

    /** The rows of a night's cells table as history rows of {@code night}. */
    public static Dataset<Row> rows(Dataset<Row> cells, LocalDate night) {
        return cells.withColumn(NIGHT.name(), lit(NIGHT.value(night)));
    }
}
