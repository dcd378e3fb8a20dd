package org.gnc.spark.tables;

import java.util.List;

/**
 * The names of the tables gnc writes into an output folder, and the run statuses. Each table's columns
 * are declared once in its own class: {@link SamplesTable}, {@link ShardsTable}, {@link CellsTable} and
 * sequential Monte Carlo's {@link PathTable} and {@link CheckpointsTable} (per cell, after the
 * {@link CellColumns}), {@link RunsTable} (one row per run), and the continual job's {@link StepsTable},
 * {@link StepQuantilesTable} and {@link ContinualCellsTable}, and the reconstruction's {@link ModelTable},
 * {@link AttacksTable}, {@link CandidatesTable} and {@link TrainPointsTable}.
 */
public final class Tables {
    public static final String SAMPLES = "samples";
    public static final String SHARDS = "shards";
    public static final String CELLS = "cells";
    public static final String PATH = "path";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String STEPS = "steps";
    public static final String STEP_QUANTILES = "step_quantiles";
    public static final String CONTINUAL_CELLS = "continual_cells";
    public static final String MODEL = "model";
    public static final String ATTACKS = "attacks";
    public static final String CANDIDATES = "candidates";
    public static final String TRAIN_POINTS = "train_points";
    public static final String RUNS = "runs";
    /** Every table name gnc writes (sweep, continual, reconstruct), in the order they are written. */
    public static final List<String> ALL = List.of(SAMPLES, SHARDS, CELLS, PATH, CHECKPOINTS, STEPS, STEP_QUANTILES,
            CONTINUAL_CELLS, MODEL, ATTACKS, CANDIDATES, TRAIN_POINTS, RUNS);

    /** Run statuses. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private Tables() {
    }
}
