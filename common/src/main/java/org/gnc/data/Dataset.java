package org.gnc.data;

import java.util.Arrays;

/**
 * An immutable labelled dataset: n points of dimension dim, each with a label in {-1, +1}.
 *
 * <p>Features are stored row-major (point i occupies [i*dim, (i+1)*dim)). Accessors return copies;
 * evaluators copy the arrays once when they are built and then read them in their hot loops.
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int dim;
    private final double[] features;
    private final int[] labels;

    /** A dataset from row-major features and labels; both arrays are copied. */
    public Dataset(int dim, double[] features, int[] labels) {
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
        this.features = features.clone();
        this.labels = labels.clone();
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return labels.length;
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
        return new Dataset(dim, Arrays.copyOf(features, n * dim), Arrays.copyOf(labels, n));
    }

    /** The points rows[0], rows[1], ... in that order (each an index below size()). */
    public Dataset rows(int[] rows) {
        double[] x = new double[rows.length * dim];
        int[] y = new int[rows.length];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(features, rows[t] * dim, x, t * dim, dim);
            y[t] = labels[rows[t]];
        }
        return new Dataset(dim, x, y);
    }

    /** The fraction of points labelled +1. */
    public double positiveFraction() {
        long pos = Arrays.stream(labels).filter(y -> y > 0).count();
        return size() == 0 ? Double.NaN : (double) pos / size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && d.dim == dim && Arrays.equals(d.features, features)
                && Arrays.equals(d.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dim + Arrays.hashCode(features)) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Dataset[n=" + size() + ", dim=" + dim + "]";
    }
}
