package org.gnc.sample;

/**
 * One accepted network: its candidate index (from which its weights can be rebuilt with
 * {@link org.gnc.model.CandidateWeights#weights}), its training errors, and its mistakes on the test set
 * (test error = testMistakes / nTest).
 */
public record Sample(long index, int trainErrors, int testMistakes) implements java.io.Serializable {
}
