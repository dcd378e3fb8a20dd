package org.gnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gnc.bench.ReferenceCpu;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench's options for measuring AVX2 code on this machine; no benchmark runs here. */
class BenchCommandTest {
    private static BenchCommand parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void jvmOptionsWithUseAvx2ImplyTheAvx2ReferenceUnlessTheUserSaysOtherwise() {
        assertEquals(ReferenceCpu.NATIVE, parse("all").referenceCpu());
        assertEquals(ReferenceCpu.AVX2, parse("all", "--jvm-opts", "-XX:UseAVX=2 -XX:MaxVectorSize=32").referenceCpu());
        assertEquals(ReferenceCpu.NATIVE, parse("--jvm-opts=-XX:UseAVX=2", "--reference-cpu", "native").referenceCpu());
        assertEquals(ReferenceCpu.AVX2, parse("--reference-cpu", "avx2").referenceCpu());
    }

    @Test
    void anUnknownReferenceCpuIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Gnc.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), "bench",
                "--reference-cpu", "sse2");
        assertEquals(Gnc.BAD_INPUT, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown reference CPU sse2"), err.toString());
    }

    @Test
    void allIsTheKernelWorkloadsAndSmcRunsOnlyWhenNamed() {
        assertEquals(List.of("R1", "R2", "R2g", "LENET"), BenchCommand.workloads("all"));
        assertEquals(List.of("LENET"), BenchCommand.workloads("lenet"));
        assertEquals(List.of("SMC"), BenchCommand.workloads("smc"));
        assertEquals(List.of("RECON"), BenchCommand.workloads("recon"));
        assertEquals(List.of("SWEEP"), BenchCommand.workloads("sweep"));
        assertEquals(List.of("SCALE"), BenchCommand.workloads("scale"));
        assertEquals(List.of("R2g"), BenchCommand.workloads("R2G"));
        BadInputException e = assertThrows(BadInputException.class, () -> BenchCommand.workloads("R3"));
        assertEquals("unknown workload R3: use R1, R2, R2g, LENET, SMC, RECON, SWEEP, SCALE or all", e.getMessage());
    }

    @Test
    void theChildRunsBenchWithoutJvmOptionsAndWithTheReferenceCpuDecided() {
        assertEquals(List.of("bench", "all", "--seconds", "10", "--reference-cpu", "avx2"), BenchCommand.childArgs(
                List.of("bench", "all", "--jvm-opts", "-XX:UseAVX=2", "--seconds", "10", "--reference-cpu=native"),
                ReferenceCpu.AVX2));
    }

    /** One child JVM, describing the machine only: it reports the UseAVX it was started with. */
    @Test
    void jvmOptionsReallyStartAChildJvmWithThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Gnc.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "bench", "--machine",
                "--jvm-opts", "-XX:UseAVX=2 -XX:MaxVectorSize=32");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("HotSpot UseAVX=2 MaxVectorSize=32"), text);
        JsonNode machine = new ObjectMapper().readTree(text.strip().lines().reduce((a, b) -> b).orElse(""))
                .path("machine");
        assertEquals("2", machine.path("hotspot_use_avx").asText());
        assertEquals(32, machine.path("hotspot_max_vector_size").asInt());
        // MaxVectorSize=32 caps the Vector API at 256 bits.
        assertEquals(256, machine.path("vector_api").path("shape_bits").asInt(), text);
    }
}
