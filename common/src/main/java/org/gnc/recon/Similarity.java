package org.gnc.recon;

/**
 * The papers' image comparisons. Normalized cross-correlation: the Pearson correlation of two images'
 * pixels (the nearest image by the reference's NCC distance, ||a^ - b^||^2 of images standardized to mean
 * 0 and standard deviation 1, is the one of highest correlation; a constant image correlates 0). SSIM:
 * each image has the training mean added back and is min-max scaled to [0, 1] ({@link #unitScaled});
 * then with a 3 x 3 Gaussian window (sigma 1.5, normalized to sum 1, applied with reflect padding as
 * kornia's {@code ssim(window_size=3)} does), local means mu, variances s^2 and covariance s_ab,
 * SSIM = mean over pixels of (2 mu_a mu_b + C1)(2 s_ab + C2) / ((mu_a^2 + mu_b^2 + C1)(s_a^2 + s_b^2 + C2))
 * with C1 = 0.01^2 and C2 = 0.03^2. Stateless.
 */
public final class Similarity {
    /** SSIM's constants for a dynamic range of 1. */
    public static final double C1 = 0.01 * 0.01;
    public static final double C2 = 0.03 * 0.03;
    /** The 3-tap Gaussian of sigma 1.5, normalized: exp(-1/4.5) / (1 + 2 exp(-1/4.5)) at +-1. */
    static final double[] WINDOW = gaussian3(1.5);

    private Similarity() {
    }

    static double[] gaussian3(double sigma) {
        double e = Math.exp(-1 / (2 * sigma * sigma));
        return new double[] {e / (1 + 2 * e), 1 / (1 + 2 * e), e / (1 + 2 * e)};
    }

    /** Image {@code i} of {@code images} (length d each) plus {@code mean}, scaled to [0, 1] by its min and max. */
    public static double[] unitScaled(double[] images, int i, int d, double[] mean) {
        double[] out = new double[d];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < d; j++) {
            out[j] = images[i * d + j] + mean[j];
            lo = Math.min(lo, out[j]);
            hi = Math.max(hi, out[j]);
        }
        for (int j = 0; j < d; j++) {
            out[j] = hi > lo ? (out[j] - lo) / (hi - lo) : 0;
        }
        return out;
    }

    /** The Pearson correlation of image {@code i} of {@code a} and image {@code k} of {@code b} (length d each). */
    public static double correlation(double[] a, int i, double[] b, int k, int d) {
        double ma = 0;
        double mb = 0;
        for (int j = 0; j < d; j++) {
            ma += a[i * d + j];
            mb += b[k * d + j];
        }
        ma /= d;
        mb /= d;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int j = 0; j < d; j++) {
            double x = a[i * d + j] - ma;
            double y = b[k * d + j] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
    }

    /** SSIM of two rows x cols images already in [0, 1]. */
    public static double ssim(double[] a, double[] b, int rows, int cols) {
        double[] ma = blur(a, rows, cols);
        double[] mb = blur(b, rows, cols);
        double[] aa = new double[a.length];
        double[] bb = new double[a.length];
        double[] ab = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            aa[j] = a[j] * a[j];
            bb[j] = b[j] * b[j];
            ab[j] = a[j] * b[j];
        }
        double[] saa = blur(aa, rows, cols);
        double[] sbb = blur(bb, rows, cols);
        double[] sab = blur(ab, rows, cols);
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double va = saa[j] - ma[j] * ma[j];
            double vb = sbb[j] - mb[j] * mb[j];
            double cov = sab[j] - ma[j] * mb[j];
            sum += (2 * ma[j] * mb[j] + C1) * (2 * cov + C2)
                    / ((ma[j] * ma[j] + mb[j] * mb[j] + C1) * (va + vb + C2));
        }
        return sum / a.length;
    }

    /** The separable 3 x 3 Gaussian window with reflect padding (index -1 reads 1, index n reads n - 2). */
    static double[] blur(double[] x, int rows, int cols) {
        double[] tmp = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int t = -1; t <= 1; t++) {
                    s += WINDOW[t + 1] * x[r * cols + reflect(c + t, cols)];
                }
                tmp[r * cols + c] = s;
            }
        }
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int t = -1; t <= 1; t++) {
                    s += WINDOW[t + 1] * tmp[reflect(r + t, rows) * cols + c];
                }
                out[r * cols + c] = s;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
    }
}
