package org.gnc.recon;

import java.util.Arrays;
import java.util.List;

/**
 * The papers' evaluation of a model's candidates, with the controls. For each training image: the
 * nearest candidate over every given restart by normalized cross-correlation (in the mean-subtracted
 * space the attack works in), and that candidate's SSIM ({@link Similarity}); control (a), the best SSIM
 * any natural control image (test images of the same classes) reaches with it. A training image counts
 * as reconstructed only when its candidate's SSIM is above its control. Stateless.
 */
public final class Evaluation {
    /** The papers' threshold: a candidate with SSIM above it counts as a reconstruction there. */
    public static final double PAPER_SSIM = 0.4;

    private Evaluation() {
    }

    /** The final candidates (2m x d, row-major) of one restart. */
    public record Candidates(int restart, double[] x) {
    }

    /** A training image's nearest candidate (restart -1 when there is none) and its SSIM. */
    public record Nearest(int restart, int candidate, double correlation, double ssim) implements java.io.Serializable {
        /** No candidate to compare with. */
        public static final Nearest NONE = new Nearest(-1, -1, Double.NaN, Double.NaN);
    }

    /** For each of the images of {@code train}, its nearest candidate among {@code sets}. */
    public static Nearest[] nearest(double[] train, double[] mean, int rows, int cols, List<Candidates> sets) {
        int d = rows * cols;
        int m = train.length / d;
        Nearest[] out = new Nearest[m];
        for (int t = 0; t < m; t++) {
            int bestSet = -1;
            int bestCandidate = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < sets.size(); s++) {
                double[] x = sets.get(s).x();
                for (int c = 0; c < x.length / d; c++) {
                    double r = Similarity.correlation(train, t, x, c, d);
                    if (r > best) {
                        best = r;
                        bestSet = s;
                        bestCandidate = c;
                    }
                }
            }
            if (bestSet < 0) {
                out[t] = Nearest.NONE;
                continue;
            }
            double ssim = Similarity.ssim(Similarity.unitScaled(train, t, d, mean),
                    Similarity.unitScaled(sets.get(bestSet).x(), bestCandidate, d, mean), rows, cols);
            out[t] = new Nearest(sets.get(bestSet).restart(), bestCandidate, best, ssim);
        }
        return out;
    }

    /** Control (a): for each training image, the best SSIM any of the {@code control} images reaches with it. */
    public static double[] naturalControl(double[] train, double[] control, double[] mean, int rows, int cols) {
        int d = rows * cols;
        int m = train.length / d;
        int k = control.length / d;
        double[][] scaled = new double[k][];
        for (int c = 0; c < k; c++) {
            scaled[c] = Similarity.unitScaled(control, c, d, mean);
        }
        double[] out = new double[m];
        for (int t = 0; t < m; t++) {
            double[] a = Similarity.unitScaled(train, t, d, mean);
            double best = Double.NEGATIVE_INFINITY;
            for (double[] b : scaled) {
                best = Math.max(best, Similarity.ssim(a, b, rows, cols));
            }
            out[t] = best;
        }
        return out;
    }

    /** How many of {@code values} are above {@code threshold} (NaN never is). */
    public static int countAbove(double[] values, double threshold) {
        return (int) Arrays.stream(values).filter(v -> v > threshold).count();
    }

    /** How many training images count as reconstructed: SSIM above its control (a). */
    public static int reconstructed(Nearest[] nearest, double[] control) {
        int n = 0;
        for (int t = 0; t < nearest.length; t++) {
            n += nearest[t].ssim() > control[t] ? 1 : 0;
        }
        return n;
    }

    /** The median of the finite values (NaN when there is none). */
    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
