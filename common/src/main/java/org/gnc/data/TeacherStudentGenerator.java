package org.gnc.data;

import org.gnc.model.Architecture;
import org.gnc.rng.CounterRng;
import org.gnc.model.CandidateWeights;
import org.gnc.spec.DataSpec;
import org.gnc.spec.InputKind;

/**
 * Generates teacher-student data, a pure function of the data spec (and so of data.seed).
 *
 * <p>Inputs: coordinate c of training point p is drawn from word p*dim + c of the stream
 * (seed, "train-inputs"), test points likewise from (seed, "test-inputs"): N(0, 1) by the inverse
 * normal CDF, or +-1 by the word's top bit for rademacher. Training sets of one seed are therefore
 * nested: the first n points are the same for every train-size &gt;= n.
 *
 * <p>Teacher: attempt r draws its weights from the teacher prior as candidate r of the stream
 * (seed, "teacher"). Points are labelled by the project's rule, y = +1 iff teacher(x) &gt; 0. An
 * attempt whose labels give one class to more than 90% of the test set is rejected and the next is
 * drawn; the number of rejected attempts is recorded. After {@link #MAX_REDRAWS} rejections the data
 * spec is refused.
 */
public final class TeacherStudentGenerator {
    /** A teacher may give at most this fraction of the test set to one class. */
    public static final double MAX_MAJORITY = 0.9;
    /** The number of teacher redraws after which generation gives up. */
    public static final int MAX_REDRAWS = 1000;

    private TeacherStudentGenerator() {
    }

    /** The training set, test set and teacher redraw count of this spec. */
    public static CellData generate(DataSpec.TeacherStudent spec) {
        double[] trainX = inputs(spec, "train-inputs", spec.trainSize());
        double[] testX = inputs(spec, "test-inputs", spec.testSize());
        Architecture teacherArch = spec.teacher().architecture(spec.dim());
        CandidateWeights teachers = new CandidateWeights(teacherArch, spec.teacher().prior(),
                CounterRng.of(spec.seed(), "teacher"));
        double[] scratch = teacherArch.newScratch();
        for (int r = 0; r <= MAX_REDRAWS; r++) {
            double[] w = teachers.weights(r);
            int[] testY = label(teacherArch, w, testX, spec.dim(), scratch);
            long positives = 0;
            for (int y : testY) {
                positives += y > 0 ? 1 : 0;
            }
            long majority = Math.max(positives, testY.length - positives);
            if (majority <= MAX_MAJORITY * testY.length) {
                int[] trainY = label(teacherArch, w, trainX, spec.dim(), scratch);
                return new CellData(new Dataset(spec.dim(), trainX, trainY), new Dataset(spec.dim(), testX, testY), r);
            }
        }
        throw new DataException("data.teacher: " + (MAX_REDRAWS + 1) + " teachers drawn with data.seed = "
                + spec.seed() + " all gave one class to more than " + (int) (MAX_MAJORITY * 100)
                + "% of the test set; use a teacher prior or architecture that can separate the inputs");
    }

    /**
     * The weights of the teacher that labelled the data: attempt {@code redraws} of the stream (seed,
     * "teacher"), where {@code redraws} is {@link CellData#teacherRedraws()} of the generated data.
     */
    public static double[] teacherWeights(DataSpec.TeacherStudent spec, int redraws) {
        return new CandidateWeights(spec.teacher().architecture(spec.dim()), spec.teacher().prior(),
                CounterRng.of(spec.seed(), "teacher")).weights(redraws);
    }

    private static double[] inputs(DataSpec.TeacherStudent spec, String domain, int n) {
        CounterRng rng = CounterRng.of(spec.seed(), domain);
        int d = spec.dim();
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            long word = rng.word(i);
            x[i] = spec.input() == InputKind.GAUSSIAN
                    ? CounterRng.standardNormal(word)
                    : (word < 0 ? -1.0 : 1.0);
        }
        return x;
    }

    private static int[] label(Architecture arch, double[] w, double[] x, int dim, double[] scratch) {
        int n = x.length / dim;
        int[] y = new int[n];
        for (int p = 0; p < n; p++) {
            y[p] = Architecture.label(arch.output(w, 0, x, p * dim, scratch));
        }
        return y;
    }
}
