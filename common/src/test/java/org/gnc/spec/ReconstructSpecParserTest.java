package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reconstruct config: the examples and the documented reference parse; bad input names its key. */
class ReconstructSpecParserTest {

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conf/all-keys.conf"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "conf/all-keys.conf not found above the working directory");
        return dir;
    }

    /** The reconstruct section of conf/all-keys.conf, without its comment marks. */
    static String allKeysSection() throws IOException {
        String text = Files.readString(repo().resolve("conf/all-keys.conf"));
        String block = text.substring(text.indexOf("# --- begin reconstruct ---"), text.indexOf("# --- end reconstruct ---"));
        return block.lines().skip(1).map(l -> l.startsWith("# ") ? l.substring(2) : l.substring(1))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theExamplesAndTheReferenceParse() throws IOException {
        for (String f : List.of("fashion-14", "fashion-28", "fashion-28-paper", "fashion-multiclass", "tiny")) {
            ReconstructSpec s = ReconstructSpecParser.parse(repo().resolve("conf/reconstruct/" + f + ".conf"), List.of());
            assertEquals(f, s.name());
        }
        ReconstructSpec ref = ReconstructSpecParser.parseText(allKeysSection(), repo().resolve("conf"), "all-keys");
        assertEquals(16, ref.attack().restarts());
        assertEquals(3000, ref.attack().iterations());
        assertArrayEquals(new double[] {0, 1e-4, 1e-3}, ref.train().weightDecays());
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, ref.data().classes()[0]);
        assertEquals(100, ref.data().trainSize());
        assertEquals(1000, ref.model().width());
        assertEquals(1e-6, ref.attack().initScale().low());
        assertTrue(ref.attack().initScale().log());
        assertEquals(1e-6, ref.attack().initScale().at(0), 1e-18);
        assertEquals(Math.sqrt(1e-6 * 0.1), ref.attack().initScale().at(0.5), 1e-12);
        assertEquals(0.255, ref.attack().lambdaMin().at(0.5), 1e-12);
    }

    @Test
    void overridesApplyAndAScalarWeightDecayIsOneModel() {
        ReconstructSpec s = ReconstructSpecParser.parse(repo().resolve("conf/reconstruct/tiny.conf"),
                List.of("train.weight-decay=0.5", "reconstruct.restarts=7"));
        assertArrayEquals(new double[] {0.5}, s.train().weightDecays());
        assertEquals(7, s.attack().restarts());
        assertEquals(ReconstructSpec.Step.LOSS_NORMALIZED, ReconstructSpecParser.parse(
                repo().resolve("conf/reconstruct/tiny.conf"), List.of("train.step=loss-normalized")).train().step());
    }

    @Test
    void theStepRuleDefaultsToTheReferencesConstantStep() {
        String text = "reconstruct { name = x, seed = 1, restarts = 1, iterations = 1, momentum = 0.9, box = [-1, 1],\n"
                + " variant = kkt, untrained-control = false, ranges { init-scale = [1, 1], learning-rate-x = [1, 1],\n"
                + " learning-rate-lambda = [1, 1], lambda-min = [0.1, 0.1], alpha = [10, 10] }\n"
                + " abort { after = 1, every = 1, score-above = 1 } }\n"
                + "data { kind = idx, train-images = a, train-labels = b, test-images = c, test-labels = d,\n"
                + " classes = [[0], [1]], train-per-class = 1, test-per-class = 1, downsample = 1, subtract-mean = true }\n"
                + "model { width = 2, depth = 1, init-scale = 0.1 }\n"
                + "train { epochs = 1, learning-rate = 0.1, weight-decay = 0, loss-threshold = 0 }\n";
        ReconstructSpec s = ReconstructSpecParser.parseText(text, repo(), "test");
        assertEquals(ReconstructSpec.Step.CONSTANT, s.train().step());
        assertEquals(ReconstructSpec.InitLayers.ALL, s.model().initLayers());
        assertEquals(0, s.train().gradientThreshold());
        assertEquals(ReconstructSpec.InitLayers.FIRST, ReconstructSpecParser.parse(
                repo().resolve("conf/reconstruct/tiny.conf"), List.of("model.init-layers=first")).model().initLayers());
        assertEquals(1e-3, ReconstructSpecParser.parse(repo().resolve("conf/reconstruct/tiny.conf"),
                List.of("train.gradient-threshold=1e-3")).train().gradientThreshold());
    }

    private static SpecException bad(String... overrides) {
        return assertThrows(SpecException.class, () -> ReconstructSpecParser.parse(
                repo().resolve("conf/reconstruct/tiny.conf"), List.of(overrides)));
    }

    @Test
    void badInputNamesTheKey() {
        assertEquals("data.classes", bad("data.classes=[[0, 2], [2, 3]]").keyPath());
        assertTrue(bad("data.classes=[[0, 2], [2, 3]]").getMessage().contains("overlap"));
        assertEquals("data.classes", bad("data.classes=[[], [1]]").keyPath());
        assertEquals("data.classes", bad("data.classes=[[1]]").keyPath());
        assertEquals("reconstruct.iterations", bad("reconstruct.iterations=0").keyPath());
        assertEquals("reconstruct.restarts", bad("reconstruct.restarts=0").keyPath());
        assertEquals("reconstruct.ranges.alpha", bad("reconstruct.ranges.alpha=[5, 1]").keyPath());
        assertEquals("reconstruct.ranges.init-scale", bad("reconstruct.ranges.init-scale=[0, 1]").keyPath());
        assertEquals("reconstruct.box", bad("reconstruct.box=[1, -1]").keyPath());
        assertEquals("train.weight-decay", bad("train.weight-decay=[-1]").keyPath());
        assertEquals("train.epochs", bad("train.epochs=0").keyPath());
        assertEquals("train.step", bad("train.step=adam").keyPath());
        assertEquals("train.gradient-threshold", bad("train.gradient-threshold=-1").keyPath());
        assertEquals("model.width", bad("model.width=0").keyPath());
        assertEquals("data.train-per-class", bad("data.train-per-class=0").keyPath());
        assertEquals("model.depth", bad("model.depth=3").keyPath());
        assertEquals("model.depth", bad("model.depth=0").keyPath());
        assertEquals("model.init-layers", bad("model.init-layers=last").keyPath());
        assertEquals("data.classes", bad("data.classes=[[0], [1], [1, 2]]").keyPath());
        assertEquals("reconstruct.variant", bad("data.classes=[[0], [1], [2]]", "reconstruct.variant=general")
                .keyPath());
    }

    @Test
    void threeOrMoreGroupsAreAMulticlassTaskAndDepthTwoParses() {
        ReconstructSpec s = ReconstructSpecParser.parse(repo().resolve("conf/reconstruct/tiny.conf"),
                List.of("data.classes=[[0], [1, 3], [2]]", "model.depth=2"));
        assertEquals(3, s.data().groups());
        assertEquals(3, s.data().outputs());
        assertEquals(12, s.data().trainSize());
        assertEquals(2, s.data().label(2));
        assertEquals(2, s.model().depth());
        ReconstructSpec binary = ReconstructSpecParser.parse(repo().resolve("conf/reconstruct/tiny.conf"), List.of());
        assertEquals(1, binary.data().outputs());
        assertEquals(-1, binary.data().label(0));
        assertEquals(1, binary.data().label(1));
        assertEquals(1, binary.model().depth());
    }
}
