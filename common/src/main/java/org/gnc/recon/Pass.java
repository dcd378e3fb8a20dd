package org.gnc.recon;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A forward pass of a {@link ReluNet} at N points X (N x d), and the three passes built on it that
 * training, the KKT check and the attack share, for depth L = 1 or 2. Layer l has Z_l = A_{l-1} W_l^T
 * (+ 1 b^T for l = 1), A_l = relu(Z_l), A_0 = X, and the outputs are F = A_L V^T (N x C). Inside
 * grad_theta Phi, S_l = sigmoid(alpha Z_l) stands for relu'(Z_l) (S_l = 1[Z_l &gt; 0] for alpha = +infinity,
 * relu'(0) = 0); its derivative is S'_l = alpha S_l (1 - S_l) (0 for alpha = +infinity).
 *
 * <p><b>Backprop</b> with output coefficients U (N x C): G(U) = grad_theta sum_ic U_ic F_ic with relu'
 * replaced by S: Abar_L = U V, Delta_l = Abar_l * S_l, Abar_{l-1} = Delta_l W_l, and G_V = U^T A_L,
 * G_Wl = Delta_l^T A_{l-1}, G_b = 1^T Delta_1. At alpha = +infinity this is the exact gradient
 * (training).
 *
 * <p><b>Tangent</b> in a parameter direction R: Fdot = d/de F(theta + e R) with the same S,
 * Zdot_l = Adot_{l-1} W_l^T + A_{l-1} R_l^T (+ 1 r_b^T), Adot_l = S_l * Zdot_l, Adot_0 = 0,
 * Fdot = Adot_L V^T + A_L R_V^T. It is the adjoint of backprop: &lt;R, G(U)&gt; = sum_ic U_ic Fdot_ic, since
 * both are the same linear map (the Jacobian with S for relu') read in the two directions.
 *
 * <p><b>Input gradient</b> of phi(X) = sum_ic U_ic Fdot_ic(X) with U and R held fixed, by reverse mode
 * through the tangent pass: with primal adjoint Abar^p_L = U R_V and tangent adjoint Abar_L = U V, for
 * l = L..1: Delta_l = Abar_l * S_l (the adjoint of Zdot_l), Zbar_l = Abar_l * Zdot_l * S'_l
 * + Abar^p_l * 1[Z_l &gt; 0] (of Z_l), Abar_{l-1} = Delta_l W_l and Abar^p_{l-1} = Delta_l R_l + Zbar_l W_l;
 * d phi / dX = Abar^p_0. Since &lt;R, G(U)&gt; = phi, this is the X-derivative of &lt;R, G(U(X), X)&gt; at fixed
 * R and U, which is what the attack loss ||theta - G||^2 needs. Exact away from the measure-zero set
 * where some Z_l = 0. At depth 1, one output, the evaluation costs five GEMMs of N x d x H (Z_1,
 * G_W1, Zdot_1, Delta_1 R_1, Zbar_1 W_1); depth 2 adds seven of N x H x H.
 */
final class Pass {
    private final Params p;
    private final int depth;
    private final double alpha;
    /** a[0] = X, a[l] = A_l; z[l] = Z_l, s[l] = S_l for l = 1..L. */
    private final INDArray[] a;
    private final INDArray[] z;
    private final INDArray[] s;

    Pass(Params p, INDArray x, double alpha) {
        this.p = p;
        this.depth = p.w2() == null ? 1 : 2;
        this.alpha = alpha;
        a = new INDArray[depth + 1];
        z = new INDArray[depth + 1];
        s = new INDArray[depth + 1];
        a[0] = x;
        for (int l = 1; l <= depth; l++) {
            z[l] = a[l - 1].mmul(weight(p, l).transpose());
            if (l == 1) {
                z[l].addiRowVector(p.b());
            }
            a[l] = Transforms.relu(z[l], true);
            s[l] = Double.isInfinite(alpha) ? z[l].gt(0).castTo(DataType.DOUBLE)
                    : Transforms.sigmoid(z[l].mul(alpha), false);
        }
    }

    private static INDArray weight(Params p, int l) {
        return l == 1 ? p.w1() : p.w2();
    }

    /** The points X. */
    INDArray x() {
        return a[0];
    }

    /** The outputs F (N x C). */
    INDArray outputs() {
        return a[depth].mmul(p.v().transpose());
    }

    /** The pre-activations Z_l of hidden layer l (1-based). */
    INDArray preActivations(int l) {
        return z[l];
    }

    /** The inputs A_{l-1} of hidden layer l. */
    INDArray layerInput(int l) {
        return a[l - 1];
    }

    /** The hidden layers L. */
    int depth() {
        return depth;
    }

    /** Backprop's adjoints abar[l] = Abar_l and deltas delta[l] = Delta_l (N x H) for l = 1..L, and G(U) when asked. */
    record Backprop(INDArray[] abar, INDArray[] delta, Params gradient) {
    }

    /** Backprop with output coefficients {@code u} (N x C); the class comment has the formulas. */
    Backprop backprop(INDArray u, boolean gradient) {
        INDArray[] abar = new INDArray[depth + 1];
        INDArray[] delta = new INDArray[depth + 1];
        INDArray[] g = new INDArray[depth + 1];
        abar[depth] = u.mmul(p.v());
        for (int l = depth; l >= 1; l--) {
            delta[l] = abar[l].mul(s[l]);
            if (gradient) {
                g[l] = delta[l].transpose().mmul(a[l - 1]);
            }
            if (l > 1) {
                abar[l - 1] = delta[l].mmul(weight(p, l));
            }
        }
        if (!gradient) {
            return new Backprop(abar, delta, null);
        }
        INDArray gb = delta[1].sum(0).reshape(1, p.b().columns());
        return new Backprop(abar, delta, new Params(g[1], gb, depth == 2 ? g[2] : null, u.transpose().mmul(a[depth])));
    }

    /** The tangent pass: zdot[l] = Zdot_l for l = 1..L and zdot[0] = Fdot (N x C). */
    INDArray[] tangent(Params r) {
        INDArray[] zdot = new INDArray[depth + 1];
        INDArray adot = null;
        for (int l = 1; l <= depth; l++) {
            zdot[l] = a[l - 1].mmul(weight(r, l).transpose());
            if (l == 1) {
                zdot[l].addiRowVector(r.b());
            } else {
                zdot[l].addi(adot.mmul(weight(p, l).transpose()));
            }
            adot = s[l].mul(zdot[l]);
        }
        zdot[0] = adot.mmul(p.v().transpose()).addi(a[depth].mmul(r.v().transpose()));
        return zdot;
    }

    /**
     * d/dX of sum_ic U_ic Fdot_ic at fixed {@code u} and {@code r}, from this pass's {@code backprop(u)}
     * and {@code tangent(r)}.
     */
    INDArray inputGradient(INDArray u, Params r, Backprop bp, INDArray[] zdot) {
        INDArray primal = u.mmul(r.v());
        for (int l = depth; l >= 1; l--) {
            INDArray zbar = z[l].gt(0).castTo(DataType.DOUBLE).muli(primal);
            if (!Double.isInfinite(alpha)) {
                zbar.addi(bp.abar()[l].mul(zdot[l]).muli(s[l].mul(s[l].rsub(1)).muli(alpha)));
            }
            primal = bp.delta()[l].mmul(weight(r, l)).addi(zbar.mmul(weight(p, l)));
        }
        return primal;
    }
}
