package org.gnc.kernel.packed;

import java.util.Arrays;
import org.gnc.model.Architecture;
import org.gnc.model.CandidateWeights;

/**
 * For tests: the weights a {@link PackedLevelsFilter}'s draw reads for candidate i, rebuilt from its
 * output weights and its live rows' digit-group codes, in {@link Architecture}'s layout; the rows of
 * units with output weight 0, never drawn, are NaN. Reaches the scanner's package-private draw.
 */
final class DrawnWeights {
    private DrawnWeights() {
    }

    /**
     * Candidate i's weights as the filter draws them: by the batch draw where the filter has one (the
     * candidate in slot 3 of a batch starting at i - 3, when i &gt;= 3), after checking that the scalar
     * draw reads the same; else by the scalar draw.
     */
    static double[] of(PackedLevelsFilter filter, long i) {
        PackedLevelsLayout layout = filter.layout();
        long base = CandidateWeights.firstCounter(i);
        filter.decodeOutputWeights(base);
        filter.drawRows(base);
        double[] scalar = rebuild(layout, filter.a, filter.unit, filter.codes, filter.liveUnits);
        if (filter.batch == null) {
            return scalar;
        }
        PackedLevelsBatch batch = filter.batch;
        int hidden = layout.hidden;
        int groupsPerRow = layout.groupsPerRow;
        int deadCode = layout.fixedPoint.codesPerGroup; // PackedLevelsBlocks#deadCode
        double[] a = new double[hidden];
        int[] unit = new int[hidden];
        int[] codes = new int[hidden * groupsPerRow];
        int slot = (int) Math.min(3, i);
        batch.draw(i - slot, slot + 1);
        int live = 0;
        for (int j = 0; j < hidden; j++) {
            int ticks = batch.m[j * PackedLevelsBatch.BATCH + slot];
            double v = 0;
            for (int lv = 0; lv < layout.k; lv++) {
                v = layout.levelTicks[lv] == ticks ? layout.levels[lv] : v;
            }
            if (v != 0) {
                a[live] = v;
                unit[live] = j;
                for (int c = 0; c < groupsPerRow; c++) {
                    codes[live * groupsPerRow + c] = batch.codes[(j * groupsPerRow + c) * PackedLevelsBatch.BATCH + slot];
                }
                live++;
            }
            boolean dead = batch.codes[j * groupsPerRow * PackedLevelsBatch.BATCH + slot] == deadCode;
            if (dead != (v == 0)) {
                throw new AssertionError("dead code of unit " + j + " disagrees with its output weight");
            }
        }
        double[] batched = rebuild(layout, a, unit, codes, live);
        if (!Arrays.equals(scalar, batched)) {
            throw new AssertionError("the scalar and the batch draw of candidate " + i + " disagree");
        }
        return batched;
    }

    /** The weights of the live units (output weight a[t], unit[t], codes of row t) in Architecture's layout. */
    private static double[] rebuild(PackedLevelsLayout layout, double[] a, int[] unit, int[] codes, int live) {
        int hidden = layout.hidden;
        int groupsPerRow = layout.groupsPerRow;
        int k = layout.k;
        int d = layout.arch.inputDim();
        double[] out = new double[layout.candidates.parameterCount()];
        Arrays.fill(out, 0, hidden * d, Double.NaN);
        for (int t = 0; t < live; t++) {
            int j = unit[t];
            out[hidden * d + j] = a[t];
            int col = j * d;
            for (int c = 0; c < groupsPerRow; c++) {
                long radix = layout.groupRadix[c % layout.groupsPerWord];
                int size = 0;
                for (long r = radix; r > 1; r /= k) {
                    size++;
                }
                int code = codes[t * groupsPerRow + c];
                for (int digit = size - 1; digit >= 0; digit--) {
                    out[col + digit] = layout.levels[code % k];
                    code /= k;
                }
                col += size;
            }
        }
        return out;
    }
}
