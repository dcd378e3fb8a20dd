package org.gnc.spark;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.gnc.input.InputException;
import org.gnc.sample.Sample;
import org.gnc.sample.ShardOutput;
import org.gnc.sample.ShardResult;
import org.gnc.spark.tables.OutputFolder;

/**
 * A {@link SweepJob.Checkpoint} in a folder of any Hadoop file system: one file per finished shard,
 * {@code CELL_ID.SHARD.shard}, holding its result and its accepted networks (a small binary layout, see
 * {@link #write}), written once, atomically (write then rename), in the round the shard finished. So a round
 * writes only its own shards, and the driver (or an executor writing the samples table) reads a shard's
 * samples back when it needs them ({@link #reader}) instead of holding them. Three kinds:
 * <ul>
 *   <li>{@code nightly}'s ({@link #FolderCheckpoint(String, String, Configuration)}): keyed by a hash of
 *       the sweep's resolved config and gnc's version, so a changed sweep or a different gnc never
 *       resumes from shards it did not make (it starts over beside them);</li>
 *   <li>{@code sweep}'s ({@link #resume}): one per output folder, in its staging area
 *       ({@link OutputFolder#checkpoint()}), with the resolved config and gnc version that made it in
 *       {@value #MADE_BY}. A run resumes from it by default; a run whose config differs in anything but
 *       the {@code budget} block, or another gnc version, is refused as bad input saying what differs;
 *       {@code fresh} deletes it first. It is {@link #clear}ed once the run's tables are published.</li>
 *   <li>a run's scratch ({@link #scratch}) in its staging, when the run keeps no checkpoint: deleted with
 *       the run's staging.</li>
 * </ul>
 * Resuming is exact: a candidate's outcome is a pure function of its index, and the budget only says
 * when a cell stops, so finished shards are the same whatever the budget.
 */
public final class FolderCheckpoint implements SweepJob.Checkpoint {
    private final FileSystem fs;
    private final Path dir;
    /** The output folder whose checkpoint this is (a sweep's), or null (a nightly's). */
    private final OutputFolder out;

    /** The file of a sweep's checkpoint that says which config and gnc made it. */
    public static final String MADE_BY = "made-by.json";

    /** The checkpoint of {@code resolvedConfig} under {@code parent}. */
    public FolderCheckpoint(String parent, String resolvedConfig, Configuration conf) {
        this(new Path(parent, sha256(resolvedConfig + "\n" + GncVersion.current()).substring(0, 16)), null, conf);
    }

    private FolderCheckpoint(Path dir, OutputFolder out, Configuration conf) {
        try {
            this.dir = dir;
            this.out = out;
            this.fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the checkpoint " + dir, e);
        }
    }

