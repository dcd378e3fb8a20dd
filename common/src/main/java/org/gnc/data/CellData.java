package org.gnc.data;

/**
 * The data of one cell: training and test sets, for generated data how many teachers were
 * redrawn because they gave one class to more than 90% of the test set (0 for tables), and for IDX class
 * pairs the classes of labels -1 and +1 as "negative,positive" (such as "0,1"; the pair drawn for
 * {@code classes = random}), null for data without classes.
 */
public record CellData(Dataset train, Dataset test, int teacherRedraws, String classes)
        implements java.io.Serializable {
    /** Data without classes. */
    public CellData(Dataset train, Dataset test, int teacherRedraws) {
        this(train, test, teacherRedraws, null);
    }

    public CellData {
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("training points have dimension " + train.dim()
                    + " but test points have " + test.dim());
        }
    }
}
