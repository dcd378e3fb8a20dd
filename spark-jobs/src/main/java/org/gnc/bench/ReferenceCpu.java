package org.gnc.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which CPU code the numpy reference may run, so that it compares like with like with gnc's side:
 * {@link #NATIVE} lets numpy and OpenBLAS choose for the CPU; {@link #AVX2} limits them to AVX2 code,
 * as {@code -XX:UseAVX=2} limits HotSpot, by the environment of {@link #environment}.
 */
public enum ReferenceCpu {
    /** numpy's and OpenBLAS's own choice for this CPU. */
    NATIVE,
    /** AVX-512 dispatch turned off in numpy, OpenBLAS's Haswell (AVX2) kernels. */
    AVX2;

    /**
     * numpy's names for its AVX-512 dispatch targets, from numpy 1.x ({@code AVX512F} ...
     * {@code AVX512_SPR}) and 2.x ({@code X86_V4}). Only those a numpy reports as dispatchable are
     * passed to it, so that no numpy sees a name it does not know.
     */
    public static final List<String> NUMPY_AVX512_TARGETS = List.of("AVX512F", "AVX512CD", "AVX512_KNL",
            "AVX512_KNM", "AVX512_SKX", "AVX512_CLX", "AVX512_CNL", "AVX512_ICL", "AVX512_SPR", "X86_V4");

    /** OpenBLAS's core type with AVX2 and FMA kernels and no AVX-512. */
    public static final String OPENBLAS_AVX2_CORE = "Haswell";

    private static final Pattern USE_AVX = Pattern.compile("-XX:UseAVX=(\\d+)");

    /** The option's spelling: {@code native} or {@code avx2}. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of an option spelled {@code native} or {@code avx2} (any case). */
    public static ReferenceCpu of(String option) {
        for (ReferenceCpu cpu : values()) {
            if (cpu.option().equalsIgnoreCase(option)) {
                return cpu;
            }
        }
        throw new IllegalArgumentException("unknown reference CPU " + option + ": use native or avx2");
    }

    /** {@link #AVX2} when the JVM options set {@code -XX:UseAVX} to 2 or less (the last one counts), else {@link #NATIVE}. */
    public static ReferenceCpu impliedBy(List<String> jvmOptions) {
        ReferenceCpu implied = NATIVE;
        for (String option : jvmOptions) {
            Matcher m = USE_AVX.matcher(option);
            if (m.matches()) {
                implied = Integer.parseInt(m.group(1)) <= 2 ? AVX2 : NATIVE;
            }
        }
        return implied;
    }

    /**
     * The environment variables that limit the reference, given the dispatch targets its numpy
     * reports ({@code __cpu_dispatch__}): none for {@link #NATIVE}; for {@link #AVX2},
     * {@code NPY_DISABLE_CPU_FEATURES} with the {@link #NUMPY_AVX512_TARGETS} among them (left out
     * when there are none) and {@code OPENBLAS_CORETYPE=Haswell}.
     */
    public Map<String, String> environment(List<String> numpyDispatchable) {
        Map<String, String> env = new LinkedHashMap<>();
        if (this == AVX2) {
            List<String> disabled = NUMPY_AVX512_TARGETS.stream().filter(numpyDispatchable::contains).toList();
            if (!disabled.isEmpty()) {
                env.put("NPY_DISABLE_CPU_FEATURES", String.join(" ", disabled));
            }
            env.put("OPENBLAS_CORETYPE", OPENBLAS_AVX2_CORE);
        }
        return env;
    }
}
