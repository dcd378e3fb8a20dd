package org.gnc.continual;

import java.util.ArrayList;
import java.util.List;
import org.gnc.stats.SampleQuantiles;

/**
 * Summaries over seeds (replicates) of SMM runs of one cell (one ordering of one task family
 * config): per step, the quantile bands of forgetting, distance to w*, ||w|| and mean training error
 * on the seen tasks; per cell, the same at the last step, plus ||w*|| and how many runs ended
 * {@value #FEASIBLE_TOLERANCE}-feasible for every seen task. All quantiles are
 * {@link SampleQuantiles} (type 7); each run must have the same number of steps.
 */
public final class Summaries {
    /** A run counts as having reached the intersection when maxViolationSeen <= this at its last step. */
    public static final double FEASIBLE_TOLERANCE = 1e-6;

    /** The bands of one step over seeds. */
    public record StepBand(int step, SampleQuantiles forgetting, SampleQuantiles distanceToOptimum,
                           SampleQuantiles norm, SampleQuantiles meanSeenTrainError) {
    }

    /** The summary of a cell over seeds, at its last step. */
    public record Cell(int runs, int steps, SampleQuantiles finalForgetting, SampleQuantiles finalDistanceToOptimum,
                       SampleQuantiles finalNorm, SampleQuantiles optimumNorm, int runsFeasibleAtEnd) {
    }

    private Summaries() {
    }

    /** One band per step, over the runs (each a list of records, step 1..k in order). */
    public static List<StepBand> bands(List<List<StepRecord>> runs) {
        int k = runs.get(0).size();
        List<StepBand> out = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            double[] f = new double[runs.size()];
            double[] dist = new double[runs.size()];
            double[] norm = new double[runs.size()];
            double[] err = new double[runs.size()];
            for (int r = 0; r < runs.size(); r++) {
                StepRecord rec = runs.get(r).get(s);
                f[r] = rec.forgetting();
                dist[r] = rec.distanceToOptimum();
                norm[r] = rec.norm();
                err[r] = rec.meanSeenTrainError();
            }
            out.add(new StepBand(s + 1, SampleQuantiles.of(f), SampleQuantiles.of(dist), SampleQuantiles.of(norm),
                    SampleQuantiles.of(err)));
        }
        return out;
    }

    /** The cell summary; {@code optimumNorms[r]} is ||w*|| of run r's family. */
    public static Cell cell(List<List<StepRecord>> runs, double[] optimumNorms) {
        int n = runs.size();
        double[] f = new double[n];
        double[] dist = new double[n];
        double[] norm = new double[n];
        int feasible = 0;
        for (int r = 0; r < n; r++) {
            List<StepRecord> run = runs.get(r);
            StepRecord last = run.get(run.size() - 1);
            f[r] = last.forgetting();
            dist[r] = last.distanceToOptimum();
            norm[r] = last.norm();
            if (last.maxViolationSeen() <= FEASIBLE_TOLERANCE) {
                feasible++;
            }
        }
        return new Cell(n, runs.get(0).size(), SampleQuantiles.of(f), SampleQuantiles.of(dist),
                SampleQuantiles.of(norm), SampleQuantiles.of(optimumNorms), feasible);
    }
}
