package org.gnc.simd;

/**
 * Whether the Java Vector API (the incubator module {@code jdk.incubator.vector}) is usable in this
 * JVM: the one check every Vector API path goes through. Classes that import the module's types
 * ({@link SplitMixLanes}, {@link NormalLanes} and the kernels' {@code *Vector} classes) must be touched
 * only when {@link #present()} holds: they hold vector species in static fields, so even loading them
 * without the module fails. Without it every caller runs its scalar path, with the same results.
 */
public final class VectorModule {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorModule() {
    }

    /** True when the module {@code jdk.incubator.vector} is in the boot layer (--add-modules). */
    public static boolean present() {
        return PRESENT;
    }
}
