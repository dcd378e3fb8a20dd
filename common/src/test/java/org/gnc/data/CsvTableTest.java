package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTableTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsFeaturesThenLabel() throws IOException {
        Dataset d = CsvTable.read(write("train.csv", "0.5,-1.25,1\n2,3e-1,-1\n\n-0,4,+1\n"));
        assertEquals(3, d.size());
        assertEquals(2, d.dim());
        assertArrayEquals(new double[] {0.5, -1.25, 2, 0.3, -0.0, 4}, d.features());
        assertArrayEquals(new int[] {1, -1, 1}, d.labels());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wrong column count | 1,2,1\\n3,-1\\n | :2: expected 3 columns (as on the first line), got 2",
        "label 0            | 1,2,1\\n3,4,0\\n | :2: last column is the label and must be +1 or -1, got '0'",
        "label text         | 1,2,yes\\n | :1: last column is the label and must be +1 or -1, got 'yes'",
        "NaN feature        | 1,2,1\\nNaN,4,-1\\n | :2: column 1: expected a finite number, got 'NaN'",
        "infinite feature   | 1,Infinity,1\\n | :1: column 2: expected a finite number, got 'Infinity'",
        "header line        | x1,x2,y\\n1,2,1\\n | :1: column 1: expected a number, got 'x1'",
        "single column      | 1\\n-1\\n | :1: expected feature values then a label",
        "empty file         | '' | : the file holds no examples",
        "blank lines only   | '\\n\\n' | : the file holds no examples"})
    void badInputNamesFileLineAndExpectation(String name, String text, String expected) throws IOException {
        Path file = write("bad.csv", text.replace("\\n", "\n"));
        DataException e = assertThrows(DataException.class, () -> CsvTable.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Under the class rule the label is a class index 0..255; the sweep's rule still refuses it. */
    @Test
    void classLabelsAreReadOnlyUnderTheClassRule() throws IOException {
        Path file = write("classes.csv", "0.5,0\n1,9\n2,255\n3,1\n");
        TableRows rows = CsvTable.rows(file.toString(), FileSource.local(), TableRows.Labels.CLASSES);
        assertEquals(1, rows.dim());
        assertArrayEquals(new int[] {0, 9, 255, 1}, rows.labels());
        assertArrayEquals(new double[] {0.5, 1, 2, 3}, rows.features());
        DataException signed = assertThrows(DataException.class, () -> CsvTable.read(file));
        assertTrue(signed.getMessage().contains(":1: last column is the label and must be +1 or -1, got '0'"),
                signed.getMessage());
        for (String bad : new String[] {"-1", "2.5", "256", "x"}) {
            Path f = write("bad-class.csv", "1,0\n2," + bad + "\n");
            DataException e = assertThrows(DataException.class,
                    () -> CsvTable.rows(f.toString(), FileSource.local(), TableRows.Labels.CLASSES));
            assertTrue(e.getMessage().startsWith(f + ":2: last column is the label and must be a class index 0..255"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> CsvTable.read(missing));
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
