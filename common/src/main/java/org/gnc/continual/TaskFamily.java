package org.gnc.continual;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gnc.data.CsvTable;
import org.gnc.data.DataException;
import org.gnc.data.Dataset;

/**
 * T binary linear tasks of one dimension d, each with at least one example. Immutable and
 * serializable (it ships to Spark executors). Task m's constraint rows are a_i = y_i x_i for its
 * examples, so that its feasible set is {w : a_i.w >= 1}.
 */
public record TaskFamily(List<Dataset> tasks) implements java.io.Serializable {

    public TaskFamily {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a task family needs at least one task");
        }
        int d = tasks.get(0).dim();
        for (int m = 0; m < tasks.size(); m++) {
            if (tasks.get(m).size() == 0) {
                throw new IllegalArgumentException("task " + m + " has no examples");
            }
            if (tasks.get(m).dim() != d) {
                throw new IllegalArgumentException("task " + m + " has dimension " + tasks.get(m).dim()
                        + ", task 0 has " + d);
            }
        }
    }

    /**
     * Reads one table file per task. An unreadable or malformed file, an empty one, or one whose
     * number of features differs from the first file's is a {@link DataException} naming the file.
     */
    public static TaskFamily read(List<Path> files) {
        List<Dataset> out = new ArrayList<>();
        for (Path f : files) {
            Dataset d = CsvTable.read(f);
            if (!out.isEmpty() && d.dim() != out.get(0).dim()) {
                throw new DataException(f + ": has " + d.dim() + " features per example, but " + files.get(0)
                        + " (task 0) has " + out.get(0).dim() + "; every task must have the same dimension");
            }
            out.add(d);
        }
        return new TaskFamily(out);
    }

    public int count() {
        return tasks.size();
    }

    public int dim() {
        return tasks.get(0).dim();
    }

    public Dataset task(int m) {
        return tasks.get(m);
    }

    /** The constraint rows a_i = y_i x_i of task m, row-major (size(m) x dim). */
    public double[] constraints(int m) {
        return constraints(tasks.get(m));
    }

    /** The constraint rows of every task, stacked in task order: the offline problem's constraints. */
    public double[] unionConstraints() {
        int n = tasks.stream().mapToInt(Dataset::size).sum();
        double[] a = new double[n * dim()];
        int at = 0;
        for (Dataset t : tasks) {
            double[] c = constraints(t);
            System.arraycopy(c, 0, a, at, c.length);
            at += c.length;
        }
        return a;
    }

    static double[] constraints(Dataset t) {
        double[] x = t.features();
        int d = t.dim();
        for (int i = 0; i < t.size(); i++) {
            int y = t.label(i);
            for (int j = 0; j < d; j++) {
                x[i * d + j] *= y;
            }
        }
        return x;
    }
}
