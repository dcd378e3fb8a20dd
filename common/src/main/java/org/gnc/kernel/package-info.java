/**
 * Interpolator filters: the contract ({@link org.gnc.kernel.InterpolatorFilter}, {@link org.gnc.kernel.Acceptances},
 * the training points and their adaptive order), the plain reference and the exact fast paths (early
 * rejection, dense ReLU, uniform high bits, projected Gaussian as a per-cell layout and per-thread
 * scanners) and the held-out scorer, each with its exactness proof (rounding constants from
 * {@link org.gnc.model.Rounding}). May use {@code data} and the layers below it; never {@code sample},
 * which chooses among the kernels.
 */
package org.gnc.kernel;