    /**
     * The checkpoint of output folder {@code out} for a sweep of {@code resolvedConfig}: the one there,
     * to resume from, or a new one ({@code fresh}: always a new one). Throws {@link Mismatch} when the one
     * there was made by another config (budget aside) or another gnc, changing nothing.
     */
    public static FolderCheckpoint resume(OutputFolder out, String resolvedConfig, boolean fresh, Configuration conf) {
        Path dir = new Path(out.checkpoint());
        Path madeBy = new Path(dir, MADE_BY);
        String current = madeBy(resolvedConfig);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fresh) {
                fs.delete(dir, true);
            } else if (fs.exists(madeBy)) {
                String saved;
                try (InputStream in = fs.open(madeBy)) {
                    saved = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                List<String> differences = differences(saved, current);
                if (!differences.isEmpty()) {
                    throw new Mismatch(out.root(), differences);
                }
                requireReadableShards(fs, dir, out);
                return new FolderCheckpoint(dir, out, conf);
            } else if (fs.exists(dir)) {
                // Shards without the file saying who made them: an older gnc's checkpoint, or a copied one.
                for (FileStatus f : fs.listStatus(dir)) {
                    if (f.getPath().getName().endsWith(SHARD)) {
                        throw new Incompatible(out.root(), dir, "it has no " + MADE_BY + " saying which config and "
                                + "gnc made it");
                    }
                }
            }
            FolderCheckpoint checkpoint = new FolderCheckpoint(dir, out, conf);
            checkpoint.replace(MADE_BY, o -> o.write(current.getBytes(StandardCharsets.UTF_8)));
            return checkpoint;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the checkpoint " + dir, e);
        }
    }

    /** What {@value #MADE_BY} holds: the resolved config with gnc's version beside it, as one JSON object. */
    private static String madeBy(String resolvedConfig) {
        return ConfigFactory.parseString(resolvedConfig).withValue(GNC_VERSION_KEY,
                ConfigValueFactory.fromAnyRef(GncVersion.current().toString())).root().render(ConfigRenderOptions.concise());
    }

    private static final String GNC_VERSION_KEY = "gnc-version";

    /** The settings that differ between two {@link #madeBy} texts, budget aside, as "key: saved -> now". */
    static List<String> differences(String saved, String current) {
        Map<String, String> before = settings(saved);
        Map<String, String> after = settings(current);
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String b = before.getOrDefault(key, "(unset)");
            String a = after.getOrDefault(key, "(unset)");
            if (!b.equals(a)) {
                out.add(key + ": " + b + " -> " + a);
            }
        }
        return out;
    }

    private static Map<String, String> settings(String text) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(text).withoutPath("budget").entrySet()) {
            out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        }
        return out;
    }

    /** Deletes a sweep's checkpoint (once its run's tables are published). */
    public void clear() {
        if (out == null) {
            throw new IllegalStateException("a nightly's checkpoint is kept");
        }
        out.discardCheckpoint();
    }

    /** A sweep's checkpoint was made by another config or gnc: bad input, with what differs and what to do. */
    public static final class Mismatch extends InputException {
        Mismatch(String folder, List<String> differences) {
            super(folder + " holds the checkpoint of an interrupted sweep with another config; it differs in "
                    + "(budget aside): " + String.join("; ", differences.subList(0, Math.min(10, differences.size())))
                    + (differences.size() > 10 ? "; and " + (differences.size() - 10) + " more" : "")
                    + ". Run the same config to resume it, or pass --fresh to start over (its finished shards are "
                    + "deleted), or choose another --out.");
        }
    }

    /**
     * Refuses a checkpoint whose shard files this gnc cannot read: each file's first int is its layout
     * ({@link #write}), and every one must be {@link #LAYOUT}. Reads only those ints; changes nothing.
     */
    private static void requireReadableShards(FileSystem fs, Path dir, OutputFolder out) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.getPath().getName().endsWith(SHARD)) {
                int layout;
                try (DataInputStream in = new DataInputStream(fs.open(f.getPath()))) {
                    layout = in.readInt();
                } catch (java.io.EOFException e) {
                    layout = -1;
                }
                if (layout != LAYOUT) {
                    throw new Incompatible(out.root(), dir, "its shard file " + f.getPath().getName() + " has "
                            + (layout < 0 ? "no layout" : "layout " + layout) + ", and this gnc reads layout " + LAYOUT);
                }
            }
        }
    }

    /**
     * A sweep's checkpoint in a layout this gnc cannot read (an older gnc's, or damaged): bad input, naming the
     * folder, with what to do. Nothing is deleted.
     */
    public static final class Incompatible extends InputException {
        Incompatible(String folder, Path checkpoint, String why) {
            super(folder + " holds the checkpoint of an interrupted sweep that this gnc cannot resume from ("
                    + checkpoint + ": " + why + "; written by an older or another gnc?). It was left as it is: pass "
                    + "--fresh to start over (its finished shards are deleted), or choose another --out.");
        }
    }

    /** A checkpoint in {@code dir} that lives as long as the folder it is in (a run's staging). */
    public static FolderCheckpoint scratch(String dir, Configuration conf) {
        return new FolderCheckpoint(new Path(dir), null, conf);
    }

    /** The suffix of a saved shard's file. */
    private static final String SHARD = ".shard";
    /** The first int of a shard's file: its layout's version. */
    private static final int LAYOUT = 2;

    @Override
    public Map<String, List<ShardOutput>> load() {
        Map<String, List<ShardOutput>> out = new TreeMap<>();
        try {
            for (FileStatus f : fs.listStatus(dir)) {
                if (f.getPath().getName().endsWith(SHARD)) {
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(f.getPath())))) {
                        ShardOutput o = readHeader(in);
                        out.computeIfAbsent(o.cellId(), k -> new ArrayList<>()).add(o);
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(dir, e);
        }
        out.values().forEach(l -> l.sort(Comparator.comparingInt(ShardOutput::shard)));
        return out;
    }

    @Override
    public SweepJob.Checkpoint.Reader reader() {
        return new Reader(dir.toString(), fs);
    }

    /**
     * Reads this checkpoint's saved shards anywhere, on an executor too. It carries the folder alone, no
     * Hadoop settings (a driver's configuration can hold credentials a task has no business carrying): on
     * the driver it reads with the checkpoint's own file system; once shipped, with the file system of the
     * Hadoop configuration Spark builds on that executor for its own I/O ({@code SparkHadoopUtil
     * .newConfiguration} of the executor's SparkConf: Hadoop's defaults and site files, then the
     * application's {@code spark.hadoop.*} settings), the one it writes the samples table with.
     */
    private static final class Reader implements SweepJob.Checkpoint.Reader {
        private static final long serialVersionUID = 2L;
        private final String dir;
        private transient FileSystem fs;

        Reader(String dir, FileSystem fs) {
            this.dir = dir;
            this.fs = fs;
        }

        /** The Hadoop configuration of the executor (or driver) this reader runs on. */
        private static Configuration localConfiguration() {
            org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
            return env == null ? new Configuration()
                    : org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(env.conf());
        }

        @Override
        public ShardOutput read(String cellId, int shard) {
            Path file = file(new Path(dir), cellId, shard);
            try {
                if (fs == null) {
                    fs = file.getFileSystem(localConfiguration());
                }
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(file), 1 << 16))) {
                    ShardOutput header = readHeader(in);
                    ShardResult r = header.result();
                    List<Sample> samples = new ArrayList<>((int) r.accepted());
                    for (long i = 0; i < r.accepted(); i++) {
                        samples.add(new Sample(in.readLong(), in.readInt(), in.readInt()));
                    }
                    return new ShardOutput(cellId, shard, r.withSamples(samples));
                }
            } catch (IOException e) {
                throw unreadable(dir, e);
            }
        }
    }

    private static IllegalStateException unreadable(Object dir, IOException e) {
        return new IllegalStateException("cannot read the checkpoint in " + dir + " (delete it to start the "
                + "night afresh, or pass --fresh to a sweep): " + e.getMessage(), e);
    }

    /** A saved shard's result without its samples: the head of its file. */
    private static ShardOutput readHeader(DataInputStream in) throws IOException {
        int layout = in.readInt();
        if (layout != LAYOUT) {
            throw new IOException("a shard file of layout " + layout + ", not " + LAYOUT);
        }
        String cellId = in.readUTF();
        int shard = in.readInt();
        ShardResult r = new ShardResult(in.readLong(), in.readLong(), in.readLong(), in.readLong(), List.of(),
                in.readDouble());
        return new ShardOutput(cellId, shard, r);
    }

    /**
     * Writes a shard's file: the layout version (int), cell id (modified UTF-8), shard (int), first
     * index, candidates, accepted, scored (longs), seconds (double), then each accepted network's index
     * (long), training errors and test mistakes (ints; {@link Sample#UNSCORED} when not scored), in index
     * order. (Layout 1 had no scored.)
     */
    private static void write(ShardOutput o, OutputStream raw) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
        ShardResult r = o.result();
        out.writeInt(LAYOUT);
        out.writeUTF(o.cellId());
        out.writeInt(o.shard());
        out.writeLong(r.firstIndex());
        out.writeLong(r.candidates());
        out.writeLong(r.accepted());
        out.writeLong(r.scored());
        out.writeDouble(r.seconds());
        for (Sample s : r.samples()) {
            out.writeLong(s.index());
            out.writeInt(s.trainErrors());
            out.writeInt(s.testMistakes());
        }
        out.flush();
    }

    @Override
    public void save(String cellId, List<ShardOutput> shards) {
        for (ShardOutput o : shards) {
            if (!o.cellId().equals(cellId) || !o.result().holdsSamples()) {
                throw new IllegalArgumentException("shard " + o.shard() + " of cell " + o.cellId()
                        + " is saved as one of cell " + cellId + ", with its samples");
            }
            try {
                replace(file(dir, cellId, o.shard()).getName(), content -> write(o, content));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot save the checkpoint of cell " + cellId, e);
            }
        }
    }

    /** The file of saved shard {@code shard} of cell {@code cellId} in checkpoint folder {@code dir}. */
    private static Path file(Path dir, String cellId, int shard) {
        return new Path(dir, cellId + "." + shard + SHARD);
    }

    /** What goes into a file. */
    private interface Content {
        void write(OutputStream o) throws IOException;
    }

    /**
     * Replaces file {@code name} of this checkpoint atomically: written beside it, then renamed over it. On the
     * local file system with plain file I/O: Hadoop's creates a checksum file beside each file and, without its
     * native library, sets each new file's permissions by starting a {@code chmod} process, two per saved shard,
     * which made the driver the bottleneck of a sweep of many small cells. A checksum file an earlier write left
     * goes first (the file system would check the new file against it); a file without one is read unchecked.
     */
    private void replace(String name, Content content) throws IOException {
        Path tmp = new Path(dir, name + ".tmp");
        Path target = new Path(dir, name);
        if (fs instanceof LocalFileSystem local) {
            java.nio.file.Path localTmp = local.pathToFile(tmp).toPath();
            try (OutputStream o = java.nio.file.Files.newOutputStream(localTmp)) {
                content.write(o);
            }
            java.nio.file.Files.deleteIfExists(local.pathToFile(local.getChecksumFile(target)).toPath());
            java.nio.file.Files.move(localTmp, local.pathToFile(target).toPath(),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (OutputStream o = fs.create(tmp, true)) {
            content.write(o);
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
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
