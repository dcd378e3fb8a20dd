package org.gnc.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.gnc.sample.PreparedSweep;
import org.gnc.smc.CheckpointEstimate;
import org.gnc.smc.ReplicateRun;
import org.gnc.smc.TemperingStep;
import org.gnc.spark.tables.CellColumns;
import org.gnc.spark.tables.CheckpointsTable;
import org.gnc.spark.tables.PathTable;

/**
 * Stages the two tables of a run's sequential Monte Carlo cells with its {@link RunWriter}, the way the
 * sweep job stages samples and shards: {@link PathTable} (every step of every replicate of every
 * checkpoint) and {@link CheckpointsTable} (the estimate at every checkpoint). The cells rows of those
 * cells are the job's ({@link org.gnc.spark.tables.CellsTable.Cell#smc} from {@link CellRuns#atN}).
 */
public final class SmcTables {

    /**
     * One SMC cell's finished replicates of every checkpoint and the estimate at each checkpoint, in
     * increasing n; every estimate was combined from the replicates of its checkpoint. Immutable.
     */
    public record CellRuns(String cellId, List<ReplicateRun> runs, List<CheckpointEstimate> checkpoints) {
        public CellRuns {
            runs = List.copyOf(runs);
            checkpoints = List.copyOf(checkpoints);
            if (checkpoints.isEmpty()) {
                throw new IllegalArgumentException("cell " + cellId + " has no checkpoint");
            }
            for (int i = 0; i < checkpoints.size(); i++) {
                CheckpointEstimate e = checkpoints.get(i);
                int n = e.n();
                if (i > 0 && n <= checkpoints.get(i - 1).n()) {
                    throw new IllegalArgumentException("checkpoints of cell " + cellId + " must increase, got "
                            + checkpoints.get(i - 1).n() + " then " + n);
                }
                long replicates = runs.stream().filter(r -> r.checkpoint() == n).count();
                if (replicates != e.replicates()) {
                    throw new IllegalArgumentException("checkpoint " + n + " of cell " + cellId + " combines "
                            + e.replicates() + " replicates, but " + replicates + " runs are given for it");
                }
            }
            if (runs.stream().mapToInt(ReplicateRun::checkpoint).distinct().count() != checkpoints.size()) {
                throw new IllegalArgumentException("cell " + cellId + " has runs of a checkpoint without estimate");
            }
        }

        /**
         * The runs of a cell with {@code nTest} test points, each checkpoint's replicates combined by
         * {@link CheckpointEstimate#combine}.
         */
        public static CellRuns combine(String cellId, List<ReplicateRun> runs, int nTest) {
            Map<Integer, List<ReplicateRun>> byCheckpoint = new TreeMap<>();
            for (ReplicateRun r : runs) {
                byCheckpoint.computeIfAbsent(r.checkpoint(), n -> new ArrayList<>()).add(r);
            }
            List<CheckpointEstimate> estimates = byCheckpoint.entrySet().stream()
                    .map(e -> CheckpointEstimate.combine(e.getKey(), e.getValue(), nTest)).toList();
            return new CellRuns(cellId, runs, estimates);
        }

        /** The estimate at the last checkpoint, the cell's full training set (its cells row). */
        public CheckpointEstimate atN() {
            return checkpoints.get(checkpoints.size() - 1);
        }
    }

    private SmcTables() {
    }

    /**
     * Stages the path and checkpoints tables of {@code cells} (cells of {@code sweep}; ln p* is each cell's,
     * {@link org.gnc.sample.CellBounds#logPStar}); rows in the order given, steps in run order.
     */
    public static void stage(RunWriter writer, PreparedSweep sweep, List<CellRuns> cells) {
        CellColumns columns = CellColumns.of(sweep, writer.runId());
        List<Row> path = new ArrayList<>();
        List<Row> checkpoints = new ArrayList<>();
        for (CellRuns cell : cells) {
            String id = cell.cellId();
            if (!sweep.cells().containsKey(id)) {
                throw new IllegalArgumentException("cell " + id + " is not a cell of sweep " + sweep.spec().name());
            }
            for (ReplicateRun run : cell.runs()) {
                for (TemperingStep step : run.steps()) {
                    path.add(PathTable.TABLE.row(columns, id, new PathTable.Step(run, step)));
                }
            }
            double logPStar = sweep.cells().get(id).bounds().logPStar();
            for (CheckpointEstimate e : cell.checkpoints()) {
                checkpoints.add(CheckpointsTable.TABLE.row(columns, id, CheckpointsTable.Checkpoint.of(e, logPStar)));
            }
        }
        writer.stage(PathTable.TABLE, columns, path);
        writer.stage(CheckpointsTable.TABLE, columns, checkpoints);
    }
}
