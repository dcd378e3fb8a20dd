/**
 * Training-data reconstruction (Haim et al. 2022; Buzaglo et al. 2023), Spark-free: the ReLU network with
 * one or two hidden layers and one or C outputs, and its full-batch training (logistic or cross-entropy), the KKT residual at the true points (non-negative least
 * squares), the attack loss with hand-derived gradients and its SGD-with-momentum restarts, and the
 * evaluation (normalized cross-correlation, SSIM, the controls). ND4J in float64, one BLAS thread per
 * task. May use {@code data}, {@code spec}, {@code rng}, {@code stats} and the layers below them.
 */
package org.gnc.recon;
