package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.gnc.spark.FolderLock;
import org.gnc.spark.SparkTestSession;
import org.gnc.spark.tables.OutputFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per folder: a live lock stops a second sweep (exit 3, nothing changed); a stale one is taken over. */
class FolderLockTest {
    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void setUp() throws Exception {
        SparkTestSession.get();
        config = SparkTestSession.writeConfig(dir, "locked", "\"data.train-size\" = [4]",
                "target-accepted = 5, max-candidates = 100000, max-seconds = 60");
    }

    @Test
    void aSecondSweepIntoAFolderInUseExits3AndChangesNothing() throws Exception {
        Path out = dir.resolve("in-use");
        try (FolderLock held = FolderLock.take(out.toString(), false, new Configuration(), "sweep")) {
            Map<Path, String> before = snapshot(out);
            GncCliTest.Result r = GncCliTest.gnc("sweep", config.toString(), "--out", out.toString(), "--no-progress");
            assertEquals(Gnc.LOCKED, r.code(), r.err());
            assertTrue(r.err().contains("another sweep is running in this folder"), r.err());
            assertTrue(r.err().contains("pid " + ProcessHandle.current().pid()), r.err());
            assertTrue(r.err().contains("nothing was changed"), r.err());
            assertEquals(before, snapshot(out));
            assertThrows(FolderLock.Held.class, () -> FolderLock.take(out.toString(), false, new Configuration(), "x"));
        }
        assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released");
        GncCliTest.Result free = GncCliTest.gnc("sweep", config.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, free.code(), free.err());
        assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released after the sweep");
    }

    @Test
    void aLockLeftByADeadProcessOnThisHostIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = Files.createDirectories(dir.resolve("dead-pid"));
        writeLock(out, gone.pid(), InetAddress.getLocalHost().getHostName(), System.currentTimeMillis());
        GncCliTest.Result r = GncCliTest.gnc("sweep", config.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("cells")));
        assertFalse(Files.exists(out.resolve(FolderLock.NAME)), "released after the sweep");
    }

    @Test
    void aLockFromAnotherHostHoldsUntilItsLeaseRunsOut() throws Exception {
        Path out = Files.createDirectories(dir.resolve("lease"));
        writeLock(out, 1, "elsewhere.invalid", System.currentTimeMillis());
        assertThrows(FolderLock.Held.class, () -> FolderLock.take(out.toString(), false, new Configuration(), "sweep"));
        assertTrue(Files.readString(out.resolve(FolderLock.NAME)).contains("elsewhere.invalid"), "left alone");

        writeLock(out, 1, "elsewhere.invalid", System.currentTimeMillis() - FolderLock.LEASE_MILLIS - 1000);
        try (FolderLock taken = FolderLock.take(out.toString(), false, new Configuration(), "sweep")) {
            String text = Files.readString(out.resolve(FolderLock.NAME));
            assertTrue(text.contains("pid=" + ProcessHandle.current().pid()), text);
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains(".stale-")).toList(),
                        "the stale lock is gone");
            }
        }
    }

    /** The lock file of a process that ran a sweep into {@code out} (which it made). */
    private static void writeLock(Path out, long pid, String host, long modifiedMillis) throws Exception {
        Files.writeString(out.resolve(OutputFolder.MARKER), "gnc output folder");
        Path lock = out.resolve(FolderLock.NAME);
        Files.writeString(lock, "command=sweep\npid=" + pid + "\nhost=" + host + "\nsince=2026-01-01T00:00:00Z\n");
        Files.setLastModifiedTime(lock, FileTime.fromMillis(modifiedMillis));
    }

    /** Every file under {@code root} with its size and modification time. */
    private static Map<Path, String> snapshot(Path root) throws Exception {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(root.relativize(p), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }
}
