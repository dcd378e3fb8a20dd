package org.gnc.continual;

/**
 * What SMM looks like after step t (1-based) of one run, when task {@code task} (0-based) was just
 * learned and the iterate is w_t.
 *
 * <ul>
 *   <li>{@code forgetting}: F(t) = (1/t) sum_{s=1..t} max_{i in S_tau(s)} (1 - y_i w_t.x_i)_+^2, the
 *       worst squared constraint violation of w_t on the task of each earlier step, averaged over the
 *       steps (a task seen several times counts that many times). It is 0 exactly when w_t is
 *       feasible (margin >= 1) for every task seen so far; SMM makes the current task's term 0.</li>
 *   <li>{@code maxViolationSeen}: max over distinct seen tasks of max_i (1 - y_i w_t.x_i)_+.</li>
 *   <li>{@code trainErrors}: for every task m (length T), the fraction of its examples with
 *       sign(w_t.x_i) != y_i under the rule label = +1 iff w.x > 0; NaN for a task not yet seen.</li>
 *   <li>{@code meanSeenTrainError}: the mean of the non-NaN entries of trainErrors.</li>
 *   <li>{@code distanceToOptimum}: ||w_t - w*||, w* the offline max-margin solution of all tasks.</li>
 *   <li>{@code norm}: ||w_t||; {@code sweeps}: dual sweeps the projection of this step took.</li>
 * </ul>
 */
public record StepRecord(int step, int task, double forgetting, double maxViolationSeen, double[] trainErrors,
                         double meanSeenTrainError, double distanceToOptimum, double norm, long sweeps)
        implements java.io.Serializable {
    public StepRecord {
        trainErrors = trainErrors.clone();
    }

    @Override
    public double[] trainErrors() {
        return trainErrors.clone();
    }
}
