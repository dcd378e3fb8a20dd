package org.gnc.sample;

import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;
import org.gnc.model.NormalizedLoss;
import org.gnc.spec.LossBin;

/**
 * A cell's loss bin applied after its kernel: of the candidates the kernel accepts, keeps those whose
 * normalized training cross-entropy ({@link NormalizedLoss}, computed with the reference forward pass
 * {@link Architecture#output} on the candidate's weights) lies in the bin, with the kernel's error
 * counts. Since every kernel accepts exactly {@link org.gnc.kernel.ReferenceFilter}'s indices, this
 * filter accepts exactly the reference's acceptances whose loss is in the bin, whatever the kernel; so
 * counts and acceptance rates mean "fits the training set and lies in the bin". Not thread-safe: one per
 * thread, like the kernel it wraps.
 */
public final class LossBinFilter implements InterpolatorFilter {
    private final InterpolatorFilter kernel;
    private final CandidateWeights candidates;
    private final LossBin bin;
    private final double[] x;
    private final int[] y;
    private final double[] w;
    private final double[] scratch;

    public LossBinFilter(InterpolatorFilter kernel, CandidateWeights candidates, Dataset train, LossBin bin) {
        this.kernel = kernel;
        this.candidates = candidates;
        this.bin = bin;
        this.x = train.features();
        this.y = train.labels();
        this.w = new double[candidates.parameterCount()];
        this.scratch = candidates.architecture().newScratch();
    }

    /** {@code kernel} alone when {@code bin} is null, else {@code kernel} followed by the bin. */
    public static InterpolatorFilter of(InterpolatorFilter kernel, CandidateWeights candidates, Dataset train,
                                        LossBin bin) {
        return bin == null ? kernel : new LossBinFilter(kernel, candidates, train, bin);
    }

    /** The normalized training loss of candidate {@code index}. */
    public double loss(long index) {
        candidates.fill(index, w, 0);
        return NormalizedLoss.meanCrossEntropy(candidates.architecture(), w, 0, x, y, bin.layerScale(), scratch);
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances accepted = kernel.scan(first, count);
        long[] idx = accepted.indices();
        int[] err = accepted.trainErrors();
        Acceptances.Builder inBin = new Acceptances.Builder();
        for (int a = 0; a < idx.length; a++) {
            if (bin.contains(loss(idx[a]))) {
                inBin.add(idx[a], err[a]);
            }
        }
        return inBin.build();
    }
}
