package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepBenchTest {
    @Test
    void theSummaryTableGivesTheCandidatesAndAcceptedOfAllCells() {
        List<String> stdout = List.of(
                "cell              settings  attempts   accepted  rate      95% CI               test error       censored",
                "3784c8c7e0fa9358  -         925000     1000      0.00108   [0.00102, 0.00115]  0.3212 ± 0.0019  no",
                "aa84c8c7e0fa9358  w=16      123456789  7         5.67e-08  [2.28e-08, 1.17e-07]  0.4100 ± 0.0300  yes",
                "tables (run 20261206-200825-379679): file:/tmp/out/{samples,shards,cells,runs}");
        assertArrayEquals(new long[] {925000 + 123456789, 1007}, SweepBench.summaryCounts(stdout));
    }

    @Test
    void outputWithoutASummaryTableIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SweepBench.summaryCounts(List.of("gnc: failed: no")));
    }
}
