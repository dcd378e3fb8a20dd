package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gnc.sample.PreparedSweep;
import org.gnc.sample.ShardOutput;
import org.gnc.spark.tables.OutputFolder;

/** A sweep interrupted inside the test JVM (SweepLifecycleIT kills real processes). */
public final class Interruptions {
    private Interruptions() {
    }

    /** The two-cell sweep (student widths 2 and 3, 15 acceptances each) the interruption tests run, written into {@code dir}. */
    public static java.nio.file.Path twoCellConfig(java.nio.file.Path dir, String name) throws java.io.IOException {
        return SparkTestSession.writeConfig(dir, name, "\"student.widths\" = [[2], [3]]",
                "target-accepted = 15, max-candidates = 1000000, max-seconds = 60");
    }

    /**
     * Runs {@code sweep} into {@code folder} (shards of 1000 candidates, one slot) through {@code checkpoint},
     * dying right after the checkpoint saved its first cell; returns what the checkpoint holds then: the
     * shards of that one cell.
     */
    public static Map<String, List<ShardOutput>> afterFirstSavedCell(SparkSession spark, PreparedSweep sweep,
                                                                     OutputFolder folder,
                                                                     SweepJob.Checkpoint checkpoint) {
        SweepJob.Checkpoint dying = new SweepJob.Checkpoint() {
            @Override
            public Map<String, List<ShardOutput>> load() {
                return checkpoint.load();
            }

            @Override
            public SweepJob.Checkpoint.Reader reader() {
                return checkpoint.reader();
            }

            @Override
            public void save(String cellId, List<ShardOutput> shards) {
                checkpoint.save(cellId, shards);
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> SweepJob.run(spark, sweep, folder,
                new SweepJob.Options(1000, 1, null, false, dying)));
        Map<String, List<ShardOutput>> saved = checkpoint.load();
        assertEquals(1, saved.size());
        return saved;
    }
}
