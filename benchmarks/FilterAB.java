import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidates per CPU second of the kernel that {@code CellSampler.filter()} picks for the first cell of a
 * sweep config, for two builds of gnc's {@code common} classes in one JVM (each folder in a class loader of
 * its own that loads {@code org.gnc.*} itself, the dependencies shared): both first scan an untimed warm-up,
 * where they must accept the same candidates, then timed rounds alternate between them (A first, then B
 * first) on the same candidates (as many as A scans in one round's CPU time), so that the machine's load
 * hits both alike; the time is the thread's CPU time. Prints
 * each build's median rate and the median over rounds of the ratio B / A. Not a test, not in the build:
 *
 * <pre>
 * mvn -B -ntp -o -pl common compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * nice -n 19 java --add-modules jdk.incubator.vector -cp $(cat /tmp/cp.txt) benchmarks/FilterAB.java \
 *     CONFIG ROUND_SECONDS ROUNDS CLASSES_A CLASSES_B [key=value]...
 * </pre>
 */
public final class FilterAB {
    private static final int WARM_UP = 20_000;
    private static final int BATCH = 500;

    /** A class loader that loads org.gnc.* from its own folder, everything else from its parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL url, ClassLoader parent) {
            super(new URL[] {url}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.gnc.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** One build's filter, scanned by reflection. */
    record Build(String name, Object filter, Method scan, Method indices) {
        Object scanned(long first, int count) throws Exception {
            return scan.invoke(filter, first, count);
        }
    }

    static Build load(String name, Path classes, Path config, List<String> overrides) throws Exception {
        ClassLoader loader = new ChildFirst(classes.toUri().toURL(), FilterAB.class.getClassLoader());
        Class<?> parser = loader.loadClass("org.gnc.spec.SweepSpecParser");
        Object spec = parser.getMethod("parse", Path.class, List.class).invoke(null, config, overrides);
        Class<?> prepared = loader.loadClass("org.gnc.sample.PreparedSweep");
        Object sweep = prepared.getMethod("of", loader.loadClass("org.gnc.spec.SweepSpec")).invoke(null, spec);
        Object cells = prepared.getMethod("cells").invoke(sweep);
        Object cell = ((java.util.Map<?, ?>) cells).values().iterator().next();
        Object filter = cell.getClass().getMethod("filter").invoke(cell);
        Method scan = filter.getClass().getMethod("scan", long.class, int.class);
        Method indices = loader.loadClass("org.gnc.kernel.Acceptances").getMethod("indices");
        System.out.println(name + ": " + classes + ", " + filter.getClass().getName());
        return new Build(name, filter, scan, indices);
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        double roundSeconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<String> overrides = Arrays.asList(args).subList(5, args.length);
        List<Build> builds = List.of(load("A", Path.of(args[3]), config, overrides),
                load("B", Path.of(args[4]), config, overrides));
        String agreed = null;
        for (Build b : builds) {
            Object accepted = b.scanned(0, WARM_UP);
            String indices = Arrays.toString((long[]) b.indices().invoke(accepted));
            if (agreed != null && !agreed.equals(indices)) {
                throw new AssertionError("the builds accept different candidates in the warm-up");
            }
            agreed = indices;
        }
        System.out.println("both accept the same " + agreed.split(",").length + " of the first " + WARM_UP);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // The candidates of one round: as many as A scans in roundSeconds of CPU (one calibration round).
        long cpu0 = threads.getCurrentThreadCpuTime();
        long perRound = 0;
        while (threads.getCurrentThreadCpuTime() - cpu0 < roundSeconds * 1e9) {
            builds.get(0).scanned(WARM_UP + perRound, BATCH);
            perRound += BATCH;
        }
        double[][] rates = new double[2][rounds];
        double[] ratios = new double[rounds];
        long first = WARM_UP + perRound;
        for (int round = 0; round < rounds; round++, first += perRound) {
            // Both builds scan the same candidates each round, in alternating order.
            for (int k = 0; k < 2; k++) {
                int b = (round + k) % 2;
                long start = threads.getCurrentThreadCpuTime();
                for (long at = first; at < first + perRound; at += BATCH) {
                    builds.get(b).scanned(at, BATCH);
                }
                rates[b][round] = perRound / ((threads.getCurrentThreadCpuTime() - start) * 1e-9);
            }
            ratios[round] = rates[1][round] / rates[0][round];
            System.out.printf("round %2d: A %,8.0f  B %,8.0f  B/A %.3f%n", round, rates[0][round], rates[1][round],
                    ratios[round]);
        }
        for (int b = 0; b < 2; b++) {
            Arrays.sort(rates[b]);
            System.out.printf("%s: median %,8.0f candidates per CPU second (%,.0f .. %,.0f)%n", builds.get(b).name(),
                    rates[b][rounds / 2], rates[b][0], rates[b][rounds - 1]);
        }
        Arrays.sort(ratios);
        System.out.printf("B / A: median %.3f (%.3f .. %.3f) over %d rounds%n", ratios[rounds / 2], ratios[0],
                ratios[rounds - 1], rounds);
    }
}
