package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardOutput;
import org.gnc.sample.ShardResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint saves each shard once, with its samples; loading gives the shards without them, reading one (anywhere) gives it whole. */
class FolderCheckpointTest {
    private static ShardOutput shard(String cell, int shard, long first, long... accepted) {
        List<Sample> samples = java.util.Arrays.stream(accepted).mapToObj(i -> new Sample(i, (int) (i % 2), (int) (i % 7)))
                .toList();
        return new ShardOutput(cell, shard, new ShardResult(first, 100, samples, 0.25 * (shard + 1)));
    }

    @Test
    void shardsRoundTripAndLoadWithoutTheirSamples(@TempDir Path dir) throws Exception {
        FolderCheckpoint c = FolderCheckpoint.scratch(dir.resolve("scratch").toString(), new Configuration());
        ShardOutput a1 = shard("cell-a", 1, 100, 103, 150, 199);
        ShardOutput a0 = shard("cell-a", 0, 0, 5);
        ShardOutput b0 = shard("cell-b", 0, 0);
        c.save("cell-a", List.of(a1));
        c.save("cell-a", List.of(a0));
        c.save("cell-b", List.of(b0));
        Map<String, List<ShardOutput>> loaded = c.load();
        assertEquals(Map.of("cell-a", List.of(a0.withoutSamples(), a1.withoutSamples()), "cell-b",
                List.of(b0.withoutSamples())), loaded);
        assertEquals(3, loaded.get("cell-a").get(1).result().accepted());
        SweepJob.Checkpoint.Reader reader = c.reader();
        assertEquals(a1, reader.read("cell-a", 1));
        assertEquals(a0, reader.read("cell-a", 0));
        assertEquals(b0, reader.read("cell-b", 0));
        // The reader as a Spark task carries it to an executor: serialized, then read there.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(reader);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(a1, ((SweepJob.Checkpoint.Reader) in.readObject()).read("cell-a", 1));
        }
        // One file a shard, and nothing left beside them.
        try (var files = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of("cell-a.0.shard", "cell-a.1.shard", "cell-b.0.shard"), files.map(p -> p.getFileName()
                    .toString()).filter(n -> !n.startsWith(".")).sorted().toList());
        }
        assertThrows(IllegalArgumentException.class, () -> c.save("cell-a", List.of(a0.withoutSamples())));
        assertThrows(IllegalArgumentException.class, () -> c.save("cell-b", List.of(a0)));
        assertTrue(c.folder().endsWith("scratch"));
    }

    @Test
    void onTheLocalFileSystemAShardIsOneFileAndReplacesOneHadoopWroteWithItsChecksum(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        FolderCheckpoint c = FolderCheckpoint.scratch(dir.resolve("scratch").toString(), conf);
        ShardOutput a0 = shard("cell-a", 0, 0, 5, 17);
        c.save("cell-a", List.of(a0));
        try (var files = Files.list(dir.resolve("scratch"))) {
            assertEquals(List.of("cell-a.0.shard"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // An earlier gnc wrote the same shard through Hadoop's local file system, a checksum file beside it:
        // saving it again (as a resumed run does once it scores what was left unscored) must not leave the
        // new bytes checked against the old checksum.
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(conf);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("scratch").toUri().toString(),
                "cell-a.0.shard");
        byte[] bytes = Files.readAllBytes(dir.resolve("scratch").resolve("cell-a.0.shard"));
        try (var o = fs.create(file, true)) {
            o.write(bytes);
        }
        assertTrue(Files.exists(dir.resolve("scratch").resolve(".cell-a.0.shard.crc")));
        ShardOutput rescored = shard("cell-a", 0, 0, 5, 17, 23, 42, 61);
        c.save("cell-a", List.of(rescored));
        assertEquals(rescored, c.reader().read("cell-a", 0));
        assertEquals(Map.of("cell-a", List.of(rescored.withoutSamples())), c.load());
    }
}
