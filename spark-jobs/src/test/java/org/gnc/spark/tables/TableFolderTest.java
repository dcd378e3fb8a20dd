package org.gnc.spark.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Is there a table here": a folder with a Parquet file, and nothing else. */
class TableFolderTest {
    @TempDir
    Path dir;

    @Test
    void aTableIsAFolderWithAParquetFile() throws Exception {
        Configuration conf = new Configuration();
        Files.createDirectories(dir.resolve("cells"));
        Files.writeString(dir.resolve("cells/part-00000.snappy.parquet"), "");
        Files.createDirectories(dir.resolve("runs"));
        Files.writeString(dir.resolve("runs/_SUCCESS"), "");
        Files.writeString(dir.resolve("samples"), "");
        assertEquals(TableFolder.Content.TABLE, TableFolder.content(dir.resolve("cells").toString(), conf));
        assertEquals(TableFolder.Content.NOT_A_TABLE, TableFolder.content(dir.resolve("runs").toString(), conf));
        assertEquals(TableFolder.Content.NOT_A_TABLE, TableFolder.content(dir.resolve("samples").toString(), conf));
        assertEquals(TableFolder.Content.NOTHING, TableFolder.content(dir.resolve("shards").toString(), conf));
        assertEquals(List.of(Tables.CELLS), TableFolder.tablesIn(dir.toString(), Tables.ALL, conf));
        assertEquals(dir.resolve("cells").toString(), TableFolder.path(dir.toString(), Tables.CELLS));
    }
}
