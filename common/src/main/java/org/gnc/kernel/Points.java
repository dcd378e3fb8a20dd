package org.gnc.kernel;

import org.gnc.data.Dataset;
import org.gnc.model.Architecture;

/**
 * A dataset copied once into flat arrays for hot loops, with the plain mistake count that defines
 * "fits": the number of points where label(f(x)) = (f(x) &gt; 0 ? +1 : -1) differs from y, f the output
 * (or, for two logits, the margin logit(+1) - logit(-1)) of {@link Architecture#output}.
 */
public final class Points implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final int n;
    public final int dim;
    public final double[] x;
    public final int[] y;

    /** The points of {@code data} ({@code role} names them in errors), checked against the architecture's input. */
    public Points(Dataset data, Architecture arch, String role) {
        if (data.dim() != arch.inputDim()) {
            throw new IllegalArgumentException(role + " inputs have dimension " + data.dim()
                    + ", the network expects " + arch.inputDim());
        }
        this.n = data.size();
        this.dim = data.dim();
        this.x = data.features();
        this.y = data.labels();
    }

    /** Is point p misclassified by the network with weights w[wOff ..]? */
    public boolean misclassifies(Architecture arch, double[] w, int wOff, int p, double[] scratch) {
        return Architecture.label(arch.output(w, wOff, x, p * dim, scratch)) != y[p];
    }

    /** Mistakes of the network over all points, in natural order (the plain definition). */
    public int mistakes(Architecture arch, double[] w, int wOff, double[] scratch) {
        int m = 0;
        for (int p = 0; p < n; p++) {
            if (misclassifies(arch, w, wOff, p, scratch)) {
                m++;
            }
        }
        return m;
    }
}
