package org.gnc.data;

/**
 * The rows of a table as read, before they become a {@link Dataset}: {@code dim} feature values per row
 * (row-major in {@code features}) and one integer label per row, checked by the table loaders under a
 * {@link Labels} rule. Under {@link Labels#SIGNED} every label is -1 or +1 and {@link #dataset()} is the
 * sweep's dataset; under {@link Labels#CLASSES} every label is a class index 0..{@value Labels#MAX_CLASS}
 * (a multiclass reconstruction groups them by {@code data.classes}). Arrays are not copied: the loaders
 * hand over arrays they no longer use.
 */
public record TableRows(int dim, double[] features, int[] labels) {
    /** The label rule of a table: what the loaders accept in its label column. */
    public enum Labels {
        /** -1 or +1, the sweep's rule. */
        SIGNED,
        /** A class index: a whole number in 0..{@value #MAX_CLASS}, as IDX labels. */
        CLASSES;

        /** The largest class index a table may hold (IDX labels are bytes). */
        public static final int MAX_CLASS = 255;

        /** Whether {@code v} is a class index under {@link #CLASSES}. */
        public static boolean isClass(double v) {
            return v == Math.rint(v) && v >= 0 && v <= MAX_CLASS;
        }

        /**
         * {@code v} as a class index, or a {@link DataException} "{@code label} is the label and must be a
         * class index ..., got {@code got}" ({@code label} names the file, row and column).
         */
        public static int classIndex(double v, String label, String got) {
            if (isClass(v)) {
                return (int) v;
            }
            throw new DataException(label + " is the label and must be a class index 0.." + MAX_CLASS
                    + " (the table's labels are classes: data.classes), got " + got);
        }
    }

    /** The number of rows. */
    public int size() {
        return labels.length;
    }

    /** The rows as a dataset (labels -1/+1: read under {@link Labels#SIGNED}). */
    public Dataset dataset() {
        return new Dataset(dim, features, labels);
    }

    /** The rows of a dataset. */
    public static TableRows of(Dataset d) {
        return new TableRows(d.dim(), d.features(), d.labels());
    }
}
