package org.gnc.spark.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one answer to "is there a table here", for every reader of gnc's tables (notebooks, show, report,
 * nightly), on any Hadoop file system, and where a run's published table is ({@link #published}: the
 * publish journal honoured). A table is a folder holding at least one Parquet file: what Spark's
 * Parquet writer leaves, even for no rows, and what a Parquet reader needs. A path that cannot be looked at
 * is an {@link OutputFolderException} naming it; a reader that finds no table where it needs one throws the
 * same type with its own advice.
 */
public final class TableFolder {
    /** What a path holds. */
    public enum Content {
        /** Nothing: the path does not exist. */
        NOTHING,
        /** A file, or a folder without a Parquet file. */
        NOT_A_TABLE,
        /** A table. */
        TABLE
    }

    private TableFolder() {
    }

    /** What {@code path} holds. */
    public static Content content(String path, Configuration conf) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                return Content.NOTHING;
            }
            if (fs.getFileStatus(p).isDirectory()) {
                for (FileStatus s : fs.listStatus(p)) {
                    if (s.getPath().getName().endsWith(".parquet")) {
                        return Content.TABLE;
                    }
                }
            }
            return Content.NOT_A_TABLE;
        } catch (IOException e) {
            throw new OutputFolderException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} holds a table. */
    public static boolean isTable(String path, Configuration conf) {
        return content(path, conf) == Content.TABLE;
    }

    /** Where table {@code name} of folder {@code dir} is (history tables; a run's tables: {@link #published}). */
    public static String path(String dir, String name) {
        return new Path(dir, name).toString();
    }

    /** A publish in progress: its run and the tables it publishes ({@link OutputFolder#publish}). */
    public record Journal(String runId, List<String> tables) {
    }

    /** The journal of the publish in progress in output folder {@code dir}, or null when there is none. */
    public static Journal journal(String dir, Configuration conf) {
        Path file = new Path(dir, OutputFolder.PUBLISHING);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = fs.open(file)) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            String tables = p.getProperty("tables", "");
            return new Journal(p.getProperty("run"), tables.isEmpty() ? List.of() : List.of(tables.split(",")));
        } catch (IOException e) {
            throw new OutputFolderException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a reader finds table {@code name} of output folder {@code dir} as last published, or null
     * when it has none: the folder's own table, unless a publish is in progress (its journal written,
     * its tables not all moved yet), in which case the journal decides: a table the new run did not
     * write is gone, one it wrote is where it is now (still staged, or moved). The runs table is history:
     * always the folder's own.
     */
    public static String published(String dir, String name, Configuration conf) {
        String own = path(dir, name);
        Journal journal = name.equals(Tables.RUNS) ? null : journal(dir, conf);
        if (journal != null) {
            if (!journal.tables().contains(name)) {
                return null;
            }
            String staged = new Path(new Path(new Path(dir, OutputFolder.STAGING), journal.runId()), name).toString();
            if (isTable(staged, conf)) {
                return staged;
            }
        }
        return isTable(own, conf) ? own : null;
    }

    /**
     * Where to read the table a user named as {@code DIR/TABLE}: for one of gnc's tables,
     * {@link #published} while a publish is in progress there; otherwise the path as given.
     */
    public static String resolve(String tablePath, Configuration conf) {
        Path p = new Path(tablePath);
        if (p.getParent() == null || !Tables.ALL.contains(p.getName())
                || journal(p.getParent().toString(), conf) == null) {
            return tablePath;
        }
        String published = published(p.getParent().toString(), p.getName(), conf);
        return published != null ? published : tablePath;
    }

    /** The tables among {@code names} that folder {@code dir} has published, in the order of {@code names}. */
    public static List<String> tablesIn(String dir, List<String> names, Configuration conf) {
        return names.stream().filter(name -> published(dir, name, conf) != null).toList();
    }
}
