package org.gnc.sample;

/**
 * Whether the Java Vector API (the incubator module {@code jdk.incubator.vector}) is usable in this
 * JVM. The kernels with a Vector API path ({@code *Vector} classes) must be touched only when
 * {@link #present()} holds: those classes hold vector species in static fields, so even loading them
 * without the module fails. Without it every kernel runs its scalar path, with the same results.
 */
final class VectorSupport {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    /** True when the module {@code jdk.incubator.vector} is in the boot layer (--add-modules). */
    static boolean present() {
        return PRESENT;
    }

    /** Lanes of the preferred double vector (0 without the module, or when narrower than 4). */
    static int doubleLanes() {
        return PRESENT ? DenseReluVector.lanes() : 0;
    }
}
