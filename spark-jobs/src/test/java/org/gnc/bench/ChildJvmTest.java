package org.gnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The child JVM's command line and the reference's CPU dispatch, built without running anything. */
class ChildJvmTest {
    @Test
    void theChildGetsThisJvmsOptionsThenTheExtraOnesThenTheArguments() {
        List<String> cmd = ChildJvm.command("/jdk/bin/java", List.of("-Xmx4g", "--add-modules=jdk.incubator.vector"),
                ChildJvm.splitOptions("  -XX:UseAVX=2   -XX:MaxVectorSize=32 "), "a.jar:b.jar", "org.gnc.cli.Gnc",
                List.of("bench", "all"));
        assertEquals(List.of("/jdk/bin/java", "-Xmx4g", "--add-modules=jdk.incubator.vector", "-XX:UseAVX=2",
                "-XX:MaxVectorSize=32", "-cp", "a.jar:b.jar", "org.gnc.cli.Gnc", "bench", "all"), cmd);
    }

    @Test
    void theVectorModuleIsAddedWhenThisJvmLacksIt() {
        assertEquals(List.of("java", "-XX:UseAVX=2", "--add-modules", "jdk.incubator.vector", "-cp", "cp", "Main"),
                ChildJvm.command("java", List.of(), List.of("-XX:UseAVX=2"), "cp", "Main", List.of()));
        assertEquals(List.of(), ChildJvm.splitOptions("  "));
    }

    @Test
    void anOptionIsRemovedWithItsValueInEitherSpelling() {
        assertEquals(List.of("bench", "R1", "--seconds", "3"), ChildJvm.withoutOption(
                List.of("bench", "--jvm-opts", "-XX:UseAVX=2", "R1", "--seconds", "3"), "--jvm-opts"));
        assertEquals(List.of("bench", "R1"), ChildJvm.withoutOption(
                List.of("bench", "--jvm-opts=-XX:UseAVX=2 -XX:MaxVectorSize=32", "R1"), "--jvm-opts"));
    }

    @Test
    void useAvxTwoOrLessImpliesTheAvx2Reference() {
        assertEquals(ReferenceCpu.AVX2, ReferenceCpu.impliedBy(List.of("-Xmx4g", "-XX:UseAVX=2")));
        assertEquals(ReferenceCpu.AVX2, ReferenceCpu.impliedBy(List.of("-XX:UseAVX=1")));
        assertEquals(ReferenceCpu.NATIVE, ReferenceCpu.impliedBy(List.of("-XX:UseAVX=3")));
        assertEquals(ReferenceCpu.NATIVE, ReferenceCpu.impliedBy(List.of("-XX:MaxVectorSize=32")));
        assertEquals(ReferenceCpu.NATIVE, ReferenceCpu.impliedBy(List.of("-XX:UseAVX=2", "-XX:UseAVX=3")));
        assertEquals(ReferenceCpu.AVX2, ReferenceCpu.of("AVX2"));
        assertEquals(ReferenceCpu.NATIVE, ReferenceCpu.of("native"));
    }

    @Test
    void theAvx2ReferenceDisablesOnlyTheAvx512TargetsItsNumpyKnows() {
        // numpy 2.4 on an AVX-512 machine
        assertEquals(Map.of("NPY_DISABLE_CPU_FEATURES", "AVX512_ICL AVX512_SPR X86_V4", "OPENBLAS_CORETYPE", "Haswell"),
                ReferenceCpu.AVX2.environment(List.of("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR")));
        // numpy 1.26
        assertEquals("AVX512F AVX512_SKX", ReferenceCpu.AVX2.environment(
                List.of("SSE42", "AVX2", "FMA3", "AVX512F", "AVX512_SKX")).get("NPY_DISABLE_CPU_FEATURES"));
        // a numpy without AVX-512 targets: only OpenBLAS is limited
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell"), ReferenceCpu.AVX2.environment(List.of("AVX2")));
        assertEquals(Map.of(), ReferenceCpu.NATIVE.environment(List.of("X86_V4")));
    }
}
