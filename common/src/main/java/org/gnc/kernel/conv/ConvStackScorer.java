package org.gnc.kernel.conv;

import org.gnc.data.Dataset;
import org.gnc.kernel.CandidateScorer;
import org.gnc.kernel.Points;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;

/**
 * Counts a ReLU conv student's test mistakes exactly as the plain definition {@link Points#mistakes}
 * does, with {@link ConvStackFilter}'s forward pass ({@link ConvStackNetwork}, vectorized where the
 * Vector API is present): every test point's output is {@link Architecture#output}'s double bit for bit,
 * so every label, and the count, is the reference's. No rounding bound and no fallback are needed.
 *
 * <p>A candidate by index ({@link #candidateMistakes}) is drawn as the filter draws it (a uniform prior's
 * dense matrices straight into the transposed layout of the vector path, a column once a test point's
 * input to it is not 0); given weights
 * ({@link #mistakes(double[], int)}, e.g. SMC's particles) are copied. A padded conv needs finite weights:
 * {@link #exactFor} says whether given weights are such (a candidate of a prior
 * {@link ConvStackFilter#supports} always is), and given weights that are not take the plain pass
 * ({@link Points#mistakes}), so every count is the plain one. {@code sample.Filters#testScorer} chooses it
 * for the candidates {@link ConvStackFilter#supports}. Not thread-safe: one per task.
 */
public final class ConvStackScorer implements CandidateScorer {
    private final Architecture arch;
    private final Points test;
    private final ConvStackNetwork network;
    private final boolean pads;
    private final int parameters;
    /** The plain forward pass's scratch, for given weights that {@link #exactFor} refuses. */
    private final double[] scratch;

    /** True when the scorer applies to the architecture: ReLU and at least one conv layer. */
    public static boolean supports(Architecture arch) {
        return ConvStackNetwork.fits(arch);
    }

    /**
     * A scorer of networks of {@code arch} on {@code data}; {@code candidates} (of that architecture, or
     * null when only given weights are scored) is what {@link #candidateMistakes} draws;
     * {@code allowVector = false} forces the scalar path.
     */
    public ConvStackScorer(Architecture arch, CandidateWeights candidates, Dataset data, boolean allowVector) {
        this.arch = arch;
        this.test = new Points(data, arch, "test");
        this.network = new ConvStackNetwork(arch, candidates, allowVector);
        this.pads = ConvStackNetwork.pads(arch);
        this.parameters = arch.parameterCount();
        this.scratch = arch.newScratch();
    }

    /** True when the Vector API path runs. */
    public boolean vectorized() {
        return network.vectorized();
    }

    /** True when the weights w[wOff ..] can be scored here exactly: no conv pads, or all are finite. */
    public boolean exactFor(double[] w, int wOff) {
        if (!pads) {
            return true;
        }
        for (int j = wOff; j < wOff + parameters; j++) {
            if (!Double.isFinite(w[j])) {
                return false;
            }
        }
        return true;
    }

    /** The test mistakes of candidate {@code index} (whose prior {@link ConvStackFilter#supports} the student). */
    @Override
    public int candidateMistakes(long index) {
        network.load(index);
        return currentMistakes();
    }

    /**
     * The test mistakes of the network with weights w[wOff ..]: this forward pass where {@link #exactFor}
     * holds, else the plain one.
     */
    @Override
    public int mistakes(double[] w, int wOff) {
        if (!exactFor(w, wOff)) {
            return test.mistakes(arch, w, wOff, scratch);
        }
        network.set(w, wOff);
        return currentMistakes();
    }

    private int currentMistakes() {
        int m = 0;
        for (int p = 0; p < test.n; p++) {
            if (Architecture.label(network.output(test.x, p * test.dim, null)) != test.y[p]) {
                m++;
            }
        }
        return m;
    }
}
