package org.gnc.smc;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.gnc.stats.AcceptanceEstimate;
import org.gnc.stats.ErrorSummary;

/**
 * The estimate at one checkpoint n from R independent replicates, each with ln p-hat_r (-infinity for a
 * dead one, which estimates p = 0 and stays in the mean).
 *
 * <p><b>Evidence.</b> p-hat = (1/R) sum_r p-hat_r, unbiased for p because each p-hat_r is; computed in
 * log scale as ln p-hat = M + ln((1/R) sum_r exp(ln p-hat_r - M)) with M the largest ln p-hat_r, so no
 * term underflows. Its interval is the Student t interval of the mean of the p-hat_r (R - 1 degrees of
 * freedom, 95%) in linear scale, mapped to logs: [M + ln(s - t se), M + ln(s + t se)] with s and se the
 * mean and standard error of the exp(ln p-hat_r - M); a low end at or below 0 is -infinity. It is an
 * estimate of the spread between replicates, not a certified bound; with one replicate both ends are NaN.
 * A replicate stopped by the time budget ({@link ReplicateRun#stopped}) counts as p-hat_r = 0 in the mean
 * and the low end (a low estimate, as a dead one), and as its partial estimate Z-hat_r of a normalizer
 * Z_beta &gt;= p in the high end (a high estimate): the interval spans both, so it holds what the stopped
 * replicates could have said either way.
 * {@code logSpread} is the largest minus the smallest ln p-hat_r of the replicates that reached n.
 * {@code replicates} = {@code reached} + {@code stopped} (by the time budget) + {@code dead} (no particle
 * kept any weight).
 *
 * <p><b>Test error.</b> The pooled final particles of the replicates that reached n: each replicate's
 * particles are (correlated) draws from pi_n, so the pooled mean estimates the posterior mean test error.
 * The summary's quantiles and histogram are those of the pooled particles; its {@code se} is the standard
 * error of the replicates' mean test errors (NaN with fewer than two), since particles within a replicate
 * are not independent. Immutable.
 */
public record CheckpointEstimate(int n, int replicates, int reached, int stopped, int dead, double logAcceptance,
                                 double logCiLow, double logCiHigh, double logSpread, ErrorSummary testError)
        implements java.io.Serializable {

    public CheckpointEstimate {
        if (reached < 0 || stopped < 0 || dead < 0 || reached + stopped + dead != replicates) {
            throw new IllegalArgumentException("replicates (" + replicates + ") must be those that reached n ("
                    + reached + "), were stopped (" + stopped + ") or died (" + dead + ")");
        }
    }

    /** The estimate at {@code n} from its replicates (all for checkpoint n, at least one), on nTest test points. */
    public static CheckpointEstimate combine(int n, List<ReplicateRun> runs, int nTest) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no replicate for checkpoint " + n);
        }
        int r = runs.size();
        double max = Double.NEGATIVE_INFINITY;
        double minReached = Double.POSITIVE_INFINITY;
        int reached = 0;
        long[] pooled = new long[nTest + 1];
        double[] means = new double[r];
        for (ReplicateRun run : runs) {
            if (run.checkpoint() != n || run.nTest() != nTest) {
                throw new IllegalArgumentException("replicate " + run.replicate() + " is for checkpoint "
                        + run.checkpoint() + " on " + run.nTest() + " test points, not " + n + " on " + nTest);
            }
            max = Math.max(max, run.logEvidence());
            if (run.reached()) {
                minReached = Math.min(minReached, run.logEvidence());
                means[reached++] = run.meanTestError();
                pooled = ErrorSummary.merge(pooled, run.testMistakes());
            }
        }
        double logP;
        double low;
        double high;
        if (reached == 0 && runs.stream().noneMatch(ReplicateRun::stopped)) {
            logP = Double.NEGATIVE_INFINITY;
            low = Double.NEGATIVE_INFINITY;
            high = r >= 2 ? Double.NEGATIVE_INFINITY : Double.NaN;
        } else {
            double[] lowSide = new double[r];
            double[] highSide = new double[r];
            for (int i = 0; i < r; i++) {
                ReplicateRun run = runs.get(i);
                lowSide[i] = run.logEvidence();
                highSide[i] = run.stopped() ? run.stoppedLogEvidence() : run.logEvidence();
            }
            double[] lowT = tInterval(lowSide);
            double[] highT = tInterval(highSide);
            logP = lowT[0];
            low = lowT[1];
            high = highT[2];
        }
        ErrorSummary pooledSummary = ErrorSummary.of(pooled, nTest, false);
        double se = Double.NaN;
        if (reached >= 2) {
            double m = 0;
            for (int i = 0; i < reached; i++) {
                m += means[i];
            }
            m /= reached;
            double ss = 0;
            for (int i = 0; i < reached; i++) {
                ss += (means[i] - m) * (means[i] - m);
            }
            se = Math.sqrt(ss / (reached - 1) / reached);
        }
        ErrorSummary testError = new ErrorSummary(pooledSummary.networks(), pooledSummary.mean(), pooledSummary.std(),
                se, pooledSummary.q05(), pooledSummary.q25(), pooledSummary.q50(), pooledSummary.q75(),
                pooledSummary.q95(), pooledSummary.histogram());
        double spread = reached == 0 ? Double.NaN : max - minReached;
        int stopped = (int) runs.stream().filter(ReplicateRun::stopped).count();
        return new CheckpointEstimate(n, r, reached, stopped, r - reached - stopped, logP, low, high, spread,
                testError);
    }

    /**
     * {ln of the mean, ln of the Student t interval's low and high ends (95%)} of the exp(logs[r]), computed
     * relative to the largest (so no term underflows); a low end at or below 0 is -infinity; NaN ends with
     * one value; all -infinity when every value is.
     */
    private static double[] tInterval(double[] logs) {
        int r = logs.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return new double[] {max, max, r >= 2 ? max : Double.NaN};
        }
        double sum = 0;
        double sumSq = 0;
        for (double l : logs) {
            double v = Math.exp(l - max);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / r;
        if (r < 2) {
            return new double[] {max + Math.log(mean), Double.NaN, Double.NaN};
        }
        double var = Math.max(0, (sumSq - r * mean * mean) / (r - 1));
        double t = new TDistribution(null, r - 1).inverseCumulativeProbability(0.975);
        double half = t * Math.sqrt(var / r);
        double low = mean - half > 0 ? max + Math.log(mean - half) : Double.NEGATIVE_INFINITY;
        return new double[] {max + Math.log(mean), low, max + Math.log(mean + half)};
    }

    /** ln p-hat and its interval as an acceptance estimate (exp of each may underflow to 0). */
    public AcceptanceEstimate acceptance() {
        return AcceptanceEstimate.ofLog(logAcceptance, logCiLow, logCiHigh);
    }

    /**
     * Whether the estimate lies below ln p* (the alarm: p &gt;= p* always holds), by
     * {@link AcceptanceEstimate#belowPStar}: the interval's high end, or ln p-hat itself with one replicate.
     */
    public boolean belowPStar(double logPStar) {
        return acceptance().belowPStar(logPStar);
    }
}
