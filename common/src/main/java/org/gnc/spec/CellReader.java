package org.gnc.spec;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.gnc.model.NetworkSpec;

/**
 * Reads one grid cell's settings (its config with the axis values in place and the defaults merged):
 * {@code data}, {@code student}, {@code accept} and {@code budget}, skipping the sweep-wide blocks.
 * Every key asked for is added to {@code requested} (so that a grid axis naming no setting can be told
 * apart), and every problem to {@code issues}. Returns the cell, whose id is the hash of its canonical
 * settings ({@link CellIds}), or null when any problem was found. {@code accept.max-train-errors} is
 * bounded by the training-set size where the data kind fixes it. Stateless.
 */
final class CellReader {

    private CellReader() {
    }

    static CellSpec read(Config cfg, Map<String, String> axisValues, Path baseDir, Issues issues,
                         Set<String> requested) {
        Node root = Node.root(cfg.root(), issues, requested);
        root.skip("sweep");
        root.skip("grid");
        root.skip("bounds");
        root.skip("baseline");
        Node d = root.object("data");
        DataReader.DataRead data = d == null ? null : DataReader.read(d, baseDir);
        Node s = root.object("student");
        NetworkSpec student = s == null ? null : NetworkReader.read(s, "the student network");

        Long maxTrainErrors = null;
        Node a = root.object("accept");
        if (a != null) {
            if (data != null && data.spec() instanceof DataSpec.TeacherStudent ts) {
                maxTrainErrors = a.integer("max-train-errors", 0, ts.trainSize(),
                        "an integer in 0.." + ts.trainSize() + " (0 = interpolation; at most data.train-size)");
            } else if (data != null && data.spec() instanceof DataSpec.Idx idx) {
                int n = 2 * idx.train().perClass();
                maxTrainErrors = a.integer("max-train-errors", 0, n, "an integer in 0.." + n
                        + " (0 = interpolation; at most the training-set size, 2 x data.train-per-class)");
            } else {
                maxTrainErrors = a.integer("max-train-errors", 0, Integer.MAX_VALUE, null);
            }
            a.finish("accept");
        }

        Budget budget = null;
        Node b = root.object("budget");
        if (b != null) {
            Long target = b.integer("target-accepted", 1, Long.MAX_VALUE, null);
            Long maxCandidates = b.integer("max-candidates", 1, Budget.MAX_CANDIDATES, "an integer in 1.."
                    + Budget.MAX_CANDIDATES + " (2^43: the RNG reserves 2^20 words per candidate in a 64-bit counter)");
            Double maxSeconds = b.seconds("max-seconds");
            b.finish("budget");
            if (target != null && maxCandidates != null && maxSeconds != null) {
                budget = new Budget(target, maxCandidates, maxSeconds);
            }
        }
        root.finish("a sweep config");
        if (!issues.isEmpty() || data == null || student == null || maxTrainErrors == null || budget == null) {
            return null;
        }
        int mte = maxTrainErrors.intValue();
        String text = CellIds.canonicalText(data.spec(), data.written(), student, mte);
        return new CellSpec(CellIds.idOf(text), data.spec(), student, mte, budget, axisValues);
    }
}
