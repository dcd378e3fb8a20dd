package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The machine description reads the CPU's flags from cpuinfo text and says what it could not read. */
class MachineInfoTest {
    /** Two processors of an AVX2-only machine (AMD EPYC, Zen 2), abridged. */
    private static final String AVX2_CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 7B12
            flags\t\t: fpu vme de pse tsc msr sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c \
            rdrand avx2 bmi2 sha_ni
            bogomips\t: 4499.99

            processor\t: 1
            flags\t\t: fpu vme avx512f
            """;

    @Test
    void theFirstFlagsLineSaysWhichFeaturesTheCpuHas() {
        Map<String, Boolean> f = MachineInfo.cpuFeatures(AVX2_CPUINFO);
        assertEquals(MachineInfo.FEATURES, List.copyOf(f.keySet()));
        assertEquals(Map.of("avx2", true, "fma", true, "avx512f", false, "avx512dq", false, "avx512bw", false,
                "avx512vl", false), f);
        assertTrue(MachineInfo.cpuFeatures("processor : 0\n").values().stream().noneMatch(b -> b));
    }

    @Test
    void theLineAndTheJsonSayWhatIsThereAndWhatIsNot() {
        MachineInfo avx2 = new MachineInfo(Optional.of(MachineInfo.cpuFeatures(AVX2_CPUINFO)), "2", "32",
                Optional.of(new MachineInfo.Species(256, 4, 4, 8, 4)));
        assertEquals("machine: CPU avx2 fma (no avx512f avx512dq avx512bw avx512vl); HotSpot UseAVX=2"
                + " MaxVectorSize=32; Vector API preferred shape 256 bits (4 doubles, 4 longs, 8 floats, 4 half-ints)",
                avx2.describe());
        ObjectNode node = new ObjectMapper().createObjectNode();
        avx2.putInto(node);
        assertTrue(node.path("cpu_vector_features").path("avx2").asBoolean());
        assertEquals(false, node.path("cpu_vector_features").path("avx512f").asBoolean(true));
        assertEquals("2", node.path("hotspot_use_avx").asText());
        assertEquals(256, node.path("vector_api").path("shape_bits").asInt());
        assertEquals(4, node.path("vector_api").path("half_int_lanes").asInt());

        MachineInfo unknown = new MachineInfo(Optional.empty(), "unknown", "unknown", Optional.empty());
        assertEquals("machine: CPU unknown (no /proc/cpuinfo); HotSpot UseAVX=unknown MaxVectorSize=unknown;"
                + " Vector API module absent (scalar paths)", unknown.describe());
        ObjectNode none = new ObjectMapper().createObjectNode();
        unknown.putInto(none);
        assertEquals("unknown", none.path("cpu_vector_features").asText());
        assertEquals("module absent", none.path("vector_api").asText());
    }

    @Test
    void thisJvmIsDescribed() {
        MachineInfo here = MachineInfo.detect();
        assertTrue(here.describe().startsWith("machine: CPU "), here.describe());
        // The tests run with the Vector API module (gnc.test.jvm.args).
        assertTrue(here.species().isPresent());
        assertTrue(here.useAvx().matches("[0-3]"), here.useAvx());
    }
}
