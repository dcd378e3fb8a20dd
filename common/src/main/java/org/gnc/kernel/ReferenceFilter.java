package org.gnc.kernel;

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
        this.candidates = candidates;
        this.train = new Points(train, candidates.architecture(), "training");
        this.maxTrainErrors = maxTrainErrors;
        this.w = new double[candidates.parameterCount()];
        this.scratch = candidates.architecture().newScratch();
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        for (long i = first; i < first + count; i++) {
            candidates.fill(i, w, 0);
            int m = train.mistakes(candidates.architecture(), w, 0, scratch);
            if (m <= maxTrainErrors) {
                accepted.add(i, m);
            }
        }
        return accepted.build();
    }
}
