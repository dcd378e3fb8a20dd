package org.gnc.data;

import static org.gnc.data.IdxFixtures.idx;
import static org.gnc.data.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {
    @TempDir
    Path dir;

    private static final byte[] VALUES = {0, 1, 2, (byte) 200, (byte) 255, 7};

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void readsPlainAndGzippedFilesAlikeWhateverTheirNames(boolean gzip) throws IOException {
        // the name says nothing: gzip is recognised by its magic bytes
        Path p = write(dir, "data.bin", idx(new int[] {2, 1, 3}, VALUES), gzip);
        IdxFile f = IdxFile.read(p);
        assertArrayEquals(new int[] {2, 1, 3}, f.dims());
        assertEquals("2 x 1 x 3", f.shape());
        assertEquals(2, f.count());
        assertEquals(3, f.itemSize());
        assertEquals(200, f.value(1, 0));
        assertEquals(255, f.value(1, 1));
        assertArrayEquals(VALUES, f.rawValues());
        assertEquals(p.toString(), f.location());
    }

    @Test
    void readsFileUrisLocally() throws IOException {
        Path p = write(dir, "l.idx", IdxFixtures.labels(3, 1, 4), false);
        IdxFile f = IdxFile.read(p.toUri().toString(), FileSource.local());
        assertEquals(3, f.count());
        assertEquals(4, f.value(2, 0));
    }

    @Test
    void otherSchemesNeedHadoop() {
        DataException e = assertThrows(DataException.class,
                () -> IdxFile.read("hdfs://nn/data/train.idx", FileSource.local()));
        assertTrue(e.getMessage().startsWith("hdfs://nn/data/train.idx: the scheme hdfs: needs a Hadoop file system"),
                e.getMessage());
    }

    private void assertBad(byte[] bytes, boolean gzip, String expected) throws IOException {
        Path p = write(dir, "bad" + (gzip ? ".gz" : ""), bytes, gzip);
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void corruptFilesFailNamingTheFileAndTheProblem(boolean gzip) throws IOException {
        byte[] good = idx(new int[] {2, 3}, VALUES);
        assertBad(new byte[0], gzip, "not an IDX file: it holds 0 bytes");
        assertBad("1,2,3\n".getBytes(), gzip, "not an IDX file: magic number 0x312C322C");
        assertBad(new byte[] {0, 0, 8, 0}, gzip, "not an IDX file: magic number 0x00000800");
        assertBad(new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0}, gzip, "IDX element type 0x0D is not supported");
        assertBad(Arrays.copyOf(good, 9), gzip, "truncated: the header declares 2 dimensions but the file ends"
                + " after 9 bytes");
        assertBad(Arrays.copyOf(good, good.length - 1), gzip, "truncated: the header declares 2 x 3 = 6 values"
                + " but the file ends after 5 of them (at byte 17");
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        assertBad(longer, gzip, "2 bytes follow the 2 x 3 = 6 values the header declares (from byte 18");
        assertBad(idx(new int[] {70000, 70000}, new byte[0]), gzip, "more than " + IdxFile.MAX_VALUES);
    }

    @Test
    void corruptGzipIsNamed() throws IOException {
        byte[] gz = java.nio.file.Files.readAllBytes(write(dir, "ok.gz", idx(new int[] {6}, VALUES), true));
        assertBad(Arrays.copyOf(gz, gz.length - 6), false, "corrupt gzip data");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 0x55; // the CRC-32 of the trailer no longer matches the data
        assertBad(badCrc, false, "corrupt gzip data");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.idx");
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(missing));
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void requireDimsSaysWhatWasExpected() throws IOException {
        IdxFile f = IdxFile.read(write(dir, "l", IdxFixtures.labels(1, 2), false));
        DataException e = assertThrows(DataException.class, () -> f.requireDims(2, 3, "an images file"));
        assertTrue(e.getMessage().endsWith(": expected an images file, got an IDX file of 1 dimension (2)"),
                e.getMessage());
    }
}
