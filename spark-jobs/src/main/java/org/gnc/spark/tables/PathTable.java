package org.gnc.spark.tables;

import static org.gnc.spark.tables.Column.float64;
import static org.gnc.spark.tables.Column.float64OrNull;
import static org.gnc.spark.tables.Column.int32;
import static org.gnc.spark.tables.Column.int32OrNull;
import static org.gnc.spark.tables.Column.logOrNull;

import java.util.List;
import org.gnc.smc.ReplicateRun;
import org.gnc.smc.TemperingStep;

/**
 * The path table of sequential Monte Carlo cells: after the {@link CellColumns}, one row per (checkpoint,
 * replicate, step) of a cell ({@link TemperingStep}): the checkpoint n of the run, the replicate, the step,
 * its inverse temperature beta (+infinity for the final step onto the hard constraint), its output-weight
 * tilt lambda (0 on the plain path), ln r_t and ln p-hat
 * so far (null where -infinity: no particle kept any weight), the distinct particles right after
 * resampling, the fraction of coordinate draws of the moves that changed a parameter (null where there
 * were none), the step the replicate died at, repeated on each of its rows (null for a replicate that did
 * not die), and the step the time budget stopped it at (null for one that was not stopped; its rows are
 * the steps it took, so the last row says how far it got). A replicate stopped before its first measured
 * step (in its pilot) has one row, step -1 ({@link TemperingStep#notStarted}): beta 0, ln r null, ln p-hat
 * so far 0 (ln Z_0), distinct particles and move acceptance null, stopped at step 0.
 */
public final class PathTable {
    /** Step {@code step} of replicate {@code run}. */
    public record Step(ReplicateRun run, TemperingStep step) {
    }

    public static final Column<Step, Integer> CHECKPOINT = int32("checkpoint", s -> s.run().checkpoint());
    public static final Column<Step, Integer> REPLICATE = int32("replicate", s -> s.run().replicate());
    public static final Column<Step, Integer> STEP = int32("step", s -> s.step().step());
    public static final Column<Step, Double> BETA = float64("beta", s -> s.step().beta());
    /** The target's output-weight tilt lambda (0 on the plain path; {@link org.gnc.smc.TemperedSmc}). */
    public static final Column<Step, Double> OUTPUT_TILT = float64("output_tilt", s -> s.step().outputTilt());
    public static final Column<Step, Double> LOG_INCREMENT = logOrNull("log_increment", s -> s.step().logIncrement());
    public static final Column<Step, Double> LOG_EVIDENCE = logOrNull("log_evidence", s -> s.step().logEvidence());
    public static final Column<Step, Integer> DISTINCT_PARTICLES = int32OrNull("distinct_particles",
            s -> s.step().distinct() < 0 ? null : Integer.valueOf(s.step().distinct()));
    public static final Column<Step, Double> MOVE_ACCEPTANCE = float64OrNull("move_acceptance",
            s -> s.step().moveAcceptance());
    public static final Column<Step, Integer> DIED_AT_STEP = int32OrNull("died_at_step",
            s -> s.run().diedAtStep() < 0 ? null : Integer.valueOf(s.run().diedAtStep()));
    /**
     * The step of the measured run that the time budget ({@code budget.max-seconds}) kept from starting,
     * repeated on each of the replicate's rows (0: the pilot ran out of time; null: not stopped).
     */
    public static final Column<Step, Integer> STOPPED_AT_STEP = int32OrNull("stopped_at_step",
            s -> s.run().stopped() ? Integer.valueOf(s.run().stoppedAtStep()) : null);

    public static final TableSchema<Step> TABLE = TableSchema.of(Tables.PATH, List.of(CHECKPOINT, REPLICATE, STEP,
            BETA, OUTPUT_TILT, LOG_INCREMENT, LOG_EVIDENCE, DISTINCT_PARTICLES, MOVE_ACCEPTANCE, DIED_AT_STEP, STOPPED_AT_STEP))
            .afterCellColumns();

    private PathTable() {
    }
}
