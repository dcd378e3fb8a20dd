package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.text;

import java.util.List;
import java.util.function.Function;

/**
 * The leading columns of every table of {@code gnc continual} ({@link StepsTable},
 * {@link StepQuantilesTable}, {@link ContinualCellsTable}): run_id, name (of the continual sweep) and
 * ordering.
 */
public final class ContinualColumns {
    /** What the leading columns are laid out from: the run, the sweep's name and the ordering's config name. */
    public record Head(String runId, String name, String ordering) {
    }

    public static final Column<Head, String> RUN_ID = text("run_id", Head::runId);
    public static final Column<Head, String> NAME = text("name", Head::name);
    public static final Column<Head, String> ORDERING = text("ordering", Head::ordering);

    private ContinualColumns() {
    }

    /** The leading columns, laid out from a row's value {@code T} of which {@code head} gives the head. */
    public static <T> List<Column<T, ?>> head(Function<? super T, Head> head) {
        return List.of(RUN_ID.from(head), NAME.from(head), ORDERING.from(head));
    }
}
