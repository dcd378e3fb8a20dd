package org.gnc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gnc.spark.tables.OutputFolderException;

/**
 * The lock that keeps two nightlies out of one folder: the file {@value #NAME} in the nightly root,
 * created atomically (create-if-absent on the file system) and deleted when the nightly ends. A
 * nightly that finds it refuses to start and changes nothing. A crashed nightly leaves it behind;
 * the message says how to remove it.
 */
public final class NightlyLock implements AutoCloseable {
    public static final String NAME = "_gnc_nightly.lock";

    private final FileSystem fs;
    private final Path file;

    private NightlyLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    /** Throws {@link Held} when the lock of {@code root} is taken; changes nothing. */
    public static void checkFree(String root, Configuration conf) {
        Path file = new Path(root, NAME);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (fs.exists(file)) {
                throw new Held(file, holder(fs, file));
            }
        } catch (IOException e) {
            throw new OutputFolderException("cannot read the nightly lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes the lock of {@code root}, or throws {@link Held} saying who holds it. */
    public static NightlyLock acquire(String root, Configuration conf) {
        Path file = new Path(root, NAME);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (fs.exists(file)) {
                throw new Held(file, holder(fs, file));
            }
            fs.mkdirs(file.getParent());
            if (!fs.createNewFile(file)) {
                throw new Held(file, holder(fs, file));
            }
            try (OutputStream o = fs.append(file)) {
                o.write(("pid@host " + ManagementFactory.getRuntimeMXBean().getName() + ", since " + Instant.now())
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException | UnsupportedOperationException e) {
                // The holder's description is a courtesy; the file's existence is the lock.
            }
            return new NightlyLock(fs, file);
        } catch (IOException e) {
            throw new OutputFolderException("cannot take the nightly lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "an unknown process" : text;
        } catch (IOException e) {
            return "an unknown process";
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new OutputFolderException("cannot release the nightly lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Another nightly holds the lock. */
    public static final class Held extends RuntimeException {
        Held(Path file, String holder) {
            super("another nightly is running in this folder: " + file + " is held by " + holder
                    + "; nothing was changed. If no nightly is running (it crashed), delete that file and start again.");
        }
    }
}
