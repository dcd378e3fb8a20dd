package org.gnc.smc;

import java.util.List;
import java.util.SplittableRandom;
import org.gnc.data.Dataset;
import org.gnc.model.Activation;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;

/** Small cells for the SMC tests: data labelled by a teacher drawn from the student's own space, and exact enumeration. */
final class SmcFixtures {
    private SmcFixtures() {
    }

    static Architecture relu(int d, int width, boolean bias, boolean outputBias) {
        return new Architecture(d, List.of(width), Activation.RELU, bias, outputBias);
    }

    static Architecture perceptron(int d, boolean outputBias) {
        return new Architecture(d, List.of(), Activation.RELU, false, outputBias);
    }

    static Prior levels(double... v) {
        return new Prior.Levels(v);
    }

    /**
     * size points of dimension d, Gaussian (or, with {@code integer}, in {-1, 0, 1}, which makes exact ties
     * f = 0 common), labelled by the network {@code teacher} of {@code arch} (ties get -1, the label rule).
     */
    static Dataset data(Architecture arch, double[] teacher, int size, boolean integer, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = arch.inputDim();
        double[] x = new double[size * d];
        int[] y = new int[size];
        double[] scratch = arch.newScratch();
        for (int p = 0; p < size; p++) {
            for (int i = 0; i < d; i++) {
                x[p * d + i] = integer ? r.nextInt(3) - 1 : gaussian(r);
            }
            y[p] = Architecture.label(arch.output(teacher, 0, x, p * d, scratch));
        }
        return new Dataset(d, x, y);
    }

    static double gaussian(SplittableRandom r) {
        double u1 = 1 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniform draw of the levels for every parameter of {@code arch}. */
    static double[] draw(Architecture arch, double[] levels, SplittableRandom r) {
        double[] w = new double[arch.parameterCount()];
        for (int q = 0; q < w.length; q++) {
            w[q] = levels[r.nextInt(levels.length)];
        }
        return w;
    }

    /** The reference's mistakes of weights w on the first n points of {@code data}. */
    static int mistakes(Architecture arch, double[] w, Dataset data, int n) {
        double[] scratch = arch.newScratch();
        int wrong = 0;
        for (int p = 0; p < n; p++) {
            if (Architecture.label(arch.output(w, 0, data.features(), p * data.dim(), scratch)) != data.label(p)) {
                wrong++;
            }
        }
        return wrong;
    }

    /** The level indices of configuration c (mixed radix, parameter 0 least significant). */
    static int[] configuration(long c, int parameters, int k) {
        int[] idx = new int[parameters];
        for (int q = 0; q < parameters; q++) {
            idx[q] = (int) (c % k);
            c /= k;
        }
        return idx;
    }

    static long index(int[] idx, int k) {
        long c = 0;
        for (int q = idx.length - 1; q >= 0; q--) {
            c = c * k + idx[q];
        }
        return c;
    }

    static double[] weights(int[] idx, double[] levels) {
        double[] w = new double[idx.length];
        for (int q = 0; q < idx.length; q++) {
            w[q] = levels[idx[q]];
        }
        return w;
    }

    static long configurations(int parameters, int k) {
        long c = 1;
        for (int q = 0; q < parameters; q++) {
            c *= k;
        }
        return c;
    }
}
