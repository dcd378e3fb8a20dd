package org.gnc.data;

import java.util.Arrays;
import org.gnc.model.InputShape;

/**
 * An immutable labelled dataset: n points of dimension dim, each with a label in {-1, +1}.
 *
 * <p>Features are stored row-major (point i occupies [i*dim, (i+1)*dim)). Accessors return copies;
 * evaluators copy the arrays once when they are built and then read them in their hot loops. Each
 * point has the same {@link InputShape} (channels x height x width, of size dim); data without image
 * structure has the flat shape 1 x 1 x dim. Subsets keep the shape.
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int dim;
    private final InputShape shape;
    private final double[] features;
    private final int[] labels;

    /** A dataset of flat points from row-major features and labels; both arrays are copied. */
    public Dataset(int dim, double[] features, int[] labels) {
        this(dim < 1 ? null : InputShape.flat(dim), dim, features, labels);
    }

    /** A dataset of points of the given shape; both arrays are copied. */
    public Dataset(InputShape shape, double[] features, int[] labels) {
        this(shape, shape.size(), features, labels);
    }

    private Dataset(InputShape shape, int dim, double[] features, int[] labels) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dim);
        }
        if (features.length != (long) labels.length * dim) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected "
                    + labels.length + " points x " + dim + " dimensions");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 1 && labels[i] != -1) {
                throw new IllegalArgumentException("label of point " + i + " must be +1 or -1, got " + labels[i]);
            }
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isFinite(features[i])) {
                throw new IllegalArgumentException("feature " + (i % dim) + " of point " + (i / dim)
                        + " is not finite: " + features[i]);
            }
        }
        this.dim = dim;
        this.shape = shape;
        this.features = features.clone();
        this.labels = labels.clone();
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return labels.length;
    }

    /** The shape of every point (flat 1 x 1 x dim unless the data are images). */
    public InputShape shape() {
        return shape;
    }

    /** A copy of the row-major features. */
    public double[] features() {
        return features.clone();
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int i) {
        return labels[i];
    }

    public double feature(int i, int c) {
        return features[i * dim + c];
    }

    /** The first {@code n} points (n &lt;= size()). */
    public Dataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot take " + n + " of " + size() + " points");
        }
        return new Dataset(shape, dim, Arrays.copyOf(features, n * dim), Arrays.copyOf(labels, n));
    }

    /** The points rows[0], rows[1], ... in that order (each an index below size()). */
    public Dataset rows(int[] rows) {
        double[] x = new double[rows.length * dim];
        int[] y = new int[rows.length];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(features, rows[t] * dim, x, t * dim, dim);
            y[t] = labels[rows[t]];
        }
        return new Dataset(shape, dim, x, y);
    }

    /** The fraction of points labelled +1. */
    public double positiveFraction() {
        long pos = Arrays.stream(labels).filter(y -> y > 0).count();
        return size() == 0 ? Double.NaN : (double) pos / size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && d.dim == dim && d.shape.equals(shape) && Arrays.equals(d.features, features)
                && Arrays.equals(d.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dim + Arrays.hashCode(features)) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Dataset[n=" + size() + ", dim=" + dim + (shape.isFlat() ? "" : ", shape=" + shape.label()) + "]";
    }
}
