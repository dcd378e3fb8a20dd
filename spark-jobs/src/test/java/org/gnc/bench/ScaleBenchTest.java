package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale workload's parts that need no sweep: the GC log's peak and live heap, and its name on the command line. */
class ScaleBenchTest {
    @TempDir
    Path dir;

    @Test
    void thePeakHeapIsTheLargestOccupancyBeforeACollectionAndTheLiveHeapAfterOne() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.010s][info][gc] Using G1
                [0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms
                [1.700s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 611M->402M(1024M) 9.1ms
                [2.100s][info][gc] GC(2) Pause Remark 450M->450M(1024M) 1.2ms
                """);
        assertEquals(new ScaleBench.HeapFigures(611, 450), ScaleBench.HeapFigures.ofGcLog(log));
        assertEquals(new ScaleBench.HeapFigures(-1, -1), ScaleBench.HeapFigures.ofGcLog(dir.resolve("absent.log")));
    }

    /**
     * A fragment of a real driver's log (grid-3000, {@code -Xlog:gc}, JDK 17 G1): concurrent cycles, young pauses
     * that free little, remarks that free much. The live heap is the largest after-figure of any pause (364 MB
     * after GC(36)), not the last nor a remark's; the peak the largest before-figure (396 MB before GC(34)'s remark).
     */
    @Test
    void theLiveHeapIsTheLargestOccupancyAfterACollectionInARealLog() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.004s][info][gc] Using G1
                [42.124s][info][gc] GC(27) Pause Young (Concurrent Start) (G1 Humongous Allocation) 143M->101M(208M) 50.998ms
                [42.124s][info][gc] GC(28) Concurrent Mark Cycle
                [42.308s][info][gc] GC(29) Pause Young (Normal) (G1 Preventive Collection) 185M->182M(208M) 26.133ms
                [42.366s][info][gc] GC(30) Pause Young (Normal) (G1 Preventive Collection) 188M->189M(332M) 39.397ms
                [42.420s][info][gc] GC(28) Pause Remark 208M->166M(332M) 16.360ms
                [42.526s][info][gc] GC(28) Pause Cleanup 229M->229M(332M) 0.073ms
                [42.533s][info][gc] GC(28) Concurrent Mark Cycle 408.901ms
                [42.576s][info][gc] GC(31) Pause Young (Concurrent Start) (G1 Humongous Allocation) 230M->226M(332M) 40.272ms
                [42.576s][info][gc] GC(32) Concurrent Mark Cycle
                [42.988s][info][gc] GC(32) Pause Remark 364M->202M(372M) 75.688ms
                [43.032s][info][gc] GC(32) Pause Cleanup 314M->314M(372M) 0.063ms
                [43.036s][info][gc] GC(32) Concurrent Mark Cycle 459.372ms
                [43.044s][info][gc] GC(33) Pause Young (Concurrent Start) (G1 Humongous Allocation) 333M->328M(372M) 3.259ms
                [43.044s][info][gc] GC(34) Concurrent Mark Cycle
                [43.092s][info][gc] GC(35) Pause Young (Normal) (G1 Preventive Collection) 359M->358M(372M) 22.000ms
                [43.098s][info][gc] GC(36) Pause Young (Normal) (G1 Preventive Collection) 364M->364M(372M) 1.223ms
                [43.228s][info][gc] GC(34) Pause Remark 396M->138M(402M) 6.628ms
                """);
        assertEquals(new ScaleBench.HeapFigures(396, 364), ScaleBench.HeapFigures.ofGcLog(log));
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
