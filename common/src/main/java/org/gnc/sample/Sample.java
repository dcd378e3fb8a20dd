package org.gnc.sample;

/**
 * One accepted network: its candidate index (from which its weights can be rebuilt with
 * {@link org.gnc.model.CandidateWeights#weights}), its training errors, and its mistakes on the test set
 * (test error = testMistakes / nTest), or {@link #UNSCORED} when it was counted but not scored on the test
 * set (a shard scores only the acceptances that can still be kept, see {@link ShardTask#scoreAtMost}).
 */
public record Sample(long index, int trainErrors, int testMistakes) implements java.io.Serializable {
    /** The test mistakes of an accepted network that was not scored on the test set. */
    public static final int UNSCORED = -1;

    /** Was this network scored on the test set? */
    public boolean scored() {
        return testMistakes != UNSCORED;
    }

    /** This network with its test mistakes. */
    public Sample withTestMistakes(int mistakes) {
        return new Sample(index, trainErrors, mistakes);
    }
}
