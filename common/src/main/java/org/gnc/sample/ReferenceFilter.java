package org.gnc.sample;

import java.util.Arrays;
import org.gnc.data.Dataset;
import org.gnc.model.CandidateWeights;

/**
 * The plain definition of acceptance: for each candidate, a full forward pass on every training
 * point in natural order, then accept iff the mistake count is at most max-train-errors. Slow and
 * obviously right; every fast filter is tested against it on the same indices.
 */
public final class ReferenceFilter implements InterpolatorFilter {
    private final CandidateWeights candidates;
    private final Points train;
    private final int maxTrainErrors;
    private final double[] w;
    private final double[] scratch;

    public ReferenceFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        if (train.dim() != candidates.architecture().inputDim()) {
            throw new IllegalArgumentException("training inputs have dimension " + train.dim()
                    + ", the network expects " + candidates.architecture().inputDim());
        }
        this.candidates = candidates;
        this.train = new Points(train);
        this.maxTrainErrors = maxTrainErrors;
        this.w = new double[candidates.parameterCount()];
        this.scratch = candidates.architecture().newScratch();
    }

    @Override
    public Acceptances scan(long first, int count) {
        long[] idx = new long[16];
        int[] err = new int[16];
        int accepted = 0;
        for (long i = first; i < first + count; i++) {
            candidates.fill(i, w, 0);
            int m = train.mistakes(candidates.architecture(), w, 0, scratch);
            if (m <= maxTrainErrors) {
                if (accepted == idx.length) {
                    idx = Arrays.copyOf(idx, 2 * accepted);
                    err = Arrays.copyOf(err, 2 * accepted);
                }
                idx[accepted] = i;
                err[accepted++] = m;
            }
        }
        return new Acceptances(Arrays.copyOf(idx, accepted), Arrays.copyOf(err, accepted));
    }
}
