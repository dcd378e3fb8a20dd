package org.gnc.recon;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The reconstruction loss of the reference (nivha/dataset_reconstruction) for a {@link ReluNet} of
 * depth 1 or 2 with one or C outputs, with its gradients in the candidates X (N x d) and the
 * multipliers lambda derived by hand.
 *
 * <p>Each candidate i has a direction E_i in output space: its label s_i = +-1 for one output (1 in the
 * general variant); for C outputs e_{y_i} - e_{j_i}, j_i = argmax_{j != y_i} Phi_j(x_i) its top competing
 * logit at the current candidates (Buzaglo et al. 2023's multiclass condition with one multiplier per
 * point, on the top competitor). With U = diag(lambda / N) E and G(U) = sum_i grad_theta (U_i . Phi(x_i))
 * (relu' replaced by S = sigmoid(alpha Z), see {@link Pass}):
 * <pre>
 *   L = ||theta - G(U)||^2                                                    (the KKT term)
 *     + sum relu(x - hi)^2 + relu(lo - x)^2 + 5 sum relu(lambda_min - lambda)^2   (penalties)
 * </pre>
 * With R = theta - G(U), dL = -2 &lt;R, dG&gt; and &lt;R, G(U)&gt; = sum_ic U_ic Fdot_ic (Fdot the tangent pass in
 * direction R), so dL/dU = -2 Fdot, dL/dlambda_i = -(2 / N) sum_c E_ic Fdot_ic, and dL/dX = -2 times
 * {@link Pass}'s input gradient (E is piecewise constant in X: the top competitor only changes on a
 * measure-zero set). These are the exact gradients of L away from the kinks, checked against finite
 * differences by the tests; the reference's autograd instead uses sigmoid(alpha Z) also as the
 * derivative of A. {@code alpha = +infinity} uses S = 1[Z &gt; 0], the true ReLU derivative.
 * Immutable; each evaluation allocates its own arrays.
 */
public final class AttackLoss {
    /** Weight of the lambda_min penalty, as in the reference. */
    public static final double LAMBDA_MIN_WEIGHT = 5;

    private final Params theta;
    private final int outputs;
    private final double alpha;
    private final double boxLow;
    private final double boxHigh;
    private final double lambdaMin;
    private final boolean signed;
    private final int[] labels;

    /**
     * The loss of {@code net} for candidates with labels {@code labels} (+-1 for one output, class
     * indices for C; ignored when {@code signed}: the general variant, one output only, whose lambda has
     * either sign and no lambda_min penalty).
     */
    public AttackLoss(ReluNet net, double alpha, double boxLow, double boxHigh, double lambdaMin, boolean signed,
                      int[] labels) {
        if (signed && net.outputs() != 1) {
            throw new IllegalArgumentException("the general variant needs one output, got " + net.outputs());
        }
        this.theta = net.params();
        this.outputs = net.outputs();
        this.alpha = alpha;
        this.boxLow = boxLow;
        this.boxHigh = boxHigh;
        this.lambdaMin = lambdaMin;
        this.signed = signed;
        this.labels = labels.clone();
    }

    /** The loss, its KKT term, and (when asked) its gradients in x (N x d) and lambda (N x 1). */
    public record Value(double loss, double kkt, INDArray gradX, INDArray gradLambda) {
    }

    /** The number of candidates N. */
    public int candidates() {
        return labels.length;
    }

    /** The loss at candidates {@code x} (N x d) and multipliers {@code lambda} (N x 1); gradients when asked. */
    public Value evaluate(INDArray x, INDArray lambda, boolean gradients) {
        int n = labels.length;
        Pass pass = new Pass(theta, x, alpha);
        INDArray e = directions(pass);
        INDArray u = e.mulColumnVector(lambda.div(n));
        Pass.Backprop bp = pass.backprop(u, true);
        Params r = theta.minus(bp.gradient());
        double kkt = r.squaredNorm();
        INDArray over = Transforms.relu(x.sub(boxHigh), false);
        INDArray under = Transforms.relu(x.rsub(boxLow), false);
        INDArray short_ = signed ? null : Transforms.relu(lambda.rsub(lambdaMin), false);
        double loss = kkt + sq(over) + sq(under) + (signed ? 0 : LAMBDA_MIN_WEIGHT * sq(short_));
        if (!gradients) {
            return new Value(loss, kkt, null, null);
        }
        INDArray[] zdot = pass.tangent(r);
        INDArray gradLambda = zdot[0].mul(e).sum(1).reshape(n, 1).muli(-2.0 / n);
        if (!signed) {
            gradLambda.subi(short_.mul(2 * LAMBDA_MIN_WEIGHT));
        }
        INDArray gradX = pass.inputGradient(u, r, bp, zdot).muli(-2).addi(over.mul(2)).subi(under.mul(2));
        return new Value(loss, kkt, gradX, gradLambda);
    }

    /** {@link #evaluate(INDArray, INDArray, boolean)} at candidates {@code x} (N x d, row-major) and {@code lambda}. */
    public Value evaluate(double[] x, double[] lambda, boolean gradients) {
        return evaluate(Points.matrix(x, x.length / labels.length), Points.column(lambda), gradients);
    }

    /** ||theta - G(U)||^2 at points {@code x} (N x d) with output coefficients {@code u} (N x C). */
    double residual(INDArray x, INDArray u) {
        return theta.minus(new Pass(theta, x, alpha).backprop(u, true).gradient()).squaredNorm();
    }

    /** The directions E (N x C) of the candidates at this pass; see the class comment. */
    private INDArray directions(Pass pass) {
        int n = labels.length;
        if (outputs == 1) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = signed ? 1 : labels[i];
            }
            return Nd4j.createFromArray(s).reshape(n, 1);
        }
        double[] f = Points.flat(pass.outputs());
        double[] e = new double[n * outputs];
        for (int i = 0; i < n; i++) {
            e[i * outputs + labels[i]] = 1;
            e[i * outputs + ReluNet.topCompetitor(f, i, labels[i], outputs)] = -1;
        }
        return Nd4j.createFromArray(e).reshape('c', n, outputs);
    }

    private static double sq(INDArray a) {
        return a.mul(a).sumNumber().doubleValue();
    }
}
