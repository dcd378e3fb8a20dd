package org.gnc.data;

import org.gnc.spec.DataSpec;

/** Turns a data spec into a cell's data: generated for teacher-student, read for tables. */
public final class DataLoader {
    private DataLoader() {
    }

    /** The cell's data; a {@link DataException} naming the file or key when it cannot be made. */
    public static CellData load(DataSpec spec) {
        if (spec instanceof DataSpec.TeacherStudent ts) {
            return TeacherStudentGenerator.generate(ts);
        }
        DataSpec.Table table = (DataSpec.Table) spec;
        Dataset train = CsvTable.read(table.train());
        Dataset test = CsvTable.read(table.test());
        if (train.dim() != test.dim()) {
            throw new DataException(table.test() + ": test examples have " + test.dim() + " features but the "
                    + "training examples in " + table.train() + " have " + train.dim());
        }
        return new CellData(train, test, 0);
    }
}
