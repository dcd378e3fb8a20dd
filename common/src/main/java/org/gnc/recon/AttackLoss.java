package org.gnc.recon;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The reconstruction loss of the reference (nivha/dataset_reconstruction) for a {@link ShallowNet},
 * with its gradients in the candidates X (N x d) and the multipliers lambda derived by hand.
 *
 * <p>With c_i = lambda_i s_i / N (s_i the candidate's label, or 1 in the general variant), Z = X W^T + 1 b^T,
 * A = relu(Z) and S = sigmoid(alpha Z) in place of relu'(Z) inside grad_theta Phi:
 * <pre>
 *   G_W = M^T X,  G_b = 1^T M,  G_v = A^T c      with M = S * (c v^T)
 *   L   = ||W - G_W||^2 + ||b - G_b||^2 + ||v - G_v||^2                        (the KKT term)
 *       + sum relu(x - hi)^2 + relu(lo - x)^2 + 5 sum relu(lambda_min - lambda)^2   (penalties)
 * </pre>
 * Differentiating, with residuals R_W, r_b, r_v, P = X R_W^T and Q = (P + 1 r_b^T) * (1 v^T):
 * dL/dc_i = -2 (sum_h S_ih Q_ih + (A r_v)_i), so dL/dlambda_i = (s_i / N) dL/dc_i; and
 * dL/dX = -2 (M R_W + T W) with T = diag(c) (alpha Q * S * (1 - S) + 1[Z &gt; 0] * (1 r_v^T)): the first
 * term is X's explicit appearance in G_W, the second its appearance through Z in S (inside G_W, G_b)
 * and in A (inside G_v). These are the exact gradients of L (away from the measure-zero set Z = 0 where
 * relu has a kink), checked against finite differences by the tests; the reference's autograd instead
 * uses sigmoid(alpha Z) also as the derivative of A. Five GEMMs of N x d x H per evaluation
 * (Z, G_W, P, M R_W, T W). {@code alpha = +infinity} uses S = 1[Z &gt; 0], the true ReLU derivative.
 * Immutable; each evaluation allocates its own arrays.
 */
public final class AttackLoss {
    /** Weight of the lambda_min penalty, as in the reference. */
    public static final double LAMBDA_MIN_WEIGHT = 5;

    private final ShallowNet net;
    private final INDArray w;
    private final INDArray b;
    private final INDArray vRow;
    private final double alpha;
    private final double boxLow;
    private final double boxHigh;
    private final double lambdaMin;
    private final boolean signed;
    private final double[] signs;

    /**
     * The loss of {@code net} for candidates with labels {@code labels} (ignored when {@code signed}:
     * the general variant, whose lambda has either sign and no lambda_min penalty).
     */
    public AttackLoss(ShallowNet net, double alpha, double boxLow, double boxHigh, double lambdaMin, boolean signed,
                      int[] labels) {
        this.net = net;
        this.w = net.wMatrix();
        this.b = net.bRow();
        this.vRow = Nd4j.createFromArray(net.v()).reshape(1, net.width());
        this.alpha = alpha;
        this.boxLow = boxLow;
        this.boxHigh = boxHigh;
        this.lambdaMin = lambdaMin;
        this.signed = signed;
        this.signs = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            signs[i] = signed ? 1 : labels[i];
        }
    }

    /** The loss, its KKT term, and (when asked) its gradients in x (N x d) and lambda (N x 1). */
    public record Value(double loss, double kkt, INDArray gradX, INDArray gradLambda) {
    }

    /** The number of candidates N. */
    public int candidates() {
        return signs.length;
    }

    /** The loss at candidates {@code x} (N x d) and multipliers {@code lambda} (N x 1); gradients when asked. */
    public Value evaluate(INDArray x, INDArray lambda, boolean gradients) {
        int n = signs.length;
        INDArray c = lambda.mul(Nd4j.createFromArray(signs).reshape(n, 1)).divi(n);
        INDArray z = x.mmul(w.transpose()).addiRowVector(b);
        INDArray a = Transforms.relu(z, true);
        INDArray s = derivative(z);
        INDArray m = s.mulColumnVector(c).muliRowVector(vRow);
        INDArray rw = w.sub(m.transpose().mmul(x));
        INDArray rb = b.sub(m.sum(0).reshape(1, net.width()));
        INDArray rv = vRow.sub(a.transpose().mmul(c).reshape(1, net.width()));
        double kkt = sq(rw) + sq(rb) + sq(rv);
        INDArray over = Transforms.relu(x.sub(boxHigh), false);
        INDArray under = Transforms.relu(x.rsub(boxLow), false);
        INDArray short_ = signed ? null : Transforms.relu(lambda.rsub(lambdaMin), false);
        double loss = kkt + sq(over) + sq(under) + (signed ? 0 : LAMBDA_MIN_WEIGHT * sq(short_));
        if (!gradients) {
            return new Value(loss, kkt, null, null);
        }
        INDArray q = x.mmul(rw.transpose()).addiRowVector(rb).muliRowVector(vRow);
        INDArray dc = s.mul(q).sum(1).reshape(n, 1).addi(a.mmul(rv.transpose())).muli(-2);
        INDArray gradLambda = dc.mul(Nd4j.createFromArray(signs).reshape(n, 1)).divi(n);
        if (!signed) {
            gradLambda.subi(short_.mul(2 * LAMBDA_MIN_WEIGHT));
        }
        INDArray sPrime = Double.isInfinite(alpha) ? Nd4j.zerosLike(s) : s.mul(s.rsub(1)).muli(alpha);
        INDArray t = q.muli(sPrime).addi(z.gt(0).castTo(DataType.DOUBLE).muliRowVector(rv)).muliColumnVector(c);
        INDArray gradX = m.mmul(rw).addi(t.mmul(w)).muli(-2).addi(over.mul(2)).subi(under.mul(2));
        return new Value(loss, kkt, gradX, gradLambda);
    }

    /** sigmoid(alpha Z), or 1[Z &gt; 0] for alpha = +infinity. */
    private INDArray derivative(INDArray z) {
        return Double.isInfinite(alpha) ? z.gt(0).castTo(DataType.DOUBLE) : Transforms.sigmoid(z.mul(alpha), false);
    }

    private static double sq(INDArray a) {
        return a.mul(a).sumNumber().doubleValue();
    }
}
