package org.gnc.rng;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gnc.simd.VectorModule;
import org.gnc.simd.VectorShapes;
import org.gnc.stats.NormalQuantile;

/**
 * Gaussian draws from random words, lane by lane, bit for bit those of the scalar map
 * s * {@link NormalQuantile#of}({@link CounterRng#openUnitInterval}(word)) (the map of
 * {@code Prior.Gaussian.fromWord}): the shift to 52 bits, the conversion and the central branch of
 * AS241 (|q| &lt;= 0.425, about 85% of draws) are the scalar operations in the same order, with separate
 * multiplies and adds (never fused), and the tails go through the scalar map itself.
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
public final class NormalLanes {
    private static final VectorSpecies<Double> DS = VectorShapes.DOUBLES;
    private static final VectorSpecies<Long> LS = VectorShapes.LONGS;
    /** AS241's central branch applies where |q| &lt;= this. */
    public static final double CENTRAL = 0.425;

    private NormalLanes() {
    }

    /** Whether long and double vectors have the same lanes (so words map to draws lane by lane). */
    public static boolean applies() {
        return LS.length() == DS.length() && DS.length() >= 2;
    }

    /** q = u - 1/2 of each lane's word, u = openUnitInterval(word). */
    public static DoubleVector centred(LongVector words) {
        return ((DoubleVector) words.lanewise(VectorOperators.LSHR, 12).convert(VectorOperators.L2D, 0))
                .add(0.5).mul(0x1.0p-52).sub(0.5);
    }

    /** s Phi^-1(u) by AS241's central branch, for the lanes with |q| &lt;= {@link #CENTRAL} (others: meaningless). */
    public static DoubleVector central(DoubleVector q, double s) {
        DoubleVector r = DoubleVector.broadcast(DS, 0.180625).sub(q.mul(q));
        DoubleVector num = r.mul(2509.0809287301226727).add(33430.575583588128105)
                .mul(r).add(67265.770927008700853)
                .mul(r).add(45921.953931549871457)
                .mul(r).add(13731.693765509461125)
                .mul(r).add(1971.5909503065514427)
                .mul(r).add(133.14166789178437745)
                .mul(r).add(3.387132872796366608);
        DoubleVector den = r.mul(5226.495278852545925).add(28729.085735721942674)
                .mul(r).add(39307.89580009271061)
                .mul(r).add(21213.794301586595867)
                .mul(r).add(5394.1960214247511077)
                .mul(r).add(687.1870074920579083)
                .mul(r).add(42.313330701600911252)
                .mul(r).add(1.0);
        return q.mul(num).div(den).mul(s);
    }

    /**
     * out[off + t] = s Phi^-1(openUnitInterval(mix64(key + (first + t + 1) GAMMA))) for t &lt; count: the
     * draws of the consecutive counters first .. first + count - 1 of {@link CounterRng} with this key.
     */
    public static void fill(long key, long first, int count, double s, double[] out, int off) {
        final int lanes = DS.length();
        final long[] words = new long[lanes];
        final double[] absQ = new double[lanes];
        LongVector z = LongVector.zero(LS).addIndex(1).mul(CounterRng.GAMMA).add(key + (first + 1) * CounterRng.GAMMA);
        final long step = lanes * CounterRng.GAMMA;
        int t = 0;
        for (; t + lanes <= count; t += lanes) {
            LongVector w = SplitMixLanes.mix64(z);
            DoubleVector q = centred(w);
            central(q, s).intoArray(out, off + t);
            DoubleVector a = q.abs();
            if (a.compare(VectorOperators.GT, CENTRAL).anyTrue()) {
                // A tail lane (|q| > 0.425, 15% of draws): the scalar map for those lanes.
                w.intoArray(words, 0);
                a.intoArray(absQ, 0);
                for (int l = 0; l < lanes; l++) {
                    if (!(absQ[l] <= CENTRAL)) {
                        out[off + t + l] = s * CounterRng.standardNormal(words[l]);
                    }
                }
            }
            z = z.add(step);
        }
        for (; t < count; t++) {
            long w = CounterRng.mix64(key + (first + t + 1) * CounterRng.GAMMA);
            out[off + t] = s * CounterRng.standardNormal(w);
        }
    }
}
