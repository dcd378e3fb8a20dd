package org.gnc.kernel.packed;

/**
 * A decode table for a group of e consecutive output weights of a k-level prior: for each code v in
 * [0, k^e), v = d_0 k^(e-1) + ... + d_(e-1) (the digits {@link org.gnc.model.Prior#draw} reads one at a
 * time, most significant first, d_t the level of the group's unit t), the digits packed {@link #bits}
 * each (d_t at bit bits t), and the live units of the group (those whose level is not 0) in increasing
 * order, 4 bits each, with their number. The e output digits at positions e c .. e c + e - 1 of a word u
 * are the code floor(u k^(e(c+1)) / 2^64) - k^e floor(u k^(ec) / 2^64), so one look-up replaces e
 * divisions and the test of each unit's level.
 *
 * <p>Immutable; exists for e &lt;= 16 with bits e &lt;= 32 and k^e within the caller's bound.
 */
final class OutputCodes {
    /** Largest e: the live units' offsets, 4 bits each, fill at most the 64 bits of a long. */
    static final int MAX_DIGITS = 16;

    /** e, k^e, bits per digit and its mask. */
    final int digits;
    final int radix;
    final int bits;
    final int mask;
    /** packed[v]: the digits of code v, d_t at bit bits t. */
    final int[] packed;
    /** units[v]: the offsets t of code v's live units, increasing, 4 bits each; live[v]: their number. */
    final long[] units;
    final byte[] live;

    /** Whether a table of e digits of a k-level prior applies, with at most {@code maxCodes} codes. */
    static boolean fits(int k, int digits, long maxCodes) {
        int bits = 32 - Integer.numberOfLeadingZeros(k - 1);
        long codes = 1;
        for (int t = 0; t < digits && codes <= maxCodes; t++) {
            codes *= k;
        }
        return digits <= MAX_DIGITS && bits * digits <= 32 && codes <= maxCodes;
    }

    /** The table of groups of e digits over {@code levels} (level 0 marks a dead unit); requires {@link #fits}. */
    OutputCodes(double[] levels, int digits) {
        int k = levels.length;
        this.digits = digits;
        this.bits = 32 - Integer.numberOfLeadingZeros(k - 1);
        this.mask = (1 << bits) - 1;
        int r = 1;
        for (int t = 0; t < digits; t++) {
            r *= k;
        }
        this.radix = r;
        this.packed = new int[r];
        this.units = new long[r];
        this.live = new byte[r];
        for (int v = 0; v < r; v++) {
            int rest = v;
            int[] digit = new int[digits];
            for (int t = digits - 1; t >= 0; t--) {
                digit[t] = rest % k;
                packed[v] |= digit[t] << (bits * t);
                rest /= k;
            }
            int n = 0;
            for (int t = 0; t < digits; t++) {
                if (levels[digit[t]] != 0) {
                    units[v] |= (long) t << (4 * n++);
                }
            }
            live[v] = (byte) n;
        }
    }

    /** The level (an index into the levels) of unit t of code v. */
    int level(int v, int t) {
        return (packed[v] >>> (bits * t)) & mask;
    }

    /** The offset of code v's n-th live unit. */
    int liveUnit(int v, int n) {
        return (int) (units[v] >>> (4 * n)) & 15;
    }
}
