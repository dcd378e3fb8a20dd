package org.gnc.report;

/**
 * One training image of a reconstruction under one model: its margin, the SSIM of its nearest candidate
 * (NaN when there is none) and of control (a), and its pixels, the candidate's pixels (empty when none)
 * and the training mean, for the picture grid.
 */
public record ReconPoint(int model, double weightDecay, int index, int rows, int cols, double margin, double ssim,
                         double control, double[] pixels, double[] candidate, double[] mean) {
}
