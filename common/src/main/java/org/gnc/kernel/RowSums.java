package org.gnc.kernel;

/**
 * The sums of a row-major matrix's rows times a vector, each in the reference's order: for row j,
 * s = 0.0; s += W[j][c] x[c] for c = 0, 1, ... (a separate multiply and add per term, as
 * {@link org.gnc.model.Architecture#output} sums a dense unit before its bias). Four rows run side by
 * side, each in its own chain, which hides the addition's latency without changing a bit. The dense
 * kernels' scalar paths share it.
 */
public final class RowSums {
    private RowSums() {
    }

    /**
     * out[outOff + j] = sum over c &lt; n of w[wOff + j n + c] x[xOff + c], in order from 0.0, for the
     * rows j &lt; rows.
     */
    public static void of(double[] w, int wOff, int rows, int n, double[] x, int xOff, double[] out, int outOff) {
        int j = 0;
        for (; j + 4 <= rows; j += 4) {
            int r0 = wOff + j * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int c = 0; c < n; c++) {
                double xc = x[xOff + c];
                s0 += w[r0 + c] * xc;
                s1 += w[r1 + c] * xc;
                s2 += w[r2 + c] * xc;
                s3 += w[r3 + c] * xc;
            }
            out[outOff + j] = s0;
            out[outOff + j + 1] = s1;
            out[outOff + j + 2] = s2;
            out[outOff + j + 3] = s3;
        }
        for (; j < rows; j++) {
            int r = wOff + j * n;
            double s = 0.0;
            for (int c = 0; c < n; c++) {
                s += w[r + c] * x[xOff + c];
            }
            out[outOff + j] = s;
        }
    }
}
