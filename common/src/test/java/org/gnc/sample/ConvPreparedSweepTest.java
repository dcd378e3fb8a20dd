package org.gnc.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gnc.data.DataException;
import org.gnc.kernel.conv.ConvStackFilter;
import org.gnc.model.InputShape;
import org.gnc.spec.SweepSpec;
import org.gnc.spec.SweepSpecParser;
import org.junit.jupiter.api.Test;

/**
 * A conv student on Fashion-MNIST images (downsampled to 14 x 14): its input shape is the images', and a
 * stack or input-shape that does not fit them is refused when the data are loaded, before any work starts
 * (a DataException: exit 2), naming the layer and key.
 */
class ConvPreparedSweepTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    static SweepSpec sweep(String student) {
        assertTrue(Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST is not installed:"
                + " `sudo apt-get update && sudo apt-get install -y dataset-fashion-mnist` (.ci/run does)");
        return SweepSpecParser.parseText("""
                sweep { name = conv, seed = 1 }
                data { kind = idx, train-images = "%1$s/train-images-idx3-ubyte.gz"
                       train-labels = "%1$s/train-labels-idx1-ubyte.gz", test-images = "%1$s/t10k-images-idx3-ubyte.gz"
                       test-labels = "%1$s/t10k-labels-idx1-ubyte.gz", classes = [0, 1], train-per-class = 2
                       test-per-class = 20, downsample = 2 }
                student { %2$s
                          prior { kind = uniform, low = -1, high = 1 } }
                budget { target-accepted = 5, max-candidates = 100000, max-seconds = 60 }
                """.formatted(DIR, student), Path.of("."), "conv.conf");
    }

    @Test
    void aConvStudentReadsTheImagesShape() {
        PreparedSweep prepared = PreparedSweep.of(sweep("layers = [{ kind = conv, channels = 2, kernel = 3 },"
                + " { kind = max-pool, size = 2 }, { kind = flatten }, { kind = dense, units = 3 }], output = two-logits"));
        CellSampler cell = prepared.cells().values().iterator().next();
        assertEquals(new InputShape(1, 14, 14), cell.architecture().inputShape());
        assertEquals(List.of(new InputShape(2, 12, 12), new InputShape(2, 6, 6), InputShape.flat(72),
                InputShape.flat(3)), cell.architecture().shapes());
        assertTrue(cell.filter() instanceof ConvStackFilter, "a ReLU conv student gets the conv-stack kernel");
        CellResult r = cell.run(10_000);
        assertTrue(r.tally().accepted() > 0, "some conv students fit 4 images: " + r.tally().accepted());
    }

    @Test
    void aStackThatDoesNotFitTheImagesExits2NamingTheLayerAndKey() {
        DataException e = assertThrows(DataException.class, () -> PreparedSweep.of(sweep(
                "layers = [{ kind = conv, channels = 2, kernel = 15 }, { kind = flatten }]")));
        assertTrue(e.getMessage().startsWith("student.layers[0].kernel is 15, larger than this layer's input 1x14x14"),
                e.getMessage());
        assertTrue(e instanceof org.gnc.input.InputException, "the CLI maps InputExceptions to exit code 2");
        DataException pool = assertThrows(DataException.class, () -> PreparedSweep.of(sweep(
                "layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = avg-pool, size = 2 }, { kind = flatten }]")));
        assertTrue(pool.getMessage().startsWith("student.layers[1].size is 2, which does not divide this layer's input"
                + " 2x13x13"), pool.getMessage());
        DataException shape = assertThrows(DataException.class, () -> PreparedSweep.of(sweep(
                "input-shape = [1, 28, 28], layers = [{ kind = conv, channels = 2, kernel = 2 }, { kind = flatten }]")));
        assertTrue(shape.getMessage().startsWith("student.input-shape is 1x28x28 (784 values), but the data's points"
                + " have 196 values (1x14x14)"), shape.getMessage());
    }
}
