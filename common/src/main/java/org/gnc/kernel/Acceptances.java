package org.gnc.kernel;

import java.util.Arrays;

/**
 * The candidates a filter accepted from a scanned index range, in increasing index order, each with
 * its number of training errors (0 under interpolation).
 */
public record Acceptances(long[] indices, int[] trainErrors) {
    public Acceptances {
        if (indices.length != trainErrors.length) {
            throw new IllegalArgumentException("indices and train errors differ in length");
        }
        indices = indices.clone();
        trainErrors = trainErrors.clone();
    }

    /** Collects acceptances in increasing index order. */
    public static final class Builder {
        private long[] indices = new long[16];
        private int[] errors = new int[16];
        private int size;

        public void add(long index, int trainErrors) {
            if (size == indices.length) {
                indices = Arrays.copyOf(indices, 2 * size);
                errors = Arrays.copyOf(errors, 2 * size);
            }
            indices[size] = index;
            errors[size++] = trainErrors;
        }

        public Acceptances build() {
            return new Acceptances(Arrays.copyOf(indices, size), Arrays.copyOf(errors, size));
        }
    }

    public int count() {
        return indices.length;
    }

    @Override public long[] indices() { return indices.clone(); }

    @Override public int[] trainErrors() { return trainErrors.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof Acceptances a && Arrays.equals(indices, a.indices)
                && Arrays.equals(trainErrors, a.trainErrors);
    }

    @Override public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(trainErrors);
    }

    @Override public String toString() {
        return "Acceptances" + Arrays.toString(indices);
    }
}
