package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gnc.spark.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gnc continual from the command line: a run on task files, and bad input exiting 2 before any work. */
class ContinualCliTest {
    @TempDir
    Path dir;

    private Path config(String orderings, String... files) throws Exception {
        String list = String.join(", ", java.util.Arrays.stream(files).map(f -> "\"" + f + "\"").toList());
        return Files.writeString(dir.resolve("c.conf"), """
                continual { name = cli, seed = 1, seeds = 3, steps = 8, orderings = %s }
                tasks { kind = files, files = [%s] }
                """.formatted(orderings, list));
    }

    @Test
    void runsOnTaskFilesAndPrintsTheSummary() throws Exception {
        SparkTestSession.get();
        Files.writeString(dir.resolve("a.csv"), "1,0,1\n2,1,1\n");
        Files.writeString(dir.resolve("b.csv"), "0.5,1,1\n-1,-2,-1\n");
        Path out = dir.resolve("out");
        GncCliTest.Result r = GncCliTest.gnc("continual", config("[cyclic, permutation]", "a.csv", "b.csv").toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cyclic") && r.out().contains("permutation"), r.out());
        assertEquals(2L * 3 * 8, SparkTestSession.get().read().parquet(out.resolve("steps").toString()).count());
    }

    @Test
    void tasksThatAreNotJointlySeparableExit2() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "1,0,1\n");
        Files.writeString(dir.resolve("b.csv"), "1,0,-1\n");
        Path out = dir.resolve("never");
        GncCliTest.Result r = GncCliTest.gnc("continual", config("[cyclic]", "a.csv", "b.csv").toString(),
                "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("not jointly separable") && r.err().contains("infeasible"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void mismatchedDimensionsEmptyTasksAndUnknownOrderingsExit2NamingTheFileOrKey() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "1,0,1\n");
        Files.writeString(dir.resolve("wide.csv"), "1,0,3,1\n");
        Files.writeString(dir.resolve("empty.csv"), "");
        GncCliTest.Result r = GncCliTest.gnc("continual", config("[cyclic]", "a.csv", "wide.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("wide.csv") && r.err().contains("same dimension"), r.err());
        r = GncCliTest.gnc("continual", config("[cyclic]", "a.csv", "empty.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("empty.csv") && r.err().contains("no examples"), r.err());
        r = GncCliTest.gnc("continual", config("[cyclic, sorted]", "a.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("continual.orderings[1]") && r.err().contains("unknown ordering"), r.err());
    }
}
