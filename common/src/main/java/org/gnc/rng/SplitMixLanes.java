package org.gnc.rng;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import org.gnc.simd.VectorModule;

/**
 * The SplitMix64 finalizer of {@link CounterRng#mix64}, lane by lane: the one form every Vector API
 * kernel draws its random words with. Small enough for the JIT to inline at every call, so its vectors
 * stay in registers.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
public final class SplitMixLanes {
    private SplitMixLanes() {
    }

    /** mix64 of each lane: a bijection on 64-bit values, CounterRng.word(c) = mix64(key + (c + 1) GAMMA). */
    public static LongVector mix64(LongVector z) {
        LongVector w = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        w = w.lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return w.lanewise(VectorOperators.XOR, w.lanewise(VectorOperators.LSHR, 31));
    }
}
