package org.gnc.kernel;

/**
 * Counts the test mistakes of candidates by index, or of given weights of the scorer's architecture:
 * exactly the plain {@link Points#mistakes} definition on those weights. {@link HeldOutScorer} (any student) and the conv kernel's scorer
 * ({@code kernel.conv.ConvStackScorer}) implement it; {@code sample.Filters#testScorer} chooses.
 */
public interface CandidateScorer {
    /** The number of test points candidate {@code index} misclassifies. */
    int candidateMistakes(long index);

    /** The number of test points the network with weights w[wOff ..] misclassifies. */
    int mistakes(double[] w, int wOff);
}
