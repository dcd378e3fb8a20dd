package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gnc.data.DataException;
import org.gnc.sample.CellResult;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.Tables;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep over loss bins on the kink: the bins in the cells table, read back from Parquet. */
class LossBinSweepTest {
    @TempDir
    static Path dir;

    private static PreparedSweep sweep() throws Exception {
        Path conf = dir.resolve("bins.conf");
        Files.writeString(conf, """
                sweep { name = bins, seed = 5 }
                data { kind = generated, set = kink, train-size = 11, test-size = 200, seed = 0 }
                student { widths = [4], output-bias = true, prior { kind = uniform, low = -1, high = 1 } }
                budget { target-accepted = 10, max-candidates = 400000, max-seconds = 120 }
                grid { "accept.loss-bin" = [null, { low = 0, high = 0.5 }, { low = 0.5, high = 0.7 }] }
                """);
        return PreparedSweep.of(SweepSpecParser.parse(conf, List.of()));
    }

    @Test
    void theCellsTableRecordsEachCellsBinAndItsCounts() throws Exception {
        PreparedSweep sweep = sweep();
        OutputFolder out = OutputFolder.prepare(dir.resolve("out").toString(), false, new Configuration());
        SweepJob.run(SparkTestSession.get(), sweep, out, new SweepJob.Options(1 << 14, 2, null, false));
        Dataset<Row> cells = SparkTestSession.get().read().parquet(dir.resolve("out").resolve(Tables.CELLS).toString());
        assertEquals(3, cells.count());
        assertTrue(SparkTestSession.hasColumns(cells, "loss_bin_low", "loss_bin_high", "accept_loss_bin", "data_seed"));
        int binned = 0;
        for (CellSpec cell : sweep.spec().cells()) {
            Row row = cells.where("cell_id = '" + cell.id() + "'").first();
            CellResult alone = sweep.cells().get(cell.id()).run(1 << 20);
            assertEquals(alone.acceptance().attempts(), row.<Long>getAs("attempts"));
            assertEquals(alone.acceptance().accepted(), row.<Long>getAs("accepted"));
            assertEquals(0L, row.<Long>getAs("data_seed"));
            if (cell.lossBin() == null) {
                assertNull(row.getAs("loss_bin_low"));
                assertNull(row.getAs("loss_bin_high"));
            } else {
                binned++;
                assertTrue(row.<Long>getAs("accepted") > 0, "a bin that holds networks: " + cell.lossBin());
                assertEquals(cell.lossBin().low(), row.<Double>getAs("loss_bin_low"), 0);
                assertEquals(cell.lossBin().high(), row.<Double>getAs("loss_bin_high"), 0);
            }
        }
        assertEquals(2, binned);
    }

    @Test
    void enumerateRefusesALossBinNamingTheKey() throws Exception {
        Path conf = dir.resolve("exact-bin.conf");
        Files.writeString(conf, """
                sweep { name = exact-bin, seed = 5 }
                data { kind = generated, set = kink, train-size = 4, test-size = 20, seed = 0 }
                student { widths = [1], prior { kind = levels, levels = [-1, 1] } }
                accept { loss-bin { low = 0, high = 1 } }
                budget { target-accepted = 10, max-candidates = 1000 }
                """);
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(conf, List.of()));
        DataException e = assertThrows(DataException.class, () -> EnumerateJob.enumerators(sweep));
        assertTrue(e.getMessage().startsWith("accept.loss-bin of cell "), e.getMessage());
        assertTrue(e.getMessage().contains("not supported by gnc enumerate"), e.getMessage());
    }
}
