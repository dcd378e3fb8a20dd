/**
 * Continual learning of jointly separable binary linear tasks by sequential max-margin (SMM), after
 * Evron, Moroshko, Buzaglo, Khriesh, Marjieh, Srebro and Soudry, "Continual Learning in Linear
 * Classification on Separable Data" (ICML 2023).
 *
 * <p>Task m is a set S_m of examples (x_i, y_i), y_i in {-1, +1}; its feasible set is the polyhedron
 * C_m = {w : y_i w.x_i >= 1 for all i in S_m}. An ordering tau picks the task of each step, and SMM
 * sets w_0 = 0 and w_t = P_{C_tau(t)}(w_{t-1}), the Euclidean projection ({@link DualProjection}).
 * The offline max-margin solution is w* = P_C(0) for C = the intersection of all C_m. Plain Java,
 * deterministic given the seeds; {@link RegularizedLogistic} (ND4J) is the weakly regularized
 * training that SMM is the limit of. May use {@code data} and the layers below it.
 */
package org.gnc.continual;
