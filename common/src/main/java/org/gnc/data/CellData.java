package org.gnc.data;

/**
 * The data of one cell: training and test sets, and for generated data how many teachers were
 * redrawn because they gave one class to more than 90% of the test set (0 for tables).
 */
public record CellData(Dataset train, Dataset test, int teacherRedraws) implements java.io.Serializable {
    public CellData {
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("training points have dimension " + train.dim()
                    + " but test points have " + test.dim());
        }
    }
}
