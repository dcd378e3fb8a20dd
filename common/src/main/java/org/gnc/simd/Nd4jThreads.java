package org.gnc.simd;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J pinned to one thread per JVM: its BLAS, its native elementwise pool and its master threads. gnc
 * runs one Spark task per core, so ND4J's own parallelism only competes with the other tasks (and at
 * gnc's matrix sizes costs more than it saves when the cores are busy). The setting is process-wide in
 * ND4J; {@link #pinToOne} applies it once (idempotent, thread-safe) and every ND4J user in gnc calls it
 * before its first operation.
 */
public final class Nd4jThreads {
    private static volatile boolean pinned;

    private Nd4jThreads() {
    }

    /** Limits ND4J's native thread pools and BLAS to one thread (idempotent). */
    public static void pinToOne() {
        if (!pinned) {
            synchronized (Nd4jThreads.class) {
                if (!pinned) {
                    Nd4j.getEnvironment().setMaxThreads(1);
                    Nd4j.getEnvironment().setMaxMasterThreads(1);
                    Nd4j.factory().blas().setMaxThreads(1);
                    pinned = true;
                }
            }
        }
    }
}
