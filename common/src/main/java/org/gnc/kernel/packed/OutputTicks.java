package org.gnc.kernel.packed;

import java.util.Arrays;
import java.util.Optional;

/**
 * A finite prior's levels as whole numbers of one tick, for the fixed-point block path
 * ({@link PackedLevelsBlocks}): level a_v = m_v lambda + delta_v with lambda the least non-zero |a_v|,
 * integers m_v = rint(a_v / lambda) (so |m_v| &gt;= 1 for every non-zero level, and m_v = 0 for a level
 * 0), and rho = max |delta_v| / lambda. Exists only where rho &lt;= 2^-30, every |m_v| &lt;= 2^10 and no
 * two levels share a tick count: then an output weight enters f as the integer m_v, and its error
 * delta_v is part of the block path's bound. Levels such as {-1, 0, 1}, {-2, .., 2} or k 0.1 for small
 * integers k qualify; {-1, 0, pi} does not.
 */
final class OutputTicks {
    private static final double MAX_RHO = 0x1.0p-30;
    private static final int MAX_TICKS = 1 << 10;

    private final double tick;
    private final int[] ticks;
    private final int max;
    private final double rho;

    private OutputTicks(double tick, int[] ticks, int max, double rho) {
        this.tick = tick;
        this.ticks = ticks;
        this.max = max;
        this.rho = rho;
    }

    /** The levels in ticks, or empty where they are not close enough to whole multiples of one tick. */
    static Optional<OutputTicks> of(double[] levels) {
        double tick = Double.POSITIVE_INFINITY;
        for (double v : levels) {
            tick = v != 0 ? Math.min(tick, Math.abs(v)) : tick;
        }
        if (!(tick > 0 && tick < Double.POSITIVE_INFINITY)) {
            return Optional.empty();
        }
        int[] ticks = new int[levels.length];
        int max = 0;
        double rho = 0;
        for (int v = 0; v < levels.length; v++) {
            double m = Math.rint(levels[v] / tick);
            // a_v - m_v lambda with one rounding (m_v lambda alone may round to a_v), rounded up.
            double off = Math.abs(Math.fma(-m, tick, levels[v])) / tick * (1 + 0x1.0p-50);
            if (!(Math.abs(m) <= MAX_TICKS && off <= MAX_RHO)) {
                return Optional.empty();
            }
            ticks[v] = (int) m;
            max = Math.max(max, Math.abs(ticks[v]));
            rho = Math.max(rho, off);
        }
        if (Arrays.stream(ticks).distinct().count() < ticks.length) {
            return Optional.empty();
        }
        return Optional.of(new OutputTicks(tick, ticks, max, rho));
    }

    /** lambda: the least non-zero |level|. */
    double tick() {
        return tick;
    }

    /** m_v: level v (an index into the levels) in ticks. */
    int ticks(int level) {
        return ticks[level];
    }

    /** M = max |m_v|. */
    int max() {
        return max;
    }

    /** An upper bound on rho = max |a_v - m_v lambda| / lambda, at most 2^-30. */
    double rho() {
        return rho;
    }
}
