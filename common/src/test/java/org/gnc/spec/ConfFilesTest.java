package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config shipped in conf/ parses and validates (configs users start from must work): sweep
 * configs with the sweep parser, those under conf/continual/ with the continual parser, those under
 * conf/reconstruct/ with the reconstruct parser.
 */
class ConfFilesTest {
    static Stream<Path> configs() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("conf"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "conf/ not found above the working directory");
        try (Stream<Path> files = Files.walk(dir.resolve("conf"))) {
            List<Path> confs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertFalse(confs.isEmpty());
            return confs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void parses(Path config) {
        if (config.getParent().getFileName().toString().equals("continual")) {
            assertNotNull(ContinualSpecParser.parse(config, List.of()));
            return;
        }
        if (config.getParent().getFileName().toString().equals("reconstruct")) {
            assertNotNull(ReconstructSpecParser.parse(config, List.of()));
            return;
        }
        SweepSpec spec = SweepSpecParser.parse(config, List.of());
        assertFalse(spec.cells().isEmpty());
    }
}
