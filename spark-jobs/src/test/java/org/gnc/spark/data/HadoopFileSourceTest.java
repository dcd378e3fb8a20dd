package org.gnc.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.gnc.data.DataException;
import org.gnc.data.IdxFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files read through Hadoop's FileSystem, by path and by file: URI, plain and gzipped. */
class HadoopFileSourceTest {
    @TempDir
    Path dir;

    private static final byte[] LABELS = {0, 0, 8, 1, 0, 0, 0, 3, 4, 0, 9};

    @Test
    void readsIdxFilesByPathAndUriPlainAndGzipped() throws Exception {
        HadoopFileSource source = new HadoopFileSource(new Configuration());
        Path plain = Files.write(dir.resolve("labels"), LABELS);
        Path gz = dir.resolve("labels.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(LABELS);
        }
        for (String location : new String[] {plain.toString(), plain.toUri().toString(), gz.toString(),
            gz.toUri().toString()}) {
            IdxFile f = IdxFile.read(location, source);
            assertEquals(3, f.count(), location);
            assertEquals(9, f.value(2, 0), location);
        }
    }

    @Test
    void aMissingFileIsNamed() {
        String missing = dir.resolve("nope").toUri().toString();
        DataException e = assertThrows(DataException.class,
                () -> IdxFile.read(missing, new HadoopFileSource(new Configuration())));
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
