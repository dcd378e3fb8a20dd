package org.gnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gnc.spark.tables.OutputFolder;
import org.gnc.spark.tables.OutputFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What gnc may do to a folder: create, adopt, refuse; never delete what it did not write. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void aNewFolderIsCreatedWithTheMarkerAndAnEmptyOneAdopted() throws IOException {
        OutputFolder.prepare(dir.resolve("a/b").toString(), false, conf);
        assertTrue(Files.exists(dir.resolve("a/b").resolve(OutputFolder.MARKER)));
        Files.createDirectory(dir.resolve("empty"));
        OutputFolder.prepare(dir.resolve("empty").toString(), false, conf);
        assertTrue(Files.exists(dir.resolve("empty").resolve(OutputFolder.MARKER)));
    }

    @Test
    void aForeignFolderIsRefusedAndLeftAlone() throws IOException {
        Path foreign = Files.createDirectory(dir.resolve("thesis"));
        Files.writeString(foreign.resolve("chapter1.tex"), "precious");
        OutputFolderException e = assertThrows(OutputFolderException.class,
                () -> OutputFolder.prepare(foreign.toString(), false, conf));
        assertTrue(e.getMessage().contains("was not made by gnc"), e.getMessage());
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(List.of(foreign.resolve("chapter1.tex")), Files.list(foreign).toList());
    }

    @Test
    void forceWritesBesideForeignFilesButNeverOverAForeignTable() throws IOException {
        Path foreign = Files.createDirectory(dir.resolve("shared"));
        Files.writeString(foreign.resolve("notes.txt"), "keep");
        OutputFolder.prepare(foreign.toString(), true, conf);
        assertTrue(Files.exists(foreign.resolve(OutputFolder.MARKER)));
        assertEquals("keep", Files.readString(foreign.resolve("notes.txt")));

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.createDirectory(other.resolve("cells"));
        Files.writeString(other.resolve("cells/mine.parquet"), "not gnc's");
        OutputFolderException e = assertThrows(OutputFolderException.class,
                () -> OutputFolder.prepare(other.toString(), true, conf));
        assertTrue(e.getMessage().contains("cells exists but was not written by gnc"), e.getMessage());
        assertEquals("not gnc's", Files.readString(other.resolve("cells/mine.parquet")));
        assertFalse(Files.exists(other.resolve(OutputFolder.MARKER)));
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("out.txt"), "x");
        OutputFolderException e = assertThrows(OutputFolderException.class,
                () -> OutputFolder.prepare(file.toString(), true, conf));
        assertTrue(e.getMessage().endsWith("is a file; --out must name a folder (new, empty, or made by gnc)"),
                e.getMessage());
    }

    @Test
    void aFolderThatCannotBeCreatedIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        String inside = file.resolve("out").toString();
        OutputFolderException e = assertThrows(OutputFolderException.class,
                () -> OutputFolder.prepare(inside, false, conf));
        assertTrue(e.getMessage().contains(inside), e.getMessage());
        assertEquals("x", Files.readString(file));
    }
}
