package org.gnc.kernel;

import java.util.Arrays;
import org.gnc.data.Dataset;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;

/**
 * Early rejection on blocks of candidates, exact with respect to {@link ReferenceFilter}.
 *
 * <p>Weights of a block of candidates are drawn together; the training points are then visited one
 * at a time across the block's live candidates, and a candidate leaves the block at its
 * (max-train-errors + 1)-th mistake. Points are visited hardest first: the order is re-sorted after
 * each block by how many candidates each point has rejected so far. A candidate that survives has
 * been evaluated on every point, so its error count is complete. Since each per-point decision is
 * the same forward pass as the reference's, and the accept rule does not depend on the visiting
 * order, both filters accept exactly the same indices with the same error counts.
 */
public final class EarlyRejectionFilter implements InterpolatorFilter {
    /** Candidates per block. */
    public static final int DEFAULT_BLOCK = 64;

    private final CandidateWeights candidates;
    private final Architecture arch;
    private final Points train;
    private final int maxTrainErrors;
    private final int block;
    private final int parameters;
    private final double[] w;
    private final double[] scratch;
    private final int[] errors;
    private final int[] alive;
    private final PointOrder points;

    public EarlyRejectionFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        this(candidates, train, maxTrainErrors, DEFAULT_BLOCK);
    }

    public EarlyRejectionFilter(CandidateWeights candidates, Dataset train, int maxTrainErrors, int block) {
        if (block < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + block);
        }
        this.candidates = candidates;
        this.arch = candidates.architecture();
        this.train = new Points(train, candidates.architecture(), "training");
        this.maxTrainErrors = maxTrainErrors;
        this.block = block;
        this.parameters = candidates.parameterCount();
        this.w = new double[block * parameters];
        this.scratch = arch.newScratch();
        this.errors = new int[block];
        this.alive = new int[block];
        this.points = new PointOrder(this.train.n);
    }

    @Override
    public Acceptances scan(long first, int count) {
        Acceptances.Builder accepted = new Acceptances.Builder();
        for (long start = first; start < first + count; start += block) {
            int size = (int) Math.min(block, first + count - start);
            for (int b = 0; b < size; b++) {
                candidates.fill(start + b, w, b * parameters);
                errors[b] = 0;
                alive[b] = b;
            }
            int live = size;
            for (int t = 0; t < train.n && live > 0; t++) {
                int p = points.order[t];
                int kept = 0;
                for (int a = 0; a < live; a++) {
                    int b = alive[a];
                    if (train.misclassifies(arch, w, b * parameters, p, scratch) && ++errors[b] > maxTrainErrors) {
                        points.rejectedBy(p);
                    } else {
                        alive[kept++] = b;
                    }
                }
                live = kept;
            }
            Arrays.sort(alive, 0, live);
            for (int a = 0; a < live; a++) {
                accepted.add(start + alive[a], errors[alive[a]]);
            }
            points.reorder();
        }
        return accepted.build();
    }

}
