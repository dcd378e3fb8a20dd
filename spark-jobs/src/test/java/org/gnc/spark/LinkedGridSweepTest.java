package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with a linked grid axis (two settings that vary together) beside an ordinary one: the cells
 * table has a column per linked setting, and each row holds its cell's pair of values, never a mixed one.
 */
class LinkedGridSweepTest {
    @TempDir
    static Path dir;

    @Test
    void theCellsTableHoldsEachLinkedSettingsValuesTogether() throws Exception {
        Path conf = dir.resolve("linked.conf");
        Files.writeString(conf, """
                sweep   { name = linked, seed = 3 }
                data    { kind = teacher-student, input = gaussian, dim = 5, train-size = 4, test-size = 50, seed = 2
                          teacher { widths = [1], activation = relu, bias = false, prior { kind = levels, levels = [-1, 1] } } }
                student { widths = [2], activation = relu, bias = false, output-bias = false
                          prior { kind = levels, levels = [-1, 0, 1] } }
                budget  { target-accepted = 5, max-candidates = 200000, max-seconds = 60 }
                grid    { "data.train-size" = [4, 6]
                          linked = [{ "student.widths" = [2], "accept.max-train-errors" = 0 },
                                    { "student.widths" = [3], "accept.max-train-errors" = 1 }] }
                """);
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(conf, List.of()));
        assertEquals(4, sweep.spec().cells().size(), "2 training sizes x 2 linked pairs");
        OutputFolder out = OutputFolder.prepare(dir.resolve("out").toString(), false, new Configuration());
        SweepJob.run(SparkTestSession.get(), sweep, out, new SweepJob.Options(1 << 12, 2, null, false));
        Dataset<Row> cells = SparkTestSession.get().read().parquet(dir.resolve("out").resolve(Tables.CELLS).toString());
        assertTrue(SparkTestSession.hasColumns(cells, "student_widths", "accept_max_train_errors", "data_train_size"),
                String.join(", ", cells.columns()));
        assertEquals(4, cells.count());
        Set<String> pairs = new HashSet<>();
        for (CellSpec cell : sweep.spec().cells()) {
            Row row = cells.where("cell_id = '" + cell.id() + "'").first();
            String widths = row.getAs("student_widths");
            long errors = ((Number) row.getAs("accept_max_train_errors")).longValue();
            assertEquals(cell.student().widthsLabel(), widths);
            assertEquals(cell.maxTrainErrors(), errors);
            assertEquals(widths.equals("2") ? 0 : 1, errors, "a linked pair is never mixed: widths " + widths);
            pairs.add(widths + "/" + errors + "/" + row.<Object>getAs("data_train_size"));
            assertEquals(5L, row.<Long>getAs("accepted"), "cell " + cell.id());
        }
        assertEquals(Set.of("2/0/4", "2/0/6", "3/1/4", "3/1/6"), pairs);
    }
}
