package org.gnc.kernel.packed;

/**
 * The per-cell part of the block path ({@link PackedLevelsBlocks}): the layout's tables in fixed point,
 * point by point (t = rint(T sigma_p)), with the integer bounds E_p, e_p and Q_p of that class's proof,
 * which defines them. Points where a sum could overflow (unsafe) get none: the caller decides them.
 *
 * <p>Immutable: no array is written after the constructor returns; each scanner's block path lays the
 * same values out in its own visiting order ({@link PackedLevelsBlocks#layout}).
 */
final class PackedLevelsFixedPoint {
    /** The bound on (M_p sigma_p + 1) G max(H M, 2), which keeps every sum within an int. */
    private static final double RANGE = 0x1.0p29;

    final int n;
    final int hidden;
    final int groupsPerRow;
    /** Codes per digit group in the layout's tables. */
    final int codesPerGroup;
    /** Per point, fixed-point tables t[(p * groupsPerRow + c) * codesPerGroup + code], and E_p, e_p, Q_p. */
    final int[] pointTables;
    final int[] pointE;
    final int[] pointUnitBound;
    final int[] pointQuick;
    /** Per point: whether a sum could overflow, and its label. */
    final boolean[] unsafe;
    final int[] y;

    /**
     * Fixed-point tables and bounds for the n points, from the scalar path's tables
     * (T[(p * groupsPerRow + c) * codesPerGroup + code]), its per-point bounds eps_p and M_p (maxH),
     * which points are unsafe, and the labels; H units with output levels in {@code ticks} (where
     * {@link PackedLevelsBlocks#applies}); gammaOut = gamma(H+1), the filter's bound on the rounding of f.
     */
    PackedLevelsFixedPoint(int n, int groupsPerRow, int codesPerGroup, int hidden, OutputTicks ticks, double[] tables,
                           double[] eps, double[] maxH, boolean[] unsafe, int[] y, double gammaOut) {
        this.n = n;
        this.hidden = hidden;
        this.groupsPerRow = groupsPerRow;
        this.codesPerGroup = codesPerGroup;
        this.unsafe = unsafe.clone();
        this.y = y.clone();
        double rho = ticks.rho();
        int hm = hidden * ticks.max();
        double limit = RANGE / ((double) groupsPerRow * Math.max(hm, 2)) - 1;
        this.pointTables = new int[n * groupsPerRow * codesPerGroup];
        this.pointE = new int[n];
        this.pointUnitBound = new int[n];
        this.pointQuick = new int[n];
        for (int p = 0; p < n; p++) {
            if (unsafe[p]) {
                continue;
            }
            // The largest power of two sigma with M_p sigma <= limit (the quotient rounded down first; it is
            // above 2^-1022, as M_p is a finite double and limit >= 7), at most 2^40.
            int s = maxH[p] > 0 ? Math.min(40, Math.getExponent(limit / maxH[p] * (1 - 0x1.0p-40))) : 40;
            double sigma = Math.scalb(1.0, s);
            for (int i = p * groupsPerRow * codesPerGroup, end = i + groupsPerRow * codesPerGroup; i < end; i++) {
                pointTables[i] = (int) Math.rint(tables[i] * sigma);
            }
            double e = Math.ceil((sigma * eps[p] / 2 + groupsPerRow / 2.0) * (1 + 0x1.0p-20)) + 1;
            double r = maxH[p] * sigma * (1 + 0x1.0p-40) + groupsPerRow / 2.0 + 1;
            double unit = Math.ceil((e + (rho + gammaOut * (1 + rho)) * (r + e)) * (1 + 0x1.0p-20)) + 1;
            pointE[p] = (int) e;
            pointUnitBound[p] = (int) unit;
            pointQuick[p] = hm * (int) unit;
        }
    }
}
