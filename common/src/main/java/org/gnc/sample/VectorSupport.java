package org.gnc.sample;

/**
 * The kernels' view of {@link org.gnc.rng.VectorModule} (the one module check): whether the Java Vector
 * API is usable, and how many double lanes it offers. The kernels with a Vector API path ({@code *Vector}
 * classes) must be touched only when {@link #present()} holds: those classes hold vector species in
 * static fields, so even loading them without the module fails. Without it every kernel runs its scalar
 * path, with the same results.
 */
final class VectorSupport {
    private VectorSupport() {
    }

    /** True when the module {@code jdk.incubator.vector} is in the boot layer (--add-modules). */
    static boolean present() {
        return org.gnc.rng.VectorModule.present();
    }

    /** Lanes of the preferred double vector (0 without the module, or when narrower than 4). */
    static int doubleLanes() {
        return present() ? DenseReluVector.lanes() : 0;
    }
}
