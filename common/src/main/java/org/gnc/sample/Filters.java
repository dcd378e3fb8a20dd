package org.gnc.sample;

import org.gnc.data.Dataset;
import org.gnc.kernel.CandidateScorer;
import org.gnc.kernel.DenseReluFilter;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.kernel.ProjectedGaussianFilter;
import org.gnc.kernel.ReferenceFilter;
import org.gnc.kernel.conv.ConvStackFilter;
import org.gnc.kernel.conv.ConvStackScorer;
import org.gnc.kernel.packed.PackedLevelsFilter;
import org.gnc.model.CandidateWeights;

/**
 * The per-cell choice of kernel. The rule, first match wins:
 * <ol>
 *   <li>{@link ProjectedGaussianFilter} when the candidates use the projected encoding
 *       ({@link CandidateWeights#projected} is not null: a Gaussian prior on one ReLU hidden layer
 *       without hidden biases, linearly independent training inputs; {@link CandidateWeights#forCell}
 *       decides). It is the only kernel besides the generic ones that reads that encoding.</li>
 *   <li>{@link PackedLevelsFilter} when {@link PackedLevelsFilter#supports} holds: a finite prior on
 *       one ReLU hidden layer without biases, the input dimension a multiple of the digits per word
 *       m(k) (ternary: d = 20, 40, ...; binary: d = 32, 64, ...).</li>
 *   <li>{@link DenseReluFilter} when {@link DenseReluFilter#supports} holds: a continuous prior
 *       (uniform, Gaussian) on one ReLU hidden layer, biases allowed, in the direct encoding (for a
 *       uniform prior it decides from the weights' high bits, with a rounding bound and a fallback).</li>
 *   <li>{@link ConvStackFilter} when {@link ConvStackFilter#supports} holds: ReLU students with at least
 *       one conv layer (conv, max-pool, avg-pool, flatten and dense layers, any stride and padding,
 *       biases or not, one output or two logits, any prior; a padded conv needs a prior with finite
 *       weights), the reference's arithmetic in the reference's order with im2col and the Vector API.</li>
 *   <li>{@link EarlyRejectionFilter} for everything else: deeper dense stacks or other activations, conv
 *       students with another activation, dense two-logit outputs (point by point, hardest first, through
 *       {@link org.gnc.model.Architecture#output}, the one forward pass).</li>
 * </ol>
 * The first three are written for fully connected networks with one output: each one's {@code supports}
 * (and {@link org.gnc.model.ProjectedGaussian#supports}) requires
 * {@link org.gnc.model.Architecture#isDenseSingleOutput}.
 * Every choice accepts exactly the indices {@link ReferenceFilter} accepts, so the choice changes
 * speed only, never results. Likewise for test scoring ({@link #testScorer}): {@link ConvStackScorer}
 * (the conv filter's forward pass) where {@link ConvStackFilter} applies, else {@link HeldOutScorer};
 * both count exactly the plain mistakes.
 */
public final class Filters {
    private Filters() {
    }

    /** The fastest exact filter for these candidates and training data. */
    public static InterpolatorFilter choose(CandidateWeights candidates, Dataset train, int maxTrainErrors) {
        if (candidates.projected() != null) {
            return new ProjectedGaussianFilter(candidates, train, maxTrainErrors);
        }
        if (PackedLevelsFilter.supports(candidates.architecture(), candidates.prior())) {
            return new PackedLevelsFilter(candidates, train, maxTrainErrors);
        }
        if (DenseReluFilter.supports(candidates.architecture(), candidates.prior())) {
            return new DenseReluFilter(candidates, train, maxTrainErrors);
        }
        if (ConvStackFilter.supports(candidates.architecture(), candidates.prior())) {
            return new ConvStackFilter(candidates, train, maxTrainErrors);
        }
        return new EarlyRejectionFilter(candidates, train, maxTrainErrors);
    }

    /** The fastest exact scorer of these candidates' test mistakes on {@code test}. */
    public static CandidateScorer testScorer(CandidateWeights candidates, Dataset test) {
        if (candidates.projected() == null && ConvStackFilter.supports(candidates.architecture(), candidates.prior())) {
            return new ConvStackScorer(candidates.architecture(), candidates, test, true);
        }
        return new HeldOutScorer(candidates, test);
    }
}
