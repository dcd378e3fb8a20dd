package org.gnc.spark.tables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output folder that gnc made (or adopted), on any Hadoop file system, and the rule that nothing
 * in it is lost.
 *
 * <ul>
 *   <li>A folder is gnc's when it holds the marker file {@value #MARKER}. A missing folder is created
 *       with the marker; an empty one is adopted. A folder with other content and no marker is refused,
 *       unless {@code force}, and even then only if none of gnc's table names is taken there; gnc never
 *       deletes or overwrites a file it did not write.</li>
 *   <li>A run writes its tables under {@value #STAGING}/RUN_ID/ (Spark's commit protocol makes each
 *       complete or absent), then {@link #publish} moves each into place, replacing the table of the
 *       previous run. A failed run is {@link #discard}ed and leaves the previous tables as they were.
 *       Names starting with '_' are invisible to Spark and Parquet readers of a table folder.</li>
 * </ul>
 */
public final class OutputFolder {
    /** The marker file that makes a folder gnc's. */
    public static final String MARKER = "_GNC_OUTPUT";
    /** Where runs stage their tables. */
    public static final String STAGING = "_gnc_staging";
    /** The folder under {@value #STAGING} that holds a sweep's checkpoint ({@link #checkpoint()}). */
    public static final String CHECKPOINT = "checkpoint";

    private final FileSystem fs;
    private final Path root;

    private OutputFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** Opens (creating or adopting) {@code dir} as an output folder, or says why it cannot be used. */
    public static OutputFolder prepare(String dir, boolean force, Configuration conf) {
        Path path = new Path(dir);
        try {
            FileSystem fs = path.getFileSystem(conf);
            Path root = fs.makeQualified(path);
            if (fs.exists(root)) {
                FileStatus status = fs.getFileStatus(root);
                if (!status.isDirectory()) {
                    throw new OutputFolderException(dir + " is a file; --out must name a folder (new, empty, or "
                            + "made by gnc)");
                }
                if (!fs.exists(new Path(root, MARKER))) {
                    adopt(fs, root, dir, force);
                }
            } else if (!fs.mkdirs(root)) {
                throw new OutputFolderException("cannot create the output folder " + dir);
            }
            OutputFolder out = new OutputFolder(fs, root);
            out.writeMarker();
            return out;
        } catch (IOException e) {
            throw new OutputFolderException("cannot use the output folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void adopt(FileSystem fs, Path root, String dir, boolean force) throws IOException {
        FileStatus[] entries = fs.listStatus(root);
        if (entries.length == 0) {
            return;
        }
        if (!force) {
            throw new OutputFolderException(dir + " exists and was not made by gnc (it has no " + MARKER
                    + " file); choose a new or empty folder, or pass --force to write gnc's tables beside its "
                    + "files (none of them is deleted or overwritten)");
        }
        for (FileStatus e : entries) {
            String name = e.getPath().getName();
            if (Tables.ALL.contains(name) || name.equals(STAGING)) {
                throw new OutputFolderException(dir + "/" + name + " exists but was not written by gnc; even with "
                        + "--force gnc will not replace it: move it away or choose another folder");
            }
        }
    }

    private void writeMarker() throws IOException {
        Path marker = new Path(root, MARKER);
        try (OutputStream o = fs.create(marker, true)) {
            o.write(("gnc output folder: gnc writes and replaces only its tables (samples, shards, cells, runs)"
                    + " and " + STAGING + " here.\nlast opened " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputFolderException("cannot write to the output folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** The folder, fully qualified (file:/..., hdfs://...). */
    public String root() {
        return root.toString();
    }

    /** Where table {@code name} lives. */
    public String table(String name) {
        return new Path(root, name).toString();
    }

    /** Where run {@code runId} stages table {@code name}. */
    public String staging(String runId, String name) {
        return new Path(new Path(new Path(root, STAGING), runId), name).toString();
    }

    /** Where a sweep keeps the checkpoint of its finished shards, so that a rerun resumes: in the staging area. */
    public String checkpoint() {
        return new Path(new Path(root, STAGING), CHECKPOINT).toString();
    }

    /**
     * Moves the staged tables of a run into place, replacing those of the previous run; a per-cell
     * table the run did not write (say samples, after an enumeration) is removed with the rest of the
     * previous run, so the folder never mixes two runs. The runs table is history and stays.
     */
    public void publish(String runId, java.util.Collection<String> names) {
        Path runStaging = new Path(new Path(root, STAGING), runId);
        try {
            for (String name : Tables.ALL) {
                Path target = new Path(root, name);
                if (!name.equals(Tables.RUNS) && !names.contains(name) && fs.exists(target)
                        && !fs.rename(target, new Path(runStaging, "replaced-" + name))) {
                    throw new IOException("cannot move aside " + target);
                }
            }
            for (String name : names) {
                Path target = new Path(root, name);
                Path staged = new Path(runStaging, name);
                if (fs.exists(target) && !fs.rename(target, new Path(runStaging, "replaced-" + name))) {
                    throw new IOException("cannot move aside " + target);
                }
                if (!fs.rename(staged, target)) {
                    throw new IOException("cannot move " + staged + " to " + target);
                }
            }
            discard(runId);
        } catch (IOException e) {
            throw new OutputFolderException("publishing the tables of run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes what run {@code runId} staged (and the staging folder once empty). */
    public void discard(String runId) {
        deleteStaged(runId);
    }

    /** Deletes the sweep's {@link #checkpoint()} (and the staging folder once empty). */
    public void discardCheckpoint() {
        deleteStaged(CHECKPOINT);
    }

    private void deleteStaged(String name) {
        Path staging = new Path(root, STAGING);
        try {
            fs.delete(new Path(staging, name), true);
            if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
                fs.delete(staging, false);
            }
        } catch (IOException e) {
            throw new OutputFolderException("cannot clean " + staging + ": " + e.getMessage(), e);
        }
    }
}
