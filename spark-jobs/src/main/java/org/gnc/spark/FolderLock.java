package org.gnc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.OutputFolderException;

/**
 * The lock that keeps two writers out of one folder ({@code sweep}'s output folder, {@code nightly}'s
 * root), on any Hadoop file system: the file {@value #NAME} in the folder, created atomically
 * (create-if-absent: {@code O_EXCL} on a local disk, the name node's create on HDFS), holding the
 * command, pid, host and start of its holder, and deleted when the holder ends. While held, its
 * modification time is renewed every {@link #RENEW_MILLIS} ms: that is its lease.
 *
 * <p>A lock is <b>stale</b>, left by a process that died without releasing it, when its holder ran on
 * this host and that pid is no longer alive, or when its lease ran out ({@link #LEASE_MILLIS} ms
 * without renewal: a holder on another host that died). A stale lock is taken over safely: it is first
 * renamed to a name unique to the taker (a rename succeeds for one process only), the renamed file is
 * checked to be the stale one (a live lock taken by accident is put back), and the lock is then created
 * anew, atomically, so two takers never both hold it. A live lock is never touched: the second writer
 * gets {@link Held} and changes nothing.
 */
public final class FolderLock implements AutoCloseable {
    public static final String NAME = "_gnc.lock";
    /** How long a lock stays live without renewal. */
    public static final long LEASE_MILLIS = 5 * 60_000;
    /** How often its holder renews it. */
    static final long RENEW_MILLIS = 30_000;

    private final FileSystem fs;
    private final Path file;
    private final OutputFolder folder;
    private final ScheduledExecutorService renewal;

    private FolderLock(FileSystem fs, Path file, OutputFolder folder) {
        this.fs = fs;
        this.file = file;
        this.folder = folder;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gnc-lock-renewal");
            t.setDaemon(true);
            return t;
        });
        renewal.scheduleAtFixedRate(this::renew, RENEW_MILLIS, RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens {@code dir} as an output folder ({@link OutputFolder#prepare}) and takes its lock for
     * {@code command}; if another live process holds it, throws {@link Held} before changing anything.
     */
    public static FolderLock take(String dir, boolean force, Configuration conf, String command) {
        Path file = new Path(dir, NAME);
        try {
            FileSystem fs = file.getFileSystem(conf);
            Holder held = liveHolder(fs, file);
            if (held != null) {
                throw new Held(file, held);
            }
            OutputFolder folder = OutputFolder.prepare(dir, force, conf);
            file = new Path(folder.root(), NAME);
            if (!create(fs, file, command)) {
                Holder stale = liveHolder(fs, file) == null ? Holder.read(fs, file) : null;
                if (stale == null || !takeOver(fs, file, stale) || !create(fs, file, command)) {
                    throw new Held(file, Holder.read(fs, file));
                }
            }
            return new FolderLock(fs, file, folder);
        } catch (IOException e) {
            throw new OutputFolderException("cannot take the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The folder this lock holds. */
    public OutputFolder folder() {
        return folder;
    }

    /** The holder of a live lock at {@code file}, or null when there is none or it is stale. */
    private static Holder liveHolder(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return null;
        }
        Holder h = Holder.read(fs, file);
        return h.stale() ? null : h;
    }

    /** Moves the stale lock {@code seen} out of the way; false when another process got there first. */
    private static boolean takeOver(FileSystem fs, Path file, Holder seen) throws IOException {
        Path aside = new Path(file.getParent(), NAME + ".stale-" + UUID.randomUUID());
        if (!fs.rename(file, aside)) {
            return false;
        }
        if (!Holder.read(fs, aside).text().equals(seen.text())) {
            fs.rename(aside, file); // a live lock taken meanwhile: put it back
            return false;
        }
        fs.delete(aside, false);
        return true;
    }

    /** Creates the lock file if absent, atomically; false when it exists. */
    private static boolean create(FileSystem fs, Path file, String command) throws IOException {
        byte[] text = Holder.describe(command).getBytes(StandardCharsets.UTF_8);
        if (fs instanceof LocalFileSystem local) {
            try {
                Files.write(Files.createFile(local.pathToFile(file).toPath()), text);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream o = fs.create(file, false)) {
            o.write(text);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private void renew() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // The next renewal tries again; a lease lost meanwhile lets another writer in only after LEASE_MILLIS.
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new OutputFolderException("cannot release the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Who holds a lock: its file's text, the properties in it, and its last renewal. */
    private record Holder(String text, Properties props, long renewedMillis) {
        static String describe(String command) {
            return "command=" + command + "\npid=" + ProcessHandle.current().pid() + "\nhost=" + hostName()
                    + "\nsince=" + Instant.now() + "\n";
        }

        static Holder read(FileSystem fs, Path file) {
            try (InputStream in = fs.open(file)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Properties p = new Properties();
                p.load(new StringReader(text));
                FileStatus status = fs.getFileStatus(file);
                return new Holder(text, p, status.getModificationTime());
            } catch (IOException e) {
                return new Holder("", new Properties(), System.currentTimeMillis());
            }
        }

        /** A holder on this host whose pid is gone, or whose lease ran out. */
        boolean stale() {
            if (System.currentTimeMillis() - renewedMillis > LEASE_MILLIS) {
                return true;
            }
            String pid = props.getProperty("pid");
            String host = props.getProperty("host");
            if (pid == null || host == null || !host.equals(hostName())) {
                return false;
            }
            try {
                return ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }

        String command() {
            return props.getProperty("command", "gnc run");
        }

        @Override
        public String toString() {
            return props.isEmpty() ? "an unknown process"
                    : "pid " + props.getProperty("pid") + " on " + props.getProperty("host") + " since "
                            + props.getProperty("since");
        }
    }

    /** Another live process holds the lock. */
    public static final class Held extends RuntimeException {
        Held(Path file, Holder holder) {
            super("another " + holder.command() + " is running in this folder: " + file + " is held by " + holder
                    + "; nothing was changed. A lock whose holder died is taken over by itself (same host: at once; "
                    + "another host: " + LEASE_MILLIS / 60_000 + " min after its last renewal).");
        }
    }
}
