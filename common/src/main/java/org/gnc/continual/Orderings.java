package org.gnc.continual;

import java.util.List;
import org.gnc.rng.CounterRng;
import org.gnc.spec.ContinualSpec.OrderingKind;

/**
 * The task sequence tau(1..k) of an ordering, a pure function of (kind, T, k, base seed, replicate,
 * fixed order). Tasks are 0-based; step t is 1-based and the array index is t - 1.
 * <ul>
 *   <li>{@code cyclic}: tau(t) = (t - 1) mod T.</li>
 *   <li>{@code random}: tau(t) = floor(T * W_t / 2^64) for the t-th 64-bit word W_t of the stream
 *       (seed, "continual-ordering-random", replicate): independent and uniform, with replacement.</li>
 *   <li>{@code permutation}: epoch e (steps eT+1..(e+1)T) is a uniform random permutation of the
 *       tasks, by Fisher-Yates on the stream (seed, "continual-ordering-permutation", replicate, e);
 *       every task is seen exactly once per epoch.</li>
 *   <li>{@code fixed}: the configured list, repeated from its start: tau(t) = list[(t - 1) mod L].</li>
 * </ul>
 */
public final class Orderings {
    private Orderings() {
    }

    public static int[] sequence(OrderingKind kind, int tasks, int steps, long seed, int replicate,
                                 List<Integer> fixedOrder) {
        int[] tau = new int[steps];
        switch (kind) {
            case CYCLIC -> {
                for (int t = 0; t < steps; t++) {
                    tau[t] = t % tasks;
                }
            }
            case RANDOM -> {
                CounterRng rng = CounterRng.of(seed, "continual-ordering-random", replicate);
                for (int t = 0; t < steps; t++) {
                    tau[t] = (int) CounterRng.unsignedMultiplyHigh(rng.word(t), tasks);
                }
            }
            case PERMUTATION -> {
                CounterRng rng = CounterRng.of(seed, "continual-ordering-permutation", replicate);
                int[] perm = new int[tasks];
                for (int e = 0; (long) e * tasks < steps; e++) {
                    CounterRng epoch = rng.child(e);
                    for (int i = 0; i < tasks; i++) {
                        perm[i] = i;
                    }
                    for (int i = tasks - 1; i > 0; i--) {
                        int j = (int) CounterRng.unsignedMultiplyHigh(epoch.word(i), i + 1);
                        int tmp = perm[i];
                        perm[i] = perm[j];
                        perm[j] = tmp;
                    }
                    for (int i = 0; i < tasks && (long) e * tasks + i < steps; i++) {
                        tau[e * tasks + i] = perm[i];
                    }
                }
            }
            case FIXED -> {
                if (fixedOrder.isEmpty()) {
                    throw new IllegalArgumentException("the fixed ordering needs a non-empty list of tasks");
                }
                for (int t = 0; t < steps; t++) {
                    int m = fixedOrder.get(t % fixedOrder.size());
                    if (m < 0 || m >= tasks) {
                        throw new IllegalArgumentException("fixed order names task " + m + " of " + tasks);
                    }
                    tau[t] = m;
                }
            }
            default -> throw new IllegalArgumentException("unknown ordering " + kind);
        }
        return tau;
    }
}
