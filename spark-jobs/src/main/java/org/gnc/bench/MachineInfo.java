package org.gnc.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;

/**
 * What a benchmark figure depends on in the machine and the JVM: the CPU's vector features that
 * matter to the kernels, the vector width HotSpot actually compiles for, and the Vector API's
 * preferred species. On an AVX-512 CPU, {@code -XX:UseAVX=2 -XX:MaxVectorSize=32} hides AVX-512 from
 * the JIT (the CPU flags stay the same), so both the CPU's and HotSpot's view are recorded.
 *
 * <p>Guarantees: immutable; {@link #detect()} never fails (what cannot be read is "unknown"); the
 * species are read only when {@link VectorModule#present()}, so this class loads without the module.
 *
 * @param cpuFeatures   per feature of {@link #FEATURES} (in that order), whether the CPU has it; empty
 *                      when the CPU's flags could not be read (no {@code /proc/cpuinfo})
 * @param useAvx        HotSpot's {@code UseAVX} in effect (0-3), or "unknown"
 * @param maxVectorSize HotSpot's {@code MaxVectorSize} in effect, in bytes, or "unknown"
 * @param species       the Vector API's preferred species; empty when the module is absent
 */
public record MachineInfo(Optional<Map<String, Boolean>> cpuFeatures, String useAvx, String maxVectorSize,
                          Optional<Species> species) {
    /** The CPU features reported, as {@code /proc/cpuinfo} names them. */
    public static final List<String> FEATURES = List.of("avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final String UNKNOWN = "unknown";

    /**
     * The Vector API's species of {@link VectorShapes}: the preferred shape's bits and the lanes of
     * each element type the kernels use.
     */
    public record Species(int shapeBits, int doubles, int longs, int floats, int halfInts) {
    }

    public MachineInfo {
        cpuFeatures = cpuFeatures.map(MachineInfo::inFeatureOrder);
    }

    /** This machine and JVM. */
    public static MachineInfo detect() {
        Optional<Map<String, Boolean>> cpu;
        try {
            cpu = Files.isReadable(CPUINFO) ? Optional.of(cpuFeatures(Files.readString(CPUINFO))) : Optional.empty();
        } catch (IOException e) {
            cpu = Optional.empty();
        }
        Optional<Species> species = VectorModule.present()
                ? Optional.of(new Species(VectorShapes.SHAPE.vectorBitSize(), VectorShapes.DOUBLES.length(),
                        VectorShapes.LONGS.length(), VectorShapes.FLOATS.length(), VectorShapes.HALF_INTS.length()))
                : Optional.empty();
        return new MachineInfo(cpu, vmOption("UseAVX"), vmOption("MaxVectorSize"), species);
    }

    /**
     * Per feature of {@link #FEATURES}, whether the first {@code flags} line of a
     * {@code /proc/cpuinfo} text lists it (all false when there is no such line).
     */
    public static Map<String, Boolean> cpuFeatures(String cpuinfo) {
        Set<String> flags = cpuinfo.lines()
                .filter(l -> l.startsWith("flags"))
                .findFirst()
                .map(l -> Set.copyOf(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                .orElse(Set.of());
        Map<String, Boolean> present = new LinkedHashMap<>();
        FEATURES.forEach(f -> present.put(f, flags.contains(f)));
        return present;
    }

    /** A HotSpot option's value in this JVM, or "unknown" when the JVM does not say. */
    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static Map<String, Boolean> inFeatureOrder(Map<String, Boolean> features) {
        Map<String, Boolean> ordered = new LinkedHashMap<>();
        FEATURES.forEach(f -> ordered.put(f, features.getOrDefault(f, false)));
        return Collections.unmodifiableMap(ordered);
    }

    /**
     * One line: the CPU's features (those it has, then those it lacks), HotSpot's options and the
     * species, e.g. {@code machine: CPU avx2 fma avx512f avx512dq avx512bw avx512vl; HotSpot UseAVX=2
     * MaxVectorSize=32; Vector API preferred shape 256 bits (4 doubles, 4 longs, 8 floats, 4 half-ints)}.
     */
    public String describe() {
        String cpu = cpuFeatures.map(f -> {
            String has = names(f, true);
            String lacks = names(f, false);
            return (has.isEmpty() ? "none of them" : has) + (lacks.isEmpty() ? "" : " (no " + lacks + ")");
        }).orElse(UNKNOWN + " (no " + CPUINFO + ")");
        String vector = species.map(s -> String.format(Locale.ROOT,
                "preferred shape %d bits (%d doubles, %d longs, %d floats, %d half-ints)", s.shapeBits(), s.doubles(),
                s.longs(), s.floats(), s.halfInts())).orElse("module absent (scalar paths)");
        return "machine: CPU " + cpu + "; HotSpot UseAVX=" + useAvx + " MaxVectorSize=" + maxVectorSize
                + "; Vector API " + vector;
    }

    private static String names(Map<String, Boolean> features, boolean present) {
        return features.entrySet().stream().filter(e -> e.getValue() == present).map(Map.Entry::getKey)
                .collect(Collectors.joining(" "));
    }

    /**
     * Writes this description into {@code node}: {@code cpu_vector_features} (feature to boolean, or
     * "unknown"), {@code hotspot_use_avx}, {@code hotspot_max_vector_size} and {@code vector_api}
     * (shape bits and lanes, or "module absent").
     */
    public void putInto(ObjectNode node) {
        if (cpuFeatures.isPresent()) {
            ObjectNode cpu = node.putObject("cpu_vector_features");
            cpuFeatures.get().forEach(cpu::put);
        } else {
            node.put("cpu_vector_features", UNKNOWN);
        }
        node.put("hotspot_use_avx", useAvx);
        node.put("hotspot_max_vector_size", maxVectorSize);
        if (species.isPresent()) {
            Species s = species.get();
            ObjectNode v = node.putObject("vector_api");
            v.put("shape_bits", s.shapeBits());
            v.put("double_lanes", s.doubles());
            v.put("long_lanes", s.longs());
            v.put("float_lanes", s.floats());
            v.put("half_int_lanes", s.halfInts());
        } else {
            node.put("vector_api", "module absent");
        }
    }
}
