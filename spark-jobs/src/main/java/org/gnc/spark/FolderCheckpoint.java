package org.gnc.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gnc.sample.ShardOutput;

/**
 * A {@link SweepJob.Checkpoint} in a folder of any Hadoop file system: one file per cell,
 * {@code CELL_ID.shards}, holding its shard results (Java serialization), replaced atomically (write
 * then rename) after each round. The folder is keyed by a hash of the sweep's resolved config and
 * gnc's version, so a changed sweep or a different gnc never resumes from shards it did not make.
 */
public final class FolderCheckpoint implements SweepJob.Checkpoint {
    private final FileSystem fs;
    private final Path dir;

    /** The checkpoint of {@code resolvedConfig} under {@code parent}. */
    public FolderCheckpoint(String parent, String resolvedConfig, Configuration conf) {
        try {
            String key = sha256(resolvedConfig + "\n" + GncVersion.current()).substring(0, 16);
            this.dir = new Path(parent, key);
            this.fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the checkpoint under " + parent, e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, List<ShardOutput>> load() {
        Map<String, List<ShardOutput>> out = new HashMap<>();
        try {
            for (FileStatus f : fs.listStatus(dir)) {
                String name = f.getPath().getName();
                if (name.endsWith(".shards")) {
                    try (ObjectInputStream in = new ObjectInputStream(fs.open(f.getPath()))) {
                        out.put(name.substring(0, name.length() - ".shards".length()),
                                new ArrayList<>((List<ShardOutput>) in.readObject()));
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the checkpoint in " + dir + " (delete it to start the "
                    + "night afresh): " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void save(String cellId, List<ShardOutput> shards) {
        Path tmp = new Path(dir, cellId + ".shards.tmp");
        Path target = new Path(dir, cellId + ".shards");
        try {
            try (OutputStream o = fs.create(tmp, true); ObjectOutputStream out = new ObjectOutputStream(o)) {
                out.writeObject(new ArrayList<>(shards));
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save the checkpoint of cell " + cellId, e);
        }
    }

    /** The folder holding this sweep's shards. */
    public String folder() {
        return dir.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
