package org.gnc.kernel;

/**
 * Counts the test mistakes of candidates by index: exactly the plain {@link Points#mistakes} definition
 * on the candidate's weights. {@link HeldOutScorer} (any student) and the conv kernel's scorer
 * ({@code kernel.conv.ConvStackScorer}) implement it; {@code sample.Filters#testScorer} chooses.
 */
public interface CandidateScorer {
    /** The number of test points candidate {@code index} misclassifies. */
    int candidateMistakes(long index);
}
