package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale workload's parts that need no sweep: the GC log's peak heap, and its name on the command line. */
class ScaleBenchTest {
    @TempDir
    Path dir;

    @Test
    void thePeakHeapIsTheLargestOccupancyBeforeACollection() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.010s][info][gc] Using G1
                [0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms
                [1.700s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 611M->402M(1024M) 9.1ms
                [2.100s][info][gc] GC(2) Pause Remark 450M->450M(1024M) 1.2ms
                """);
        assertEquals(611, ScaleBench.peakHeapMb(log));
        assertEquals(-1, ScaleBench.peakHeapMb(dir.resolve("absent.log")));
    }

    @Test
    void theScaleWorkloadRunsTheThreeSweepsOfConfScale() {
        assertEquals(true, BenchWorkload.ON_REQUEST.contains("SCALE"));
        assertEquals(List.of("grid-3000", "fashion-60", "easy-3m"),
                ScaleBench.SWEEPS.stream().map(ScaleBench.Sweep::name).toList());
        for (ScaleBench.Sweep s : ScaleBench.SWEEPS) {
            assertEquals(true, Files.isRegularFile(ReferenceBench.fromRepositoryRoot(Path.of("conf", "scale",
                    s.name() + ".conf"))), s.name());
        }
    }
}
