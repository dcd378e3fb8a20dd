package org.gnc.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gnc.data.CellData;
import org.gnc.data.Dataset;
import org.gnc.data.TeacherStudentGenerator;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.InputShape;
import org.gnc.model.Layer;
import org.gnc.model.NetworkSpec;
import org.gnc.model.NormalizedLoss;
import org.gnc.model.Output;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.spec.BaselineSpec;
import org.gnc.spec.BaselineSpec.Init;
import org.gnc.spec.BaselineSpec.Loss;
import org.gnc.spec.BaselineSpec.Optimizer;
import org.gnc.spec.DataSpec;
import org.gnc.spec.InputKind;
import org.gnc.spec.LossBin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ND4J trainer: forward pass, gradients against finite differences, interpolation, determinism. */
class GradientTrainerTest {
    static final Prior TERNARY = new Prior.Levels(new double[] {-1, 0, 1});

    static CellData teacherData(int dim, int n, long seed) {
        NetworkSpec teacher = new NetworkSpec(List.of(2), Activation.RELU, false, false, TERNARY);
        return TeacherStudentGenerator.generate(new DataSpec.TeacherStudent(InputKind.GAUSSIAN, dim, n, 500, seed,
                teacher));
    }

    static BaselineSpec spec(Optimizer o, Loss loss, Init init, int epochs) {
        return new BaselineSpec(4, o, 0.1, epochs, 4, init, loss);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void gradientsMatchCentralDifferences(Loss loss) {
        // Two tanh layers with biases and an output bias: every parameter kind. Central differences with
        // h = 1e-6 have error O(h^2) ~ 1e-12 plus rounding ~ 1e-10 / h; tolerance 1e-6 relative to max(1, |g|).
        Architecture arch = new Architecture(3, List.of(4, 3), Activation.TANH, true, true);
        GradientTrainer t = new GradientTrainer(arch, TERNARY, spec(Optimizer.GD, loss, Init.PRIOR, 1));
        Dataset data = teacherData(3, 7, 2).train();
        double[] w = t.initialWeights(CounterRng.of(9, "grad-check"));
        assertMatchesCentralDifferences(t, w, data, 1e-6, true);
    }

    @Test
    void reluGradientsMatchAwayFromKinks() {
        Architecture arch = new Architecture(4, List.of(5), Activation.RELU, true, false);
        GradientTrainer t = new GradientTrainer(arch, TERNARY, spec(Optimizer.GD, Loss.LOGISTIC, Init.STANDARD, 1));
        Dataset data = teacherData(4, 6, 3).train();
        double[] w = t.initialWeights(CounterRng.of(4, "grad-check"));
        assertMatchesCentralDifferences(t, w, data, 1e-7, false);
    }

    @Test
    void nd4jForwardPassAgreesWithTheSharedOne() {
        Architecture arch = new Architecture(5, List.of(6, 3), Activation.RELU, true, true);
        GradientTrainer t = new GradientTrainer(arch, TERNARY, spec(Optimizer.GD, Loss.LOGISTIC, Init.PRIOR, 1));
        Dataset data = teacherData(5, 20, 4).train();
        double[] w = t.initialWeights(CounterRng.of(1, "fwd"));
        double[] f = t.outputs(w, data);
        double[] x = data.features();
        double[] scratch = arch.newScratch();
        for (int i = 0; i < data.size(); i++) {
            assertEquals(arch.output(w, 0, x, i * 5, scratch), f[i], 1e-12);
        }
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void interpolatesASeparableProblem(Optimizer optimizer) {
        // 24 points in 6 dimensions labelled by a 2-unit relu teacher; a 16-unit student; 3 seeds must all
        // interpolate within 3000 epochs (they need tens to hundreds).
        CellData data = teacherData(6, 24, 5);
        Architecture arch = new Architecture(6, List.of(16), Activation.RELU, false, false);
        GradientTrainer t = new GradientTrainer(arch, TERNARY, spec(optimizer, Loss.LOGISTIC, Init.STANDARD, 3000));
        for (long seed = 0; seed < 3; seed++) {
            TrainingRun r = t.train(data.train(), data.test(), CounterRng.of(3, "baseline", seed), seed);
            assertTrue(r.interpolated(), "seed " + seed + ": " + r.trainErrors() + " mistakes after " + r.epochs());
            assertEquals(0, t.mistakes(r.weights(), data.train()));
            assertTrue(r.epochs() < 3000);
            assertTrue(r.testMistakes() < 0.35 * data.test().size(), "test mistakes " + r.testMistakes());
            assertTrue(r.loss() < Math.log(2));
        }
    }

    @Test
    void aLossBinKeepsTrainingUntilTheLossIsBelowItsHighEndAndAcceptsOnlyInTheBin() {
        CellData data = teacherData(6, 24, 5);
        Architecture arch = new Architecture(6, List.of(16), Activation.RELU, false, false);
        BaselineSpec spec = spec(Optimizer.GD, Loss.LOGISTIC, Init.STANDARD, 3000);
        GradientTrainer plain = new GradientTrainer(arch, TERNARY, spec);
        CounterRng rng = CounterRng.of(3, "baseline", 0);
        TrainingRun first = plain.train(data.train(), data.test(), rng, 0);
        assertTrue(first.interpolated() && first.accepted() && Double.isNaN(first.normalizedLoss()));
        double atInterpolation = NormalizedLoss.meanCrossEntropy(arch, first.weights(), 0, data.train().features(),
                data.train().labels(), 1, arch.newScratch());
        // a bin below the loss at the first interpolating epoch: training goes on until the loss is under high
        double high = atInterpolation * 0.97;
        LossBin bin = new LossBin(0, high, 1);
        TrainingRun binned = new GradientTrainer(arch, TERNARY, spec, bin).train(data.train(), data.test(), rng, 0);
        assertTrue(binned.epochs() > first.epochs(), binned.epochs() + " epochs vs " + first.epochs());
        assertTrue(binned.interpolated() && binned.accepted(), binned.toString());
        assertTrue(binned.normalizedLoss() < high, "loss " + binned.normalizedLoss());
        assertEquals(NormalizedLoss.meanCrossEntropy(arch, binned.weights(), 0, data.train().features(),
                data.train().labels(), 1, arch.newScratch()), binned.normalizedLoss(), 0);
        // a bin the run cannot reach in 3 epochs: it ends interpolating or not, never accepted
        TrainingRun unreachable = new GradientTrainer(arch, TERNARY, spec(Optimizer.GD, Loss.LOGISTIC, Init.STANDARD, 3),
                new LossBin(0, 1e-9, 1)).train(data.train(), data.test(), rng, 0);
        assertEquals(3, unreachable.epochs());
        assertTrue(!unreachable.accepted());
        BaselineCellResult r = BaselineCellResult.of(List.of(binned, unreachable), data.test().size(),
                new org.gnc.theory.Bounds(Double.NaN, Double.NaN, Double.NaN, 0.05));
        assertEquals(1, r.acceptance().accepted());
    }

    @Test
    void epochsInScratchMemoryTakeTheSameStepsAsFullBatchGradients() {
        // Gradient descent at a rate too small to interpolate, each epoch's arrays in the trainer's scratch
        // workspace, against the same steps taken by hand from lossAndGradient (no workspace): the same ND4J
        // operations on the same values, so the weights must agree bit for bit.
        CellData data = teacherData(6, 24, 5);
        Architecture arch = new Architecture(6, List.of(16), Activation.RELU, false, false);
        double rate = 1e-3;
        CounterRng rng = CounterRng.of(3, "baseline", 4);
        // after one epoch (both runs take the same first step), six more in the trainer against six by hand
        GradientTrainer one = new GradientTrainer(arch, TERNARY, new BaselineSpec(1, Optimizer.GD, rate, 1, 1,
                Init.STANDARD, Loss.LOGISTIC));
        double[] w = one.train(data.train(), data.test(), rng, 4).weights().clone();
        GradientTrainer seven = new GradientTrainer(arch, TERNARY, new BaselineSpec(1, Optimizer.GD, rate, 7, 1,
                Init.STANDARD, Loss.LOGISTIC));
        TrainingRun run = seven.train(data.train(), data.test(), rng, 4);
        assertEquals(7, run.epochs());
        for (int epoch = 0; epoch < 6; epoch++) {
            double[] g = seven.lossAndGradient(w, data.train()).gradient();
            for (int j = 0; j < w.length; j++) {
                w[j] -= g[j] * rate;
            }
        }
        assertArrayEquals(w, run.weights());
    }

    @Test
    void runsAreAPureFunctionOfTheirSeedAndReportTheEpochLimit() {
        CellData data = teacherData(6, 24, 5);
        Architecture arch = new Architecture(6, List.of(16), Activation.RELU, false, false);
        GradientTrainer t = new GradientTrainer(arch, TERNARY, spec(Optimizer.SGD, Loss.HINGE, Init.PRIOR, 2));
        TrainingRun a = t.train(data.train(), data.test(), CounterRng.of(3, "baseline", 1), 1);
        TrainingRun b = t.train(data.train(), data.test(), CounterRng.of(3, "baseline", 1), 1);
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.testMistakes(), b.testMistakes());
        // Two epochs at this rate do not interpolate: the run says so.
        GradientTrainer slow = new GradientTrainer(arch, TERNARY, new BaselineSpec(1, Optimizer.GD, 1e-6, 2, 1,
                Init.STANDARD, Loss.LOGISTIC));
        TrainingRun s = slow.train(data.train(), data.test(), CounterRng.of(3, "baseline", 2), 2);
        assertEquals(2, s.epochs());
        assertTrue(!s.interpolated() && s.trainErrors() > 0);
    }

    @Test
    void priorInitStaysInsideTheLevelRange() {
        Architecture arch = new Architecture(3, List.of(4), Activation.RELU, true, true);
        double[] w = new GradientTrainer(arch, new Prior.Levels(new double[] {-2, 0, 3}),
                spec(Optimizer.GD, Loss.LOGISTIC, Init.PRIOR, 1)).initialWeights(CounterRng.of(1, "init"));
        for (double v : w) {
            assertTrue(v >= -2 && v < 3);
        }
        assertTrue(java.util.Arrays.stream(w).distinct().count() == w.length); // continuous, not levels
    }

    // ---------------------------------------------------------------------------------------------
    // Conv, pool and two-logit students: the Backprop path.

    static final InputShape IMAGE = new InputShape(1, 8, 8);

    /** A LeNet-like stack on 1x8x8: conv 3x3 -> max-pool 2 -> conv 2x2 -> flatten -> dense 6 -> output. */
    static Architecture lenetLike(Output output) {
        return new Architecture(IMAGE, List.of(new Layer.Conv(3, 3, 1, 0), Layer.Pool.max(2),
                new Layer.Conv(4, 2, 1, 0), new Layer.Flatten(), new Layer.Dense(6)), Activation.RELU, true, true,
                output);
    }

    /**
     * Separable 8x8 images: label +1 has a bright vertical bar (2), -1 a horizontal one, at a position
     * and with Gaussian noise (std 0.3) drawn from {@code seed}; alternating labels.
     */
    static Dataset bars(int n, long seed) {
        CounterRng rng = CounterRng.of(seed, "bars");
        double[] x = new double[n * 64];
        int[] y = new int[n];
        long word = 0;
        for (int i = 0; i < n; i++) {
            y[i] = i % 2 == 0 ? 1 : -1;
            int at = 1 + (int) CounterRng.unsignedMultiplyHigh(rng.word(word++), 6);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    double noise = 0.3 * CounterRng.standardNormal(rng.word(word++));
                    boolean bar = y[i] == 1 ? c == at : r == at;
                    x[i * 64 + r * 8 + c] = (bar ? 2.0 : 0.0) + noise;
                }
            }
        }
        return new Dataset(IMAGE, x, y);
    }

    @Test
    void twoLogitCrossEntropyGradientsMatchCentralDifferences() {
        // tanh keeps the loss smooth; h = 1e-6, tolerance 1e-6 x max(1, |g|) as in the dense check above.
        Architecture arch = new Architecture(IMAGE, List.of(new Layer.Conv(2, 3, 2, 1), Layer.Pool.avg(2),
                new Layer.Flatten(), new Layer.Dense(3)), Activation.TANH, true, true, Output.TWO_LOGITS);
        GradientTrainer t = new GradientTrainer(arch, new Prior.Uniform(-1, 1),
                spec(Optimizer.GD, Loss.LOGISTIC, Init.PRIOR, 1));
        Dataset data = bars(5, 3);
        double[] w = t.initialWeights(CounterRng.of(9, "grad-check"));
        GradientTrainer.LossAndGradient lg = t.lossAndGradient(w, data);
        double expected = 0;
        double[] o = t.outputs(w, data);
        for (int i = 0; i < data.size(); i++) {
            expected += NormalizedLoss.softplus(-data.label(i) * o[i]) / data.size(); // peers' 2-class CE
        }
        assertEquals(expected, lg.loss(), 1e-12);
        assertMatchesCentralDifferences(t, w, data, 1e-6, true);
    }

    /**
     * The trainer's gradient at w against central differences of its loss with step h (error O(h^2) plus
     * rounding ~ 1e-16 / h), within 1e-6 x max(1, |g|) when {@code relative}, else within 1e-6.
     */
    private static void assertMatchesCentralDifferences(GradientTrainer t, double[] w, Dataset data, double h,
                                                        boolean relative) {
        double[] g = t.lossAndGradient(w, data).gradient();
        for (int j = 0; j < w.length; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (t.lossAndGradient(plus, data).loss() - t.lossAndGradient(minus, data).loss()) / (2 * h);
            assertEquals(numeric, g[j], 1e-6 * (relative ? Math.max(1, Math.abs(numeric)) : 1), "parameter " + j);
        }
    }

    /** 16 bar images, SGD at lr 0.1 from He init: each of 3 seeds interpolates within tens of epochs. */
    @ParameterizedTest
    @EnumSource(Output.class)
    void aLenetLikeStudentInterpolatesSeparableImages(Output output) {
        Architecture arch = lenetLike(output);
        GradientTrainer t = new GradientTrainer(arch, new Prior.Uniform(-1, 1),
                new BaselineSpec(1, Optimizer.SGD, 0.1, 2000, 4, Init.STANDARD, Loss.LOGISTIC));
        Dataset train = bars(16, 1);
        Dataset test = bars(200, 2);
        for (long seed = 0; seed < 3; seed++) {
            TrainingRun r = t.train(train, test, CounterRng.of(5, "baseline", seed), seed);
            assertTrue(r.interpolated(), output + " seed " + seed + ": " + r.trainErrors() + " mistakes after "
                    + r.epochs() + " epochs");
            assertTrue(r.epochs() > 0 && r.epochs() < 2000, "epochs " + r.epochs());
            // the decisions are Architecture.output's
            double[] w = r.weights();
            int mistakes = 0;
            for (int i = 0; i < test.size(); i++) {
                double f = arch.output(w, 0, test.features(), i * 64, arch.newScratch());
                mistakes += Architecture.label(f) != test.label(i) ? 1 : 0;
            }
            assertEquals(mistakes, r.testMistakes());
            assertEquals(0, t.mistakes(w, train));
            assertTrue(r.testMistakes() < 0.5 * test.size(), "test mistakes " + r.testMistakes()); // it learned something
        }
    }

    @Test
    void thePeersLenetSettingsTrainFromThePriorWithTheLossBinStopRule() {
        // lr 0.001, batch min(n/2, 2), 30 epochs, every parameter U[-1, 1], a loss bin: the peers' MNIST run.
        Architecture arch = lenetLike(Output.TWO_LOGITS);
        Prior uniform = new Prior.Uniform(-1, 1);
        BaselineSpec peers = new BaselineSpec(1, Optimizer.SGD, 0.001, 30, 2, Init.PRIOR, Loss.LOGISTIC,
                BaselineSpec.BatchLimit.HALF_TRAIN_SIZE);
        assertEquals(1, peers.batchOn(2));
        assertEquals(2, peers.batchOn(8));
        GradientTrainer t = new GradientTrainer(arch, uniform, peers, new LossBin(0.3, 0.7, LossBin.PEERS_LAYER_SCALE));
        double[] w0 = t.initialWeights(CounterRng.of(2, "baseline", 0));
        double[] direct = new double[w0.length];
        for (int j = 0; j < w0.length; j++) { // every parameter, biases included, from the prior's own map
            direct[j] = uniform.fromWord(CounterRng.of(2, "baseline", 0).word(j));
            assertTrue(w0[j] >= -1 && w0[j] < 1);
        }
        assertArrayEquals(direct, w0);
        Dataset train = bars(8, 4);
        TrainingRun r = t.train(train, bars(50, 5), CounterRng.of(2, "baseline", 0), 0);
        assertTrue(r.epochs() >= 1 && r.epochs() <= 30);
        assertEquals(r.accepted(), r.interpolated() && r.normalizedLoss() >= 0.3 && r.normalizedLoss() < 0.7);
        assertEquals(NormalizedLoss.meanCrossEntropy(arch, r.weights(), 0, train.features(), train.labels(),
                LossBin.PEERS_LAYER_SCALE, arch.newScratch()), r.normalizedLoss(), 0);
        // two logits train on the cross-entropy only
        assertThrows(IllegalArgumentException.class, () -> new GradientTrainer(arch, uniform,
                spec(Optimizer.GD, Loss.HINGE, Init.PRIOR, 1)));
    }

    @Test
    void standardInitIsHeOnConvFanIn() {
        Architecture arch = lenetLike(Output.SINGLE);
        double[] w = new GradientTrainer(arch, TERNARY, spec(Optimizer.GD, Loss.LOGISTIC, Init.STANDARD, 1))
                .initialWeights(CounterRng.of(1, "init"));
        // conv1: 3 x 1 x 3 x 3 = 27 weights, std sqrt(2 / 9); then 3 biases, all 0
        double ss = 0;
        for (int j = 0; j < 27; j++) {
            ss += w[j] * w[j];
        }
        assertTrue(ss / 27 > 2.0 / 9 / 3 && ss / 27 < 2.0 / 9 * 3, "variance " + ss / 27);
        assertEquals(0, w[27]);
        assertEquals(0, w[29]);
        assertTrue(w[30] != 0); // conv2's first weight
    }

    @Test
    void signActivationIsRefused() {
        Architecture arch = new Architecture(3, List.of(4), Activation.SIGN, false, false);
        assertThrows(IllegalArgumentException.class, () -> new GradientTrainer(arch, TERNARY, BaselineSpec.DEFAULT));
    }
}
