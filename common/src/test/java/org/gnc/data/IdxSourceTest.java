package org.gnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    @TempDir
    Path dir;

    @Test
    void onceParsesEachLocationOnceAndThroughParsesEachRequest() throws Exception {
        String labels = IdxFixtures.write(dir, "labels.gz", IdxFixtures.labels(0, 1, 1, 0), true).toString();
        Map<String, Integer> opened = new HashMap<>();
        FileSource counting = location -> {
            opened.merge(location, 1, Integer::sum);
            return FileSource.local().open(location);
        };
        IdxSource once = IdxSource.once(counting);
        IdxFile first = once.read(labels);
        assertSame(first, once.read(labels), "the same parsed file for every later request");
        assertEquals(1, opened.get(labels), "opened once");
        assertEquals(4, first.count());

        IdxSource through = IdxSource.through(counting);
        assertNotSame(through.read(labels), through.read(labels));
        assertEquals(3, opened.get(labels), "parsed at each request");
    }

    @Test
    void aFailureIsNotKeptButRaisedToEachRequest() {
        String missing = dir.resolve("missing-idx").toString();
        IdxSource once = IdxSource.once(FileSource.local());
        for (int attempt = 0; attempt < 2; attempt++) {
            DataException e = assertThrows(DataException.class, () -> once.read(missing));
            assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("file not found"), e.getMessage());
        }
    }
}
