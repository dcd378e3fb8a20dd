package org.gnc.kernel.conv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gnc.data.Dataset;
import org.gnc.kernel.Acceptances;
import org.gnc.kernel.EarlyRejectionFilter;
import org.gnc.kernel.InterpolatorFilter;
import org.gnc.model.CandidateWeights;
import org.gnc.sample.CellSampler;
import org.gnc.sample.PreparedSweep;
import org.gnc.spec.SweepSpecParser;

/**
 * Candidates per second of {@link EarlyRejectionFilter} and {@link ConvStackFilter} (scalar and, with the
 * Vector API module, vector path) on one thread, on the first cell of a sweep config (the README's "LeNet
 * kernel" figures); not a test. Each filter first scans an untimed warm-up, where all must accept the same
 * indices; then timed rounds of SECONDS / 7 alternate between the filters, and the median round is reported.
 *
 * <pre>java [--add-modules jdk.incubator.vector] -cp CLASSPATH org.gnc.kernel.conv.LeNetKernelTiming CONFIG SECONDS [key=value]...</pre>
 */
public final class LeNetKernelTiming {
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 7;

    private LeNetKernelTiming() {
    }

    public static void main(String[] args) {
        Path config = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        List<String> overrides = Arrays.asList(args).subList(2, args.length);
        PreparedSweep sweep = PreparedSweep.of(SweepSpecParser.parse(config, overrides));
        CellSampler cell = sweep.cells().values().iterator().next();
        CandidateWeights candidates = cell.candidates();
        Dataset train = cell.data().train();
        int maxErrors = cell.maxTrainErrors();
        System.out.println("cell " + cell.cellId() + ": " + candidates.architecture() + ", n = " + train.size()
                + ", " + candidates.parameterCount() + " parameters, prior " + candidates.prior().label()
                + ", vector lanes " + ConvStackFilter.vectorLanes());
        List<String> names = new ArrayList<>(List.of("EarlyRejectionFilter", "ConvStackFilter scalar"));
        if (ConvStackFilter.vectorLanes() > 0) {
            names.add("ConvStackFilter vector");
        }
        List<InterpolatorFilter> filters = new ArrayList<>();
        Acceptances agreed = null;
        for (String name : names) {
            InterpolatorFilter filter = switch (name) {
                case "EarlyRejectionFilter" -> new EarlyRejectionFilter(candidates, train, maxErrors);
                case "ConvStackFilter scalar" -> new ConvStackFilter(candidates, train, maxErrors, false);
                default -> new ConvStackFilter(candidates, train, maxErrors, true);
            };
            Acceptances same = filter.scan(0, WARM_UP);
            if (agreed != null && !agreed.equals(same)) {
                throw new AssertionError(name + " accepts other candidates than " + names.get(0));
            }
            agreed = same;
            filters.add(filter);
        }
        System.out.println(agreed.count() + " accepted of the first " + WARM_UP + " (the untimed warm-up), by every filter");
        // Rounds alternate between the filters, so that a change in the machine's load hits them alike.
        double[][] rates = new double[filters.size()][ROUNDS];
        long next = WARM_UP;
        for (int round = 0; round < ROUNDS; round++) {
            for (int f = 0; f < filters.size(); f++) {
                long start = System.nanoTime();
                long scanned = 0;
                while (System.nanoTime() - start < seconds / ROUNDS * 1e9) {
                    filters.get(f).scan(next, 500);
                    next += 500;
                    scanned += 500;
                }
                rates[f][round] = scanned / ((System.nanoTime() - start) * 1e-9);
            }
        }
        for (int f = 0; f < filters.size(); f++) {
            Arrays.sort(rates[f]);
            System.out.printf("%-24s %,8.0f candidates/s (median of %d rounds of %.1f s, %,.0f .. %,.0f)%n",
                    names.get(f), rates[f][ROUNDS / 2], ROUNDS, seconds / ROUNDS, rates[f][0], rates[f][ROUNDS - 1]);
        }
    }
}
