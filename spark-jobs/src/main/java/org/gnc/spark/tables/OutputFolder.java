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
 *       complete or absent), then {@link #publish} moves them into place behind one atomic step (a
 *       journal readers honour), replacing the tables of the previous run. A failed run is
 *       {@link #discard}ed and leaves the previous tables as they were.
 *       Names starting with '_' are invisible to Spark and Parquet readers of a table folder.</li>
 * </ul>
 */
public final class OutputFolder {
    /** The marker file that makes a folder gnc's. */
    public static final String MARKER = "_GNC_OUTPUT";
    /** Where runs stage their tables. */
    public static final String STAGING = "_gnc_staging";
    /** The journal of a publish in progress (see {@link #publish}). */
    public static final String PUBLISHING = "_gnc_publishing";
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
            out.completePublish();
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
     * Moves the staged tables of a run into place, replacing those of the previous run, in one atomic
     * step as readers see it: {@link #beginPublish} writes the journal {@value #PUBLISHING} naming the run
     * and its tables (the commit point: renamed into place whole), then {@link #completePublish} moves the
     * tables and deletes the journal. Readers resolve tables through {@link TableFolder#published}, which
     * honours a journal, so they see the previous run's tables before the commit point and the new run's
     * after it, never a mix; a publish that crashed after the commit point is completed by the next
     * {@link #prepare} of the folder. A per-cell table the run did not write (say samples, after an
     * enumeration) is removed with the rest of the previous run. The runs table is history and stays.
     */
    public void publish(String runId, java.util.Collection<String> names) {
        beginPublish(runId, names);
        completePublish();
    }

    /** The commit point of {@link #publish}: the journal naming run {@code runId} and its tables. */
    public void beginPublish(String runId, java.util.Collection<String> names) {
        Path journal = new Path(root, PUBLISHING);
        Path tmp = new Path(root, PUBLISHING + ".tmp");
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(("run=" + runId + "\ntables=" + String.join(",", names) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputFolderException("publishing the tables of run " + runId + " failed: " + e.getMessage(), e);
        }
        try {
            fs.delete(journal, false);
            if (!fs.rename(tmp, journal)) {
                throw new IOException("cannot rename " + tmp + " to " + journal);
            }
        } catch (IOException e) {
            throw new OutputFolderException("publishing the tables of run " + runId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Completes the publish the journal names, if any (idempotent: a table already moved is left where it
     * is), then deletes the journal and the run's staging.
     */
    public void completePublish() {
        TableFolder.Journal journal = TableFolder.journal(root.toString(), fs.getConf());
        if (journal == null) {
            return;
        }
        Path runStaging = new Path(new Path(root, STAGING), journal.runId());
        try {
            for (String name : Tables.ALL) {
                if (!name.equals(Tables.RUNS) && !journal.tables().contains(name)) {
                    moveAside(new Path(root, name), runStaging);
                }
            }
            for (String name : journal.tables()) {
                Path staged = new Path(runStaging, name);
                if (fs.exists(staged)) {
                    Path target = new Path(root, name);
                    moveAside(target, runStaging);
                    if (!fs.rename(staged, target)) {
                        throw new IOException("cannot move " + staged + " to " + target);
                    }
                }
            }
            fs.delete(new Path(root, PUBLISHING), false);
            discard(journal.runId());
        } catch (IOException e) {
            throw new OutputFolderException("publishing the tables of run " + journal.runId() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Moves table {@code target}, if there, into {@code runStaging} as replaced-NAME (deleted with it). */
    private void moveAside(Path target, Path runStaging) throws IOException {
        if (fs.exists(target)) {
            Path aside = new Path(runStaging, "replaced-" + target.getName());
            fs.delete(aside, true);
            fs.mkdirs(runStaging);
            if (!fs.rename(target, aside)) {
                throw new IOException("cannot move aside " + target);
            }
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
