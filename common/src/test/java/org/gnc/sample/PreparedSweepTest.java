package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gnc.data.DataException;
import org.gnc.spec.CellSpec;
import org.gnc.spec.SamplerSpec;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a sweep resolves every cell's checkpoints against its training-set size, tables included. */
class PreparedSweepTest {

    /** A table sweep of 3 training points, gridded over the configured checkpoints. */
    private static SweepSpec tableSweep(Path dir, String checkpoints) throws IOException {
        for (String name : List.of("train.csv", "test.csv")) {
            Files.writeString(dir.resolve(name), "1,0,1\n0,1,-1\n1,1,1\n");
        }
        return SweepSpecParser.parseText("""
                sweep { name = table, seed = 1 }
                data { kind = table, train = "train.csv", test = "test.csv" }
                student { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } }
                sampler { kind = smc }
                budget { max-seconds = 10 }
                grid { "sampler.checkpoints" = %s }
                """.formatted(checkpoints), dir, "t.conf");
    }

    @Test
    void tableCheckpointsAreResolvedOnceTheTableIsRead(@TempDir Path dir) throws IOException {
        SweepSpec parsed = tableSweep(dir, "[[], [1], [1, 3]]");
        assertEquals(List.of(List.of(), List.of(1), List.of(1, 3)),
                parsed.cells().stream().map(c -> c.sampler().checkpoints()).toList());
        PreparedSweep prepared = PreparedSweep.of(parsed);
        assertEquals(List.of(List.of(3), List.of(1, 3), List.of(1, 3)),
                prepared.spec().cells().stream().map(c -> c.sampler().checkpoints()).toList());
        for (int i = 0; i < 3; i++) {
            CellSpec before = parsed.cells().get(i);
            CellSpec after = prepared.spec().cells().get(i);
            assertEquals(before.id(), after.id());
            assertEquals(before.withSampler(after.sampler()), after);
            assertEquals(after, prepared.cellSpec(after.id()));
        }
        assertEquals(parsed.resolvedText(), prepared.spec().resolvedText());
        assertEquals(parsed.axes(), prepared.spec().axes());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> prepared.cellSpec("nope"));
        assertEquals("no cell nope in sweep table", unknown.getMessage());
    }

    @Test
    void aCheckpointBeyondTheTableExits2NamingTheKey(@TempDir Path dir) throws IOException {
        DataException e = assertThrows(DataException.class, () -> PreparedSweep.of(tableSweep(dir, "[[2], [2, 4]]")));
        assertTrue(e.getMessage().startsWith("sampler.checkpoints = [2, 4] has 4 above 3, the number of training"
                + " points of cell "), e.getMessage());
        assertTrue(e instanceof org.gnc.input.InputException, "the CLI maps InputExceptions to exit code 2");
    }

    /** An IDX file of unsigned bytes with dimensions {@code dims}. */
    private static void idx(Path file, byte[] values, int... dims) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put(new byte[] {0, 0, 0x08, (byte) dims.length});
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(values);
        Files.write(file, b.array());
    }

    @Test
    void eachFileIsReadOnceAndEqualSetsAreOneCopy(@TempDir Path dir) throws IOException {
        byte[] labels = new byte[20];
        byte[] images = new byte[20 * 9];
        for (int i = 0; i < 20; i++) {
            labels[i] = (byte) (i % 2);
            for (int k = 0; k < 9; k++) {
                images[9 * i + k] = (byte) (37 * i + 11 * k);
            }
        }
        for (String set : List.of("train", "test")) {
            idx(dir.resolve(set + "-images"), images, 20, 3, 3);
            idx(dir.resolve(set + "-labels"), labels, 20);
        }
        SweepSpec parsed = SweepSpecParser.parseText("""
                sweep { name = seeds, seed = 1 }
                data { kind = idx, train-images = train-images, train-labels = train-labels, test-images = test-images,
                       test-labels = test-labels, classes = [0, 1], train-per-class = 2, train-select = random,
                       train-seed = 1 }
                student { widths = [2], prior { kind = levels, levels = [-1, 0, 1] } }
                budget { target-accepted = 1, max-candidates = 10 }
                grid { "data.train-seed" = [1, 2, 3, 4] }
                """, dir, "seeds.conf");
        java.util.Map<String, Integer> opened = new java.util.HashMap<>();
        org.gnc.data.FileSource counting = location -> {
            opened.merge(location, 1, Integer::sum);
            return org.gnc.data.FileSource.local().open(location);
        };
        PreparedSweep prepared = PreparedSweep.of(parsed, new org.gnc.data.DataSources(counting,
                org.gnc.data.ParquetSource.unavailable()));
        assertEquals(4, opened.size());
        assertTrue(opened.values().stream().allMatch(n -> n == 1), opened.toString());
        List<org.gnc.data.CellData> data = prepared.cells().values().stream().map(CellSampler::data).toList();
        assertEquals(4, data.size());
        for (org.gnc.data.CellData d : data) {
            assertSame(data.get(0).test(), d.test(), "one copy of the test set");
        }
        assertEquals(4, data.stream().map(org.gnc.data.CellData::train).distinct().count(), "four training sets");
    }

    @Test
    void aSweepWhoseCheckpointsTheParserResolvedIsKeptAsItIs() {
        SweepSpec parsed = SweepSpecParser.parseText("""
                sweep { name = ts, seed = 1 }
                data { kind = teacher-student, dim = 3, train-size = 4, test-size = 10, seed = 2
                       teacher { widths = [], prior { kind = levels, levels = [-1, 1] } } }
                student { widths = [], prior { kind = levels, levels = [-1, 1] } }
                sampler { kind = smc, checkpoints = [2] }
                budget { max-seconds = 10 }
                """, Path.of("."), "ts.conf");
        PreparedSweep prepared = PreparedSweep.of(parsed);
        assertSame(parsed, prepared.spec());
        assertEquals(new SamplerSpec(SamplerSpec.Kind.SMC, 500, 4, 2, List.of(2, 4)),
                prepared.spec().cells().get(0).sampler());
    }
}
