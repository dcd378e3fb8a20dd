package org.gnc.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.smc.ReplicateRun;
import org.gnc.smc.SmcCellResult;
import org.gnc.smc.TemperingStep;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CheckpointsTable;
import org.gnc.spark.tables.PathTable;

/**
 * Stages the two tables of a run's sequential Monte Carlo cells with its {@link RunWriter}, the way the
 * sweep job stages samples and shards: {@link PathTable} (every step of every replicate of every
 * checkpoint) and {@link CheckpointsTable} (the estimate at every checkpoint). The cells rows of those
 * cells are the job's ({@link org.gnc.spark.tables.CellsTable.Cell#smc} from {@link SmcCellResult#atN}).
 */
public final class SmcTables {

    private SmcTables() {
    }

    /**
     * Stages the path and checkpoints tables of {@code cells} (cells of {@code sweep}; ln p* is each cell's,
     * {@link org.gnc.sample.CellBounds#logPStar}); rows in the order given, steps in run order.
     */
    public static void stage(RunWriter writer, PreparedSweep sweep, List<SmcCellResult> cells) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<Row> path = new ArrayList<>();
        List<Row> checkpoints = new ArrayList<>();
        for (SmcCellResult cell : cells) {
            String id = cell.cellId();
            if (!sweep.cells().containsKey(id)) {
                throw new IllegalArgumentException("cell " + id + " is not a cell of sweep " + sweep.spec().name());
            }
            for (ReplicateRun run : cell.runs()) {
                for (TemperingStep step : run.pathSteps()) {
                    path.add(PathTable.TABLE.row(columns, id, new PathTable.Step(run, step)));
                }
            }
            double logPStar = sweep.cells().get(id).bounds().logPStar();
            for (CheckpointEstimate e : cell.checkpoints()) {
                checkpoints.add(CheckpointsTable.TABLE.row(columns, id, CheckpointsTable.Checkpoint.of(e, logPStar, cell.pointOrder())));
            }
        }
        writer.stage(PathTable.TABLE, columns, path);
        writer.stage(CheckpointsTable.TABLE, columns, checkpoints);
    }
}
