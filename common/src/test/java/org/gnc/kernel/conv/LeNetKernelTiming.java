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
 * kernel" figures); not a test. Each filter first scans an untimed warm-up, then repeats timed rounds and
 * reports the median; all filters must accept the same indices on the same candidates.
 *
 * <pre>java [--add-modules jdk.incubator.vector] -cp CLASSPATH org.gnc.kernel.conv.LeNetKernelTiming CONFIG SECONDS [key=value]...</pre>
 */
public final class LeNetKernelTiming {
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
        Acceptances agreed = null;
        for (String name : names) {
            InterpolatorFilter filter = switch (name) {
                case "EarlyRejectionFilter" -> new EarlyRejectionFilter(candidates, train, maxErrors);
                case "ConvStackFilter scalar" -> new ConvStackFilter(candidates, train, maxErrors, false);
                default -> new ConvStackFilter(candidates, train, maxErrors, true);
            };
            Acceptances same = filter.scan(0, 20_000);
            if (agreed != null && !agreed.equals(same)) {
                throw new AssertionError(name + " accepts other candidates than " + names.get(0));
            }
            agreed = same;
            long next = 20_000;
            double[] rates = new double[5];
            for (int round = 0; round < rates.length; round++) {
                long start = System.nanoTime();
                long scanned = 0;
                while (System.nanoTime() - start < seconds / rates.length * 1e9) {
                    filter.scan(next, 1_000);
                    next += 1_000;
                    scanned += 1_000;
                }
                rates[round] = scanned / ((System.nanoTime() - start) * 1e-9);
            }
            Arrays.sort(rates);
            System.out.printf("%-24s %,10.0f candidates/s (median of %d rounds, %,.0f .. %,.0f), %d accepted of the first 20,000%n",
                    name, rates[rates.length / 2], rates.length, rates[0], rates[rates.length - 1], same.count());
        }
    }
}
