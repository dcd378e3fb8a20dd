package org.gnc.spark.tables;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one answer to "is there a table here", for every reader of gnc's tables (notebooks, show, report,
 * nightly), on any Hadoop file system. A table is a folder holding at least one Parquet file: what Spark's
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

    /** Where table {@code name} of folder {@code dir} is. */
    public static String path(String dir, String name) {
        return new Path(dir, name).toString();
    }

    /** The tables among {@code names} that folder {@code dir} holds, in the order of {@code names}. */
    public static List<String> tablesIn(String dir, List<String> names, Configuration conf) {
        return names.stream().filter(name -> isTable(path(dir, name), conf)).toList();
    }
}
